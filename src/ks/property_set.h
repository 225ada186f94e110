// SPDX-License-Identifier: MIT
// The property engine: one declarative lookup over automation tables that serves IOCTL_KS_PROPERTY for every KS object.
#pragma once

/*
 * Every KS object (filter, pin, clock, allocator, topology node) answers
 * IOCTL_KS_PROPERTY from automation tables: the framework's own table first,
 * then the minidriver's.  handleProperty() is the one function that reads a
 * request, finds the item and either answers it (SETSUPPORT, BASICSUPPORT,
 * DEFAULTVALUES, RELATIONS) or calls the item's handler (GET, SET):
 *
 *   const KSAUTOMATION_TABLE* tables[] = {&kPinFrameworkTable, descriptor->AutomationTable};
 *   NTSTATUS s = handleProperty(irp, AutomationView{tables, 2});
 *   irp->IoStatus.Status = s;      // the engine set Information
 *   IoCompleteRequest(irp, IO_NO_INCREMENT);
 *
 * Request rules (ks-spec §9, checklist items 44-47; each is a status, never a crash):
 *   - InputBufferLength < sizeof(KSPROPERTY) (24): STATUS_INVALID_BUFFER_SIZE (item 47).
 *     A null input with a longer length, or a null output with a non-zero
 *     OutputBufferLength: STATUS_INVALID_PARAMETER (Windows would fault on the
 *     probe; there is nothing to probe here, so the descriptor is refused).
 *   - Flags must name exactly one request type (GET, SET, SETSUPPORT,
 *     BASICSUPPORT, DEFAULTVALUES, RELATIONS), optionally with TOPOLOGY and
 *     HIGHPRIORITY; anything else is STATUS_INVALID_PARAMETER.  The
 *     serialization types and GETPAYLOADSIZE are STATUS_NOT_SUPPORTED (no
 *     client sends them; see the report of issue 3).
 *   - TOPOLOGY: the input must hold a KSP_NODE (32 bytes), else
 *     STATUS_BUFFER_TOO_SMALL.  The node id is passed through untouched; the
 *     object that owns the tables routes node properties.
 *   - Unknown set: STATUS_PROPSET_NOT_FOUND; known set, unknown id:
 *     STATUS_NOT_FOUND (item 44).  Never STATUS_BUFFER_OVERFLOW.
 *   - Input shorter than the item's MinProperty: STATUS_BUFFER_TOO_SMALL.  A
 *     longer input is always accepted (PIN_CTYPES arrives as a KSPROPERTY and
 *     as a KSP_PIN, clients.md §1.2).
 *   - GET/SET with no handler for that direction: STATUS_INVALID_DEVICE_REQUEST
 *     (ReactOS answers success with no data; ks-spec §13).
 *   - GET/SET with OutputBufferLength < MinData (MinData > 0):
 *     STATUS_BUFFER_TOO_SMALL with Information = MinData (item 35).  MinData 0
 *     marks a variable-size value: the handler runs the size protocol itself,
 *     usually through answerVariable() or answerMultipleItem().
 *   - SET carries its value in the OUTPUT buffer (the KS convention).
 *   - SETSUPPORT, Set = GUID_NULL: every set of every table (deduplicated, in
 *     order of first appearance) as a GUID array with the answerVariable()
 *     protocol (item 45).  SETSUPPORT on a concrete set: STATUS_SUCCESS if any
 *     table has it, else STATUS_PROPSET_NOT_FOUND.
 *   - BASICSUPPORT (item 46) and DEFAULTVALUES: the item's SupportHandler when
 *     it has one; otherwise built from the item: OutputBufferLength 0 ->
 *     STATUS_BUFFER_OVERFLOW with Information = the full description size;
 *     1..3 -> STATUS_BUFFER_TOO_SMALL (same Information); 4..39 -> the ULONG
 *     access flags (KSPROPERTY_TYPE_GET/SET by handler presence); 40 up to
 *     less than the full size -> the KSPROPERTY_DESCRIPTION alone
 *     (DescriptionSize tells the caller how much to ask for); the full size
 *     or more -> the description followed by a KSPROPERTY_MEMBERSHEADER and
 *     the member bytes of every members list of the item's KSPROPERTY_VALUES.
 *     DEFAULTVALUES keeps only the lists flagged KSPROPERTY_MEMBER_FLAG_DEFAULT.
 *     Without Values, PropTypeSet is {KSPROPTYPESETID_General, 0 (VT_EMPTY), 0}.
 *   - RELATIONS: the item's Relations as a KSMULTIPLE_ITEM of KSPROPERTY
 *     (answerMultipleItem() protocol).
 *
 * Calling handlers: Request points at the property (the input), Data at the
 * value buffer (the output).  Both are 8-byte aligned: a misaligned caller
 * buffer is copied into an aligned bounce buffer for the call (and the
 * output copied back), as ks.sys captures user buffers.  During the call
 * Irp->AssociatedIrp.SystemBuffer points at that same Data buffer (the
 * Windows convention KsHandleSizedListQuery and KsPinPropertyHandler rely
 * on); the engine restores it afterwards.  KSPROPERTY_SET_IRP_STORAGE and
 * KSPROPERTY_ITEM_IRP_STORAGE hold the matched set and item.
 *   Information: a GET handler starts with Information = MinData (so a
 *   fixed-size handler need not set it); a SET handler starts with 0.  On a
 *   success status Information is clamped to OutputBufferLength; on an error
 *   other than STATUS_BUFFER_TOO_SMALL it is reset to 0.
 *   A handler may return STATUS_PENDING only when the engine did not bounce
 *   (8-byte-aligned caller buffers, which every transport delivers); a
 *   bounced request that pends keeps its bounce buffer alive forever and is
 *   never copied back.
 *
 * Threads: handleProperty runs on the thread dispatching the request, holds
 * no lock and calls handlers directly; the tables must stay valid for the
 * call.  answer*() and MultipleItemBuilder are pure.
 */

