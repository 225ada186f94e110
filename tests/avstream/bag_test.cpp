// SPDX-License-Identifier: MIT
// Tests of object bags (shared items, KsEdit) and KsMergeAutomationTables.
#include <gtest/gtest.h>

#include <openks/driver.h>

#include <cstring>
#include <vector>

namespace {

std::vector<void*> gFreed;

void recordFree(PVOID item)
{
    gFreed.push_back(item);
    ExFreePool(item);
}

PVOID allocate(size_t size)
{
    return ExAllocatePoolWithTag(NonPagedPool, size, 0x74736554 /* 'Test' */);
}

class BagTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        gFreed.clear();
        ASSERT_EQ(KsAllocateObjectBag(nullptr, &a_), STATUS_SUCCESS);
        ASSERT_EQ(KsAllocateObjectBag(nullptr, &b_), STATUS_SUCCESS);
    }
    void TearDown() override
    {
        KsFreeObjectBag(a_);
        KsFreeObjectBag(b_);
    }
    KSOBJECT_BAG a_ = nullptr;
    KSOBJECT_BAG b_ = nullptr;
};

TEST_F(BagTest, ItemInTwoBagsIsFreedWhenItLeavesTheLast)
{
    PVOID item = allocate(32);
    ASSERT_EQ(KsAddItemToObjectBag(a_, item, recordFree), STATUS_SUCCESS);
    ASSERT_EQ(KsAddItemToObjectBag(b_, item, recordFree), STATUS_SUCCESS);
    EXPECT_EQ(KsRemoveItemFromObjectBag(a_, item, TRUE), 1u);
    EXPECT_TRUE(gFreed.empty());
    EXPECT_EQ(KsRemoveItemFromObjectBag(a_, item, TRUE), 0u);  // no longer in a_
    EXPECT_TRUE(gFreed.empty());
    EXPECT_EQ(KsRemoveItemFromObjectBag(b_, item, TRUE), 0u);
    ASSERT_EQ(gFreed.size(), 1u);
    EXPECT_EQ(gFreed.front(), item);
}

TEST_F(BagTest, FreeingABagFreesItsItemsOnce)
{
    PVOID first = allocate(8);
    PVOID second = allocate(8);
    ASSERT_EQ(KsAddItemToObjectBag(a_, first, recordFree), STATUS_SUCCESS);
    ASSERT_EQ(KsAddItemToObjectBag(a_, first, recordFree), STATUS_SUCCESS);  // adding twice changes nothing
    ASSERT_EQ(KsAddItemToObjectBag(a_, second, recordFree), STATUS_SUCCESS);
    ASSERT_EQ(KsCopyObjectBagItems(b_, a_), STATUS_SUCCESS);
    KsFreeObjectBag(a_);
    a_ = nullptr;
    EXPECT_TRUE(gFreed.empty());  // b_ still holds both
    KsFreeObjectBag(b_);
    b_ = nullptr;
    EXPECT_EQ(gFreed.size(), 2u);
    ASSERT_EQ(KsAllocateObjectBag(nullptr, &a_), STATUS_SUCCESS);
    ASSERT_EQ(KsAllocateObjectBag(nullptr, &b_), STATUS_SUCCESS);
}

TEST_F(BagTest, KsEditMakesABagOwnedCopyOnce)
{
    struct Descriptor {
        ULONG a;
        ULONG b;
    };
    static const Descriptor original = {1, 2};
    struct Object {
        KSOBJECT_BAG Bag;
    } object{a_};
    const Descriptor* pointer = &original;
    ASSERT_EQ(KsEdit(&object, &pointer, 0x65547374), STATUS_SUCCESS);
    ASSERT_NE(pointer, &original);
    EXPECT_EQ(pointer->a, 1u);
    EXPECT_EQ(pointer->b, 2u);
    const Descriptor* copy = pointer;
    ASSERT_EQ(KsEdit(&object, &pointer, 0x65547374), STATUS_SUCCESS);
    EXPECT_EQ(pointer, copy);  // already editable: unchanged

    const void* sized = pointer;
    ASSERT_EQ(KsEditSized(&object, &sized, 4 * sizeof(Descriptor), sizeof(Descriptor), 0x65547374), STATUS_SUCCESS);
    ASSERT_NE(sized, copy);
    const auto* grown = static_cast<const Descriptor*>(sized);
    EXPECT_EQ(grown[0].a, 1u);
    EXPECT_EQ(grown[3].b, 0u);  // the new tail is zeroed
}

