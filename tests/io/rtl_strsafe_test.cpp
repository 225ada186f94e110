// SPDX-License-Identifier: MIT
// <ntstrsafe.h> (bounded copy, cat, length, the kernel printf subset), DbgPrint output, and the runtime's exports.
#include <dlfcn.h>
#include <openks/compat/ntstrsafe.h>
#include <openks/ks/wdm.h>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::u16string wide(const WCHAR* text)
{
    return std::u16string(text);
}

TEST(StringPrintf, WideFormatsTheDocumentedSubset)
{
    WCHAR buffer[96];
    NTSTATUS status = RtlStringCbPrintfW(buffer, sizeof buffer, u"%s=%d %S %ls %ws 0x%x %I64d %p %u%%", u"pin", -5,
                                         "narrow", u"wide", u"also", 0xbeefu, static_cast<LONGLONG>(-1234567890123),
                                         reinterpret_cast<void*>(0x1234), 4000000000u);
    EXPECT_EQ(status, STATUS_SUCCESS);
    EXPECT_EQ(wide(buffer), u"pin=-5 narrow wide also 0xbeef -1234567890123 0000000000001234 4000000000%");

    UNICODE_STRING name;
    RtlInitUnicodeString(&name, u"caf\u00e9");
    EXPECT_EQ(RtlStringCchPrintfW(buffer, 96, u"[%wZ] [%-4d] [%04X] [%.2s] [%c%C]", &name, 7, 0x2a, u"abc", u'w', 'n'),
              STATUS_SUCCESS);
    EXPECT_EQ(wide(buffer), u"[caf\u00e9] [7   ] [002A] [ab] [wn]");
    EXPECT_EQ(RtlStringCbPrintfW(buffer, sizeof buffer, u"%S|%s", "caf\xc3\xa9", static_cast<const WCHAR*>(nullptr)),
              STATUS_SUCCESS);
    EXPECT_EQ(wide(buffer), u"caf\u00e9|(null)");
    // l is 32 bits, as on Windows (a LONG argument).
    EXPECT_EQ(RtlStringCbPrintfW(buffer, sizeof buffer, u"%ld %lu %lx", LONG{-1}, ULONG{0xffffffffu}, ULONG{255}),
              STATUS_SUCCESS);
    EXPECT_EQ(wide(buffer), u"-1 4294967295 ff");
}