#include <openks/driver.h>
#include <openks/ks.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace openks::ks {

// Tables in priority order: a later table's item overrides an earlier table's
// item with the same set and id (the framework's tables first, the
// minidriver's last).  Null entries are skipped.  Borrowed for the call.
struct AutomationView {
    const KSAUTOMATION_TABLE* const* tables;
    size_t count;
};

// Serves one IOCTL_KS_PROPERTY IRP: reads the KSPROPERTY (Type3InputBuffer /
// InputBufferLength) and the value buffer (UserBuffer / OutputBufferLength),
// routes it, and returns the status with Irp->IoStatus.Information set.
// Never completes the IRP.  Statuses: see the file comment, plus whatever a
// handler returns.  Any thread; PASSIVE_LEVEL semantics (handlers may block).
[[nodiscard]] NTSTATUS handleProperty(PIRP irp, const AutomationView& automation);

// Variable-size answers, shared by every handler that returns a list or a
// variable struct.  `out`/`outLen` are the value buffer; Information is set.
//
// KSMULTIPLE_ITEM-shaped data (`item` starts with {Size, Count}, `size` >= 8):
//   outLen 0 -> STATUS_BUFFER_OVERFLOW, Information = size;
//   outLen 1..3 -> STATUS_BUFFER_TOO_SMALL, Information = size;
//   outLen 4..7 -> Size only (STATUS_SUCCESS, Information 4);
//   outLen 8 (< size) -> Size and Count (STATUS_SUCCESS, Information 8);
//   outLen >= size -> the whole item (STATUS_SUCCESS, Information = size);
//   otherwise -> STATUS_BUFFER_TOO_SMALL, Information = size (item 41).
// `size` < 8, a null `item`, or a null `out` with outLen > 0: STATUS_INVALID_PARAMETER.
[[nodiscard]] NTSTATUS answerMultipleItem(PIRP irp, void* out, ULONG outLen, const void* item, ULONG size);

// Other variable-size data (strings, one KSDATAFORMAT, GUID arrays):
//   size 0 -> STATUS_SUCCESS, Information 0;
//   outLen 0 -> STATUS_BUFFER_OVERFLOW, Information = size;
//   outLen < size -> STATUS_BUFFER_TOO_SMALL, Information = size;
//   otherwise -> copy, STATUS_SUCCESS, Information = size.
// A null `data` with size > 0, or a null `out` with outLen > 0: STATUS_INVALID_PARAMETER.
[[nodiscard]] NTSTATUS answerVariable(PIRP irp, void* out, ULONG outLen, const void* data, ULONG size);

// KsHandleSizedListQuery's answer without building the item first: a
// KSMULTIPLE_ITEM {8 + count * itemSize, count} followed by the `count`
// items of `itemSize` bytes each, contiguous as given, with the
// answerMultipleItem() tiers.  More than 4 GiB of items: STATUS_INVALID_PARAMETER.
[[nodiscard]] NTSTATUS answerSizedList(PIRP irp, void* out, ULONG outLen, ULONG count, ULONG itemSize,
                                       const void* items);

// Builds a KSMULTIPLE_ITEM list: {Size, Count} then entries, each starting on
// an 8-byte boundary and padded with zeros to one (KSPROPERTY_PIN_DATARANGES
// layout, items 38-40; Size covers the padding of the last entry too).
// Allocates on the control path only.  Not thread-safe; one owner.
//
//   MultipleItemBuilder list;
//   for (const KSDATARANGE* r : ranges) list.append(r, r->FormatSize);
//   return list.answer(irp, data, outLen);
class MultipleItemBuilder {
public:
    // An empty list: Size 8, Count 0.
    MultipleItemBuilder();