NTSTATUS NTAPI handlerA(PIRP, PKSIDENTIFIER, PVOID)
{
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI handlerB(PIRP, PKSIDENTIFIER, PVOID)
{
    return STATUS_UNSUCCESSFUL;
}

TEST_F(BagTest, MergedAutomationTablePrefersTheFirstTable)
{
    const GUID shared = {0x11111111, 0, 0, {0, 0, 0, 0, 0, 0, 0, 1}};
    const GUID onlyB = {0x22222222, 0, 0, {0, 0, 0, 0, 0, 0, 0, 2}};
    KSPROPERTY_ITEM itemsA[2] = {};
    itemsA[0].PropertyId = 1;
    itemsA[0].GetPropertyHandler = handlerA;
    itemsA[1].PropertyId = 2;
    itemsA[1].GetPropertyHandler = handlerA;
    KSPROPERTY_ITEM itemsB[2] = {};
    itemsB[0].PropertyId = 2;
    itemsB[0].GetPropertyHandler = handlerB;
    itemsB[1].PropertyId = 3;
    itemsB[1].GetPropertyHandler = handlerB;
    KSPROPERTY_ITEM itemsB2[1] = {};
    itemsB2[0].PropertyId = 5;
    KSPROPERTY_SET setsA[1] = {};
    setsA[0].Set = &shared;
    setsA[0].PropertiesCount = 2;
    setsA[0].PropertyItem = itemsA;
    KSPROPERTY_SET setsB[2] = {};
    setsB[0].Set = &shared;
    setsB[0].PropertiesCount = 2;
    setsB[0].PropertyItem = itemsB;
    setsB[1].Set = &onlyB;
    setsB[1].PropertiesCount = 1;
    setsB[1].PropertyItem = itemsB2;
    KSAUTOMATION_TABLE a{};
    a.PropertySetsCount = 1;
    a.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
    a.PropertySets = setsA;
    KSAUTOMATION_TABLE b{};
    b.PropertySetsCount = 2;
    b.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
    b.PropertySets = setsB;

    PKSAUTOMATION_TABLE merged = nullptr;
    ASSERT_EQ(KsMergeAutomationTables(&merged, &a, &b, a_), STATUS_SUCCESS);
    ASSERT_NE(merged, nullptr);
    ASSERT_EQ(merged->PropertySetsCount, 2u);
    const KSPROPERTY_SET& first = merged->PropertySets[0];
    EXPECT_TRUE(IsEqualGUID(*first.Set, shared));
    ASSERT_EQ(first.PropertiesCount, 3u);
    auto itemAt = [&](const KSPROPERTY_SET& set, ULONG i) {
        return reinterpret_cast<const KSPROPERTY_ITEM*>(reinterpret_cast<const uint8_t*>(set.PropertyItem) +
                                                        i * merged->PropertyItemSize);
    };
    EXPECT_EQ(itemAt(first, 0)->PropertyId, 1u);
    EXPECT_EQ(itemAt(first, 1)->PropertyId, 2u);
    EXPECT_EQ(itemAt(first, 1)->GetPropertyHandler, &handlerA);  // A wins for (shared, 2)
    EXPECT_EQ(itemAt(first, 2)->PropertyId, 3u);
    const KSPROPERTY_SET& second = merged->PropertySets[1];
    EXPECT_TRUE(IsEqualGUID(*second.Set, onlyB));
    EXPECT_EQ(second.PropertiesCount, 1u);
    EXPECT_EQ(merged->MethodSetsCount, 0u);
    EXPECT_EQ(merged->EventSetsCount, 0u);
    // The merged table belongs to the bag: freeing the bag frees it (ASan checks the leak).
}

}  // namespace