TEST(StringPrintf, TruncatesWithBufferOverflow)
{
    WCHAR small[8];
    EXPECT_EQ(RtlStringCbPrintfW(small, sizeof small, u"%s", u"0123456789"), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(wide(small), u"0123456");
    EXPECT_EQ(RtlStringCbPrintfW(small, 7, u"%d", 123456), STATUS_BUFFER_OVERFLOW);  // 7 bytes hold 3 WCHARs
    EXPECT_EQ(wide(small), u"12");
    EXPECT_EQ(RtlStringCbPrintfW(small, 0, u"x"), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCchPrintfW(small, size_t{NTSTRSAFE_MAX_CCH} + 1, u"x"), STATUS_INVALID_PARAMETER);

    char narrow[6];
    EXPECT_EQ(RtlStringCbPrintfA(narrow, sizeof narrow, "%s-%ws", "ab", u"cdef"), STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(narrow, "ab-cd");
    EXPECT_EQ(RtlStringCchPrintfA(narrow, sizeof narrow, "%I64u", ULONGLONG{42}), STATUS_SUCCESS);
    EXPECT_STREQ(narrow, "42");
}

TEST(StringCopy, CopyCatAndLength)
{
    WCHAR buffer[8];
    EXPECT_EQ(RtlStringCbCopyW(buffer, sizeof buffer, u"abc"), STATUS_SUCCESS);
    EXPECT_EQ(wide(buffer), u"abc");
    EXPECT_EQ(RtlStringCchCatW(buffer, 8, u"defgh"), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(wide(buffer), u"abcdefg");
    size_t length = 99;
    EXPECT_EQ(RtlStringCbLengthW(buffer, sizeof buffer, &length), STATUS_SUCCESS);
    EXPECT_EQ(length, 7 * sizeof(WCHAR));
    EXPECT_EQ(RtlStringCchLengthW(buffer, 7, &length), STATUS_INVALID_PARAMETER);  // no NUL within 7
    EXPECT_EQ(length, 0u);
    EXPECT_EQ(RtlStringCchCopyW(buffer, 3, u"xyz"), STATUS_BUFFER_OVERFLOW);
    EXPECT_EQ(wide(buffer), u"xy");

    char text[4];
    EXPECT_EQ(RtlStringCchCopyA(text, sizeof text, "abcd"), STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(text, "abc");
    EXPECT_EQ(RtlStringCbCatA(text, sizeof text, "x"), STATUS_BUFFER_OVERFLOW);
    EXPECT_STREQ(text, "abc");
    EXPECT_EQ(RtlStringCbCopyA(text, sizeof text, "a"), STATUS_SUCCESS);
    EXPECT_EQ(RtlStringCbCatA(text, sizeof text, "b"), STATUS_SUCCESS);
    EXPECT_STREQ(text, "ab");
    EXPECT_EQ(RtlStringCbLengthA(text, sizeof text, &length), STATUS_SUCCESS);
    EXPECT_EQ(length, 2u);
    EXPECT_EQ(RtlStringCbLengthA(nullptr, 4, &length), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(RtlStringCbCopyA(text, 0, "a"), STATUS_INVALID_PARAMETER);
}

TEST(DbgPrint, WritesKernelFormatsToStderr)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, u"pin0");
    testing::internal::CaptureStderr();
    DbgPrint("dbg %wZ %ws %I64x %d\n", &name, u"w\u00e9", ULONGLONG{0xabc}, 3);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "error %u\n", 1u);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL + 1, "hidden\n");  // above the default threshold
    std::string output = testing::internal::GetCapturedStderr();
    EXPECT_EQ(output, "dbg pin0 w\xc3\xa9 abc 3\nerror 1\n");
}

// Every function <openks/ks/wdm_runtime.h> and <ntstrsafe.h> declare is exported by libopenks.so.
std::set<std::string> declaredFunctions(const std::string& path)
{
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    std::stringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    std::set<std::string> names;
    const std::regex declaration(R"((?:NTAPI|^ULONG)\s+([A-Za-z_]\w*)\s*\()", std::regex::multiline);
    for (auto it = std::sregex_iterator(all.begin(), all.end(), declaration); it != std::sregex_iterator(); ++it)
        names.insert((*it)[1]);
    return names;
}

TEST(RuntimeExports, EveryDeclaredFunctionIsExported)
{
    void* lib = dlopen("libopenks.so.0", RTLD_NOW | RTLD_GLOBAL);
    ASSERT_NE(lib, nullptr) << dlerror();
    ASSERT_EQ(dlsym(lib, "KeNoSuchRoutine"), nullptr);
    std::set<std::string> names;
    for (const char* header : {"/include/openks/ks/wdm_runtime.h", "/include/openks/compat/ntstrsafe.h"})
        names.merge(declaredFunctions(std::string(OPENKS_SOURCE_DIR) + header));
    for (const std::string& name : names)
        EXPECT_NE(dlsym(lib, name.c_str()), nullptr) << name << " is declared but not exported";
    // The parse found the declarations (both forms, both headers).
    EXPECT_GE(names.size(), 100u);
    for (const char* name : {"KeSetTimerEx", "DbgPrint", "DbgPrintEx", "RtlStringCbPrintfW", "ExAllocatePool2"})
        EXPECT_EQ(names.count(name), 1u) << name;
    EXPECT_NE(dlsym(lib, "KeWaitForSingleObject"), nullptr);
    EXPECT_NE(dlsym(lib, "PsThreadType"), nullptr);
}

}  // namespace
