// SPDX-License-Identifier: MIT
// Named GUIDs are const GUID lvalues and compare by value.
#include <gtest/gtest.h>
#include <openks/ks/guid.h>

#define STATIC_OPENKS_TEST_GUID 0x1234abcdL, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa
DEFINE_GUIDSTRUCT("1234abcd-1111-2222-3344-5566778899aa", OPENKS_TEST_GUID);
#define OPENKS_TEST_GUID DEFINE_GUIDNAMED(OPENKS_TEST_GUID)

TEST(Guid, NamedGuidIsLvalueWithItsValue)
{
    const GUID& g = OPENKS_TEST_GUID;
    EXPECT_EQ(g.Data1, 0x1234abcdu);
    EXPECT_EQ(g.Data4[7], 0xaa);
    const GUID copy = {STATICGUIDOF(OPENKS_TEST_GUID)};
    EXPECT_TRUE(IsEqualGUID(copy, OPENKS_TEST_GUID));
    EXPECT_FALSE(IsEqualGUID(GUID_NULL, OPENKS_TEST_GUID));
}