    // Appends one entry of `size` bytes (copied; null data with size 0 is an
    // empty entry).  Returns false, and leaves the list unchanged, when the
    // list would pass 4 GiB.
    bool append(const void* data, ULONG size);
    // Appends `count` entries of `itemSize` bytes each, each padded to 8.
    bool appendArray(const void* items, ULONG count, ULONG itemSize);

    ULONG count() const noexcept { return count_; }
    // KSMULTIPLE_ITEM.Size: header plus every padded entry.
    ULONG size() const noexcept { return size_; }
    // The finished list (8-byte aligned, size() bytes).  Valid until the next append.
    const void* data() const noexcept { return storage_.data(); }
    std::span<const std::byte> bytes() const noexcept
    {
        return {reinterpret_cast<const std::byte*>(storage_.data()), size_};
    }

    // answerMultipleItem() over this list.
    [[nodiscard]] NTSTATUS answer(PIRP irp, void* out, ULONG outLen) const;

private:
    std::vector<std::uint64_t> storage_;
    ULONG size_ = 0;
    ULONG count_ = 0;
};

// Rounds up to a multiple of 8 in 64 bits (no wrap).
constexpr ULONGLONG alignUp8(ULONGLONG n) noexcept
{
    return (n + 7) & ~ULONGLONG{7};
}

// ---------------------------------------------------------------------------
// Lookup over automation tables, shared by the property, method and event
// engines (and by the AVStream layer when it needs an item without a request).

namespace detail {

// How to walk one kind of automation set.
template <typename SetT>
struct AutomationKind;

template <>
struct AutomationKind<KSPROPERTY_SET> {
    using Set = KSPROPERTY_SET;
    using Item = KSPROPERTY_ITEM;
    static ULONG setCount(const KSAUTOMATION_TABLE& t) { return t.PropertySetsCount; }
    static const Set* sets(const KSAUTOMATION_TABLE& t) { return t.PropertySets; }
    static ULONG itemSize(const KSAUTOMATION_TABLE& t) { return t.PropertyItemSize; }
    static ULONG itemCount(const Set& s) { return s.PropertiesCount; }
    static const Item* items(const Set& s) { return s.PropertyItem; }
    static ULONG id(const Item& i) { return i.PropertyId; }
};

template <>
struct AutomationKind<KSMETHOD_SET> {
    using Set = KSMETHOD_SET;
    using Item = KSMETHOD_ITEM;
    static ULONG setCount(const KSAUTOMATION_TABLE& t) { return t.MethodSetsCount; }
    static const Set* sets(const KSAUTOMATION_TABLE& t) { return t.MethodSets; }
    static ULONG itemSize(const KSAUTOMATION_TABLE& t) { return t.MethodItemSize; }
    static ULONG itemCount(const Set& s) { return s.MethodsCount; }
    static const Item* items(const Set& s) { return s.MethodItem; }
    static ULONG id(const Item& i) { return i.MethodId; }
};

template <>
struct AutomationKind<KSEVENT_SET> {
    using Set = KSEVENT_SET;
    using Item = KSEVENT_ITEM;
    static ULONG setCount(const KSAUTOMATION_TABLE& t) { return t.EventSetsCount; }
    static const Set* sets(const KSAUTOMATION_TABLE& t) { return t.EventSets; }
    static ULONG itemSize(const KSAUTOMATION_TABLE& t) { return t.EventItemSize; }
    static ULONG itemCount(const Set& s) { return s.EventsCount; }
    static const Item* items(const Set& s) { return s.EventItem; }
    static ULONG id(const Item& i) { return i.EventId; }
};

// The item stride of a table: its declared item size, never less than the
// item struct (0, the value of a zero-initialised table, means the struct).
template <typename SetT>
size_t itemStride(const KSAUTOMATION_TABLE& table)
{
    using K = AutomationKind<SetT>;
    const size_t declared = K::itemSize(table);
    return declared < sizeof(typename K::Item) ? sizeof(typename K::Item) : declared;
}

template <typename SetT>
const typename AutomationKind<SetT>::Item* itemAt(const SetT& set, size_t stride, ULONG index)
{
    const auto* base = reinterpret_cast<const std::byte*>(AutomationKind<SetT>::items(set));
    return reinterpret_cast<const typename AutomationKind<SetT>::Item*>(base + stride * index);
}

template <typename SetT>
bool setMatches(const SetT& set, const GUID& guid)
{
    return set.Set != nullptr && IsEqualGUID(*set.Set, guid);
}

// The METHOD_NEITHER buffers of a KS request (property, method or event).
struct RequestBuffers {
    const void* input = nullptr;  // Type3InputBuffer
    ULONG inputLength = 0;        // InputBufferLength
    void* output = nullptr;       // UserBuffer
    ULONG outputLength = 0;       // OutputBufferLength
};

// Reads the current stack location's buffers and applies the rules every
// KS identifier request shares: inputLength < sizeof(KSIDENTIFIER) ->
// STATUS_INVALID_BUFFER_SIZE; null input, or null output with a non-zero
// length -> STATUS_INVALID_PARAMETER.  Sets Information to 0.
[[nodiscard]] NTSTATUS readIdentifierRequest(PIRP irp, RequestBuffers* buffers, KSIDENTIFIER* identifier);

// Presents a request to a handler with 8-byte-aligned Request and Data
// pointers (bouncing misaligned caller buffers), points
// Irp->AssociatedIrp.SystemBuffer at Data for the call, and afterwards
// copies a bounced output back (unless the handler failed) and restores
// SystemBuffer (unless it pended).  See the file comment for STATUS_PENDING.
[[nodiscard]] NTSTATUS callItemHandler(PIRP irp, PFNKSHANDLER handler, const RequestBuffers& buffers);

}  // namespace detail

