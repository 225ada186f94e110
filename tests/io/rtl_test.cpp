// SPDX-License-Identifier: MIT
// Tests of the run-time library, pool and clock functions and the UTF-16 helpers.
#include <gtest/gtest.h>

#include <cstring>
#include <ctime>

#include "io/strings.h"

namespace openks::io {
namespace {

constexpr GUID kPin = {0x146F1A80, 0x4791, 0x11D0, {0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00}};

TEST(Rtl, InitUnicodeStringCountsBytes)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, u"tone");
    EXPECT_EQ(s.Length, 8);
    EXPECT_EQ(s.MaximumLength, 10);
    EXPECT_EQ(view(s), u"tone");
    RtlInitUnicodeString(&s, nullptr);
    EXPECT_EQ(s.Length, 0);
    EXPECT_EQ(s.MaximumLength, 0);
    EXPECT_EQ(s.Buffer, nullptr);
    RtlInitUnicodeString(nullptr, u"x");  // no crash
}

TEST(Rtl, EqualUnicodeStringFoldsAsciiCaseOnRequest)
{
    UNICODE_STRING a;
    UNICODE_STRING b;
    RtlInitUnicodeString(&a, u"\\Device\\Tone");
    RtlInitUnicodeString(&b, u"\\device\\TONE");
    EXPECT_TRUE(RtlEqualUnicodeString(&a, &b, TRUE));
    EXPECT_FALSE(RtlEqualUnicodeString(&a, &b, FALSE));
    EXPECT_TRUE(RtlEqualUnicodeString(&a, &a, FALSE));
    RtlInitUnicodeString(&b, u"\\device\\TONES");
    EXPECT_FALSE(RtlEqualUnicodeString(&a, &b, TRUE));
    EXPECT_FALSE(RtlEqualUnicodeString(&a, nullptr, TRUE));
}

TEST(Rtl, GuidStringsRoundTrip)
{
    UNICODE_STRING text{};
    ASSERT_EQ(RtlStringFromGUID(kPin, &text), STATUS_SUCCESS);
    EXPECT_EQ(view(text), u"{146F1A80-4791-11D0-A5D6-28DB04C10000}");
    EXPECT_EQ(text.Length, 76);
    EXPECT_EQ(text.MaximumLength, 78);
    EXPECT_EQ(text.Buffer[38], 0);
    GUID parsed{};
    ASSERT_EQ(RtlGUIDFromString(&text, &parsed), STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(parsed, kPin));
    RtlFreeUnicodeString(&text);
    EXPECT_EQ(text.Buffer, nullptr);
    EXPECT_EQ(text.Length, 0);
    UNICODE_STRING lower;
    RtlInitUnicodeString(&lower, u"{146f1a80-4791-11d0-a5d6-28db04c10000}");
    ASSERT_EQ(RtlGUIDFromString(&lower, &parsed), STATUS_SUCCESS);
    EXPECT_TRUE(IsEqualGUID(parsed, kPin));
    EXPECT_EQ(guidToString(kPin, false), u"{146f1a80-4791-11d0-a5d6-28db04c10000}");
}

TEST(Rtl, MalformedGuidStringsAreRejected)
{
    const char16_t* bad[] = {u"",
                             u"146F1A80-4791-11D0-A5D6-28DB04C10000",
                             u"{146F1A80-4791-11D0-A5D6-28DB04C1000}",
                             u"{146F1A80-4791-11D0-A5D6-28DB04C1000G}",
                             u"{146F1A80+4791-11D0-A5D6-28DB04C10000}",
                             u"(146F1A80-4791-11D0-A5D6-28DB04C10000)",
                             u"{146F1A80-4791-11D0-A5D6-28DB04C10000}x"};
    for (const char16_t* text : bad) {
        UNICODE_STRING s;
        RtlInitUnicodeString(&s, text);
        GUID g{};
        EXPECT_EQ(RtlGUIDFromString(&s, &g), STATUS_INVALID_PARAMETER) << narrow(text);
    }
    GUID g;
    EXPECT_EQ(RtlGUIDFromString(nullptr, &g), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringFromGUID(kPin, nullptr), STATUS_INVALID_PARAMETER);
    RtlFreeUnicodeString(nullptr);
}

TEST(Rtl, Utf8AndUtf16Convert)
{
    EXPECT_EQ(widen("\\\\?\\openks#tone"), u"\\\\?\\openks#tone");
    EXPECT_EQ(widen("caf\xc3\xa9 \xf0\x9f\x8e\xb5"), u"caf\u00e9 \U0001F3B5");
    EXPECT_EQ(narrow(u"caf\u00e9 \U0001F3B5"), "caf\xc3\xa9 \xf0\x9f\x8e\xb5");
    EXPECT_EQ(widen("\xff"), u"\ufffd");
    EXPECT_EQ(widen("\xc3"), u"\ufffd");
    EXPECT_EQ(widen("\xc0\x80"), u"\ufffd\ufffd");  // overlong
    EXPECT_EQ(narrow(std::u16string(1, char16_t(0xd800))), "\xef\xbf\xbd");
    EXPECT_TRUE(equalNoCase(u"ABC#{x}", u"abc#{X}"));
    EXPECT_FALSE(equalNoCase(u"abc", u"abd"));
    EXPECT_EQ(lowerCase(u"\\Device\\TONE"), u"\\device\\tone");
}

TEST(Kernel, SystemTimeCountsFrom1601)
{
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    LONGLONG unixSeconds = (now.QuadPart - 116444736000000000LL) / 10000000;
    EXPECT_LE(std::llabs(unixSeconds - static_cast<LONGLONG>(std::time(nullptr))), 2);
    KeQuerySystemTime(nullptr);
}

TEST(Kernel, InterruptTimeAndPerformanceCounterAreMonotonic)
{
    ULONGLONG a = KeQueryInterruptTime();
    LARGE_INTEGER frequency;
    LARGE_INTEGER c1 = KeQueryPerformanceCounter(&frequency);
    ULONGLONG b = KeQueryInterruptTime();
    LARGE_INTEGER c2 = KeQueryPerformanceCounter(nullptr);
    EXPECT_LE(a, b);
    EXPECT_LE(c1.QuadPart, c2.QuadPart);
    EXPECT_EQ(frequency.QuadPart, 10000000);
    EXPECT_GT(a, 0u);
}

TEST(Kernel, PoolAllocationsAreAlignedAndFreeable)
{
    for (SIZE_T size : {SIZE_T{0}, SIZE_T{1}, SIZE_T{56}, SIZE_T{4096}}) {
        void* p = ExAllocatePoolWithTag(NonPagedPoolNx, size, 0x6f736b73);
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u);
        std::memset(p, 0xab, size);
        ExFreePoolWithTag(p, 0x6f736b73);
    }
    void* p = ExAllocatePool(PagedPool, 10);
    ASSERT_NE(p, nullptr);
    ExFreePool(p);
    ExFreePool(nullptr);
}

TEST(KernelDeathTest, KeBugCheckExNamesTheCheckAndStops)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, 1, 2, 3, 4), "0x00000044 MULTIPLE_IRP_COMPLETE_REQUESTS");
}

}  // namespace
}  // namespace openks::io
