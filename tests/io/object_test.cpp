// SPDX-License-Identifier: MIT
// Tests of the object manager: headers, reference counts, delete procedures, file CLOSE on last reference.
#include "io/object.h"

#include <gtest/gtest.h>

#include <cstring>

#include "io/file.h"
#include "test_driver.h"

namespace openks::io {
namespace {

using test::TestDevice;

int gDeletes = 0;
void* gDeletedBody = nullptr;
void recordDelete(void* body)
{
    ++gDeletes;
    gDeletedBody = body;
}
_OBJECT_TYPE gRecordingType = {"Recording", nullptr, recordDelete, 0, 0, 0, 0};

TEST(Object, CreateGivesAZeroedAlignedBodyWithOneReference)
{
    void* body = nullptr;
    ASSERT_EQ(createObject(&gRecordingType, 100, &body), STATUS_SUCCESS);
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(body) % 16, 0u);
    unsigned char zeros[100] = {};
    EXPECT_EQ(std::memcmp(body, zeros, sizeof(zeros)), 0);
    EXPECT_EQ(objectType(body), &gRecordingType);
    EXPECT_EQ(objectPointerCount(body), 1);
    EXPECT_EQ(objectHandleCount(body), 0);
    gDeletes = 0;
    ObDereferenceObject(body);
    EXPECT_EQ(gDeletes, 1);
    EXPECT_EQ(gDeletedBody, body);
}

TEST(Object, TheDeleteProcedureRunsWhenTheLastReferenceGoes)
{
    void* body;
    ASSERT_EQ(createObject(&gRecordingType, 8, &body), STATUS_SUCCESS);
    gDeletes = 0;
    EXPECT_EQ(ObfReferenceObject(body), 2);
    EXPECT_EQ(ObfReferenceObject(body), 3);
    EXPECT_EQ(ObfDereferenceObject(body), 2);
    EXPECT_EQ(ObfDereferenceObject(body), 1);
    EXPECT_EQ(gDeletes, 0);
    EXPECT_EQ(ObfDereferenceObject(body), 0);
    EXPECT_EQ(gDeletes, 1);
}

TEST(Object, CreateRejectsBadArguments)
{
    void* body = nullptr;
    EXPECT_EQ(createObject(nullptr, 8, &body), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(createObject(&gRecordingType, 8, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(createObject(&gRecordingType, SIZE_MAX, &body), STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(body, nullptr);
}

TEST(Object, ObjectRefAdoptsSharesAndReleases)
{
    void* body;
    ASSERT_EQ(createObject(&gRecordingType, 8, &body), STATUS_SUCCESS);
    gDeletes = 0;
    {
        ObjectRef<void> owner = ObjectRef<void>::adopt(body);
        ObjectRef<void> shared = ObjectRef<void>::share(body);
        EXPECT_EQ(objectPointerCount(body), 2);
        ObjectRef<void> moved = std::move(shared);
        EXPECT_FALSE(shared);
        EXPECT_EQ(objectPointerCount(body), 2);
        void* released = moved.release();
        EXPECT_EQ(released, body);
        ObDereferenceObject(released);
        EXPECT_EQ(objectPointerCount(body), 1);
    }
    EXPECT_EQ(gDeletes, 1);
}

TEST(Object, GenericAccessMapsThroughTheType)
{
    EXPECT_EQ(mapGenericAccess(*IoFileObjectType, GENERIC_READ), static_cast<ACCESS_MASK>(FILE_GENERIC_READ));
    EXPECT_EQ(mapGenericAccess(*IoFileObjectType, GENERIC_WRITE), static_cast<ACCESS_MASK>(FILE_GENERIC_WRITE));
    EXPECT_EQ(mapGenericAccess(*IoFileObjectType, GENERIC_ALL), static_cast<ACCESS_MASK>(FILE_ALL_ACCESS));
    EXPECT_EQ(mapGenericAccess(*IoFileObjectType, FILE_READ_DATA | SYNCHRONIZE),
              static_cast<ACCESS_MASK>(FILE_READ_DATA | SYNCHRONIZE));
    EXPECT_EQ(mapGenericAccess(*ExEventObjectType, GENERIC_WRITE) & EVENT_MODIFY_STATE,
              static_cast<ACCESS_MASK>(EVENT_MODIFY_STATE));
}

TEST(Object, DereferencingAFileObjectToZeroSendsCleanupThenClose)
{
    TestDevice dev;
    std::u16string link = dev.publish(test::kTestCategory, u"ref");
    ObjectRef<FILE_OBJECT> file;
    ASSERT_EQ(openFile(systemRequestor(), link, GENERIC_READ, kOpenOverlapped, &file), STATUS_SUCCESS);
    PFILE_OBJECT raw = file.get();
    ObReferenceObject(raw);
    file.reset();
    EXPECT_EQ(dev.count(IRP_MJ_CLOSE), 0);
    ObDereferenceObject(raw);
    EXPECT_EQ(dev.log(), (std::vector<UCHAR>{IRP_MJ_CREATE, IRP_MJ_CLEANUP, IRP_MJ_CLOSE}));
}

TEST(ObjectDeathTest, ANonObjectPointerStopsTheProcess)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    alignas(16) static char notAnObject[64] = {};
    EXPECT_DEATH(ObfReferenceObject(notAnObject + 32), "REFERENCE_BY_POINTER");
}

}  // namespace
}  // namespace openks::io