// The item that serves (set, id), and the set that holds it.
template <typename SetT>
struct AutomationMatch {
    const SetT* set = nullptr;
    const typename detail::AutomationKind<SetT>::Item* item = nullptr;
};

// True if any table of the view declares `guid` as a set of this kind.
template <typename SetT>
bool hasAutomationSet(const AutomationView& view, const GUID& guid)
{
    using K = detail::AutomationKind<SetT>;
    for (size_t t = 0; t < view.count; ++t) {
        const KSAUTOMATION_TABLE* table = view.tables[t];
        if (table == nullptr || K::sets(*table) == nullptr) {
            continue;
        }
        for (ULONG s = 0; s < K::setCount(*table); ++s) {
            if (detail::setMatches(K::sets(*table)[s], guid)) {
                return true;
            }
        }
    }
    return false;
}

// The item for (set, id): the last match in table order wins (the minidriver
// overrides the framework).  {nullptr, nullptr} if none.
template <typename SetT>
AutomationMatch<SetT> findAutomationItem(const AutomationView& view, const GUID& guid, ULONG id)
{
    using K = detail::AutomationKind<SetT>;
    for (size_t t = view.count; t-- > 0;) {
        const KSAUTOMATION_TABLE* table = view.tables[t];
        if (table == nullptr || K::sets(*table) == nullptr) {
            continue;
        }
        const size_t stride = detail::itemStride<SetT>(*table);
        for (ULONG s = K::setCount(*table); s-- > 0;) {
            const SetT& set = K::sets(*table)[s];
            if (!detail::setMatches(set, guid) || K::items(set) == nullptr) {
                continue;
            }
            for (ULONG i = K::itemCount(set); i-- > 0;) {
                const auto* item = detail::itemAt(set, stride, i);
                if (K::id(*item) == id) {
                    return {&set, item};
                }
            }
        }
    }
    return {};
}

// Every set GUID of this kind across the view, deduplicated, in order of first appearance.
template <typename SetT>
std::vector<GUID> automationSetGuids(const AutomationView& view)
{
    using K = detail::AutomationKind<SetT>;
    std::vector<GUID> guids;
    for (size_t t = 0; t < view.count; ++t) {
        const KSAUTOMATION_TABLE* table = view.tables[t];
        if (table == nullptr || K::sets(*table) == nullptr) {
            continue;
        }
        for (ULONG s = 0; s < K::setCount(*table); ++s) {
            const SetT& set = K::sets(*table)[s];
            if (set.Set == nullptr) {
                continue;
            }
            bool seen = false;
            for (const GUID& g : guids) {
                seen = seen || IsEqualGUID(g, *set.Set);
            }
            if (!seen) {
                guids.push_back(*set.Set);
            }
        }
    }
    return guids;
}

// SETSUPPORT, shared by properties, methods and events: Set = GUID_NULL ->
// the GUID list (answerVariable protocol); a concrete set -> STATUS_SUCCESS
// or STATUS_PROPSET_NOT_FOUND (Information 0).
template <typename SetT>
[[nodiscard]] NTSTATUS answerSetSupport(PIRP irp, const AutomationView& view, const GUID& set, void* out, ULONG outLen)
{
    irp->IoStatus.Information = 0;
    if (!IsEqualGUID(set, GUID_NULL)) {
        return hasAutomationSet<SetT>(view, set) ? STATUS_SUCCESS : STATUS_PROPSET_NOT_FOUND;
    }
    const std::vector<GUID> guids = automationSetGuids<SetT>(view);
    return answerVariable(irp, out, outLen, guids.data(), ULONG(guids.size() * sizeof(GUID)));
}

}  // namespace openks::ks
