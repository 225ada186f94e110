// SPDX-License-Identifier: MIT
// The KS vocabulary ksctl prints and parses: GUID names, property sets and ids with their value types, IOCTLs, flags.

// Windows reads most of these names from the registry or from ks.h; ksctl
// carries a table of the ones a KS user meets (categories, formats, node
// types, pin names, property sets and their ids) plus the property sets of
// the bundled drivers.  Lookups by name ignore case and underscores, so
// "Pin.DataRanges", "pin.DATARANGES" and "KSPROPSETID_Pin.KSPROPERTY_PIN_DATARANGES"
// all name the same property:
//
//   const PropertySetName* set = findSetByName("Pin");
//   const PropertyName* id = findPropertyByName(*set, "DataRanges");   // {3, "DATARANGES", ValueType::DataRanges}
//   std::string text = propertyLabel(KSPROPSETID_Pin, 3);              // "KSPROPSETID_Pin/DATARANGES"
//
// Everything here is constant data and pure functions; any thread.
#pragma once

#include <openks/ks.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ksctl {

// How a property's value is laid out, for decoding (prop get) and parsing (prop set).
enum class ValueType {
    Unknown,         // raw bytes: hex dump
    Ulong,           // ULONG
    Long,            // LONG
    Bool,            // BOOL (ULONG 0/1)
    Ulonglong,       // ULONGLONG
    Longlong,        // LONGLONG
    Time,            // LONGLONG in 100 ns units
    Guid,            // GUID
    State,           // KSSTATE
    DataFlow,        // KSPIN_DATAFLOW
    Communication,   // KSPIN_COMMUNICATION
    CInstances,      // KSPIN_CINSTANCES
    DataRanges,      // KSMULTIPLE_ITEM + KSDATARANGEs
    DataFormat,      // KSDATAFORMAT + specifier
    Identifiers,     // KSMULTIPLE_ITEM + KSIDENTIFIERs (interfaces, mediums)
    Guids,           // KSMULTIPLE_ITEM + GUIDs (topology categories and nodes)
    Connections,     // KSMULTIPLE_ITEM + KSTOPOLOGY_CONNECTIONs
    WString,         // NUL-terminated UTF-16 text
    ComponentId,     // KSCOMPONENTID
    AudioPosition,   // KSAUDIO_POSITION
    Framing,         // KSALLOCATOR_FRAMING
    FramingEx,       // KSALLOCATOR_FRAMING_EX
    Priority,        // KSPRIORITY
    Pacing,          // ULONG, 0 = REALTIME, 1 = FREERUNNING (the bundled drivers' pacing properties)
    NullStatistics,  // OPENKS_NULL_STATISTICS (the null driver)
};

// The C type a ValueType stands for, for messages ("ULONG", "KSSTATE", ...).
std::string_view valueTypeName(ValueType type);

struct PropertyName {
    ULONG id;
    const char* name;  // the KS id name without its KSPROPERTY_<SET>_ prefix: "CTYPES"
    ValueType type;
};

struct PropertySetName {
    const GUID* set;
    const char* ksName;     // "KSPROPSETID_Pin"
    const char* shortName;  // "Pin": what ksctl's SET.ID syntax uses
    std::span<const PropertyName> properties;
};

// Every property set ksctl knows, KS's first, then the bundled drivers'.
std::span<const PropertySetName> propertySets();
const PropertySetName* findSet(const GUID& set);
// By short name ("Pin"), KS name ("KSPROPSETID_Pin") or KS name without its prefix; null when unknown.
const PropertySetName* findSetByName(std::string_view name);
const PropertyName* findProperty(const PropertySetName& set, ULONG id);
// By id name ("DataRanges", "DATARANGES", "KSPROPERTY_PIN_DATARANGES"); null when unknown.
const PropertyName* findPropertyByName(const PropertySetName& set, std::string_view name);

// "{8C134960-51AD-11CF-878A-94F801C10000}" (registry format, upper case).
std::string guidText(const GUID& guid);
// Parses a GUID with or without braces, any case.  False (guid untouched) when malformed.
bool parseGuid(std::string_view text, GUID* guid);

// The symbolic name of a well-known GUID ("KSCATEGORY_AUDIO", "KSDATAFORMAT_SUBTYPE_PCM",
// "KSPROPSETID_Pin", ...), or empty.
std::string_view guidName(const GUID& guid);
// guidName, or guidText when the GUID has no name.
std::string guidLabel(const GUID& guid);
// A format GUID without its KSDATAFORMAT_TYPE_/SUBTYPE_/SPECIFIER_ prefix ("PCM", "YUY2"), or guidText.
std::string formatLabel(const GUID& guid);

// "KSPROPSETID_Pin/CTYPES"; unknown sets and ids print as a GUID and a number.
std::string propertyLabel(const GUID& set, ULONG id);
// "Pin.CTypes"-style name ksctl accepts back: "<short>.<ID>" or "{GUID}.<n>".
std::string propertyShortLabel(const GUID& set, ULONG id);

// "IOCTL_KS_PROPERTY", ...; a number in hex for other codes.
std::string ioctlName(ULONG code);
// KSPROPERTY_TYPE_* flags as "GET", "SET|TOPOLOGY", ...
std::string propertyFlagsText(ULONG flags);

const char* stateName(ULONG state);  // "STOP", "ACQUIRE", "PAUSE", "RUN", or "?"
std::optional<KSSTATE> parseState(std::string_view text);
const char* dataFlowName(ULONG flow);       // "IN", "OUT"
const char* communicationName(ULONG comm);  // "NONE", "SINK", "SOURCE", "BOTH", "BRIDGE"

// The categories ksctl enumerates, in the order ksctl prefers them for a filter's main path.
struct CategoryName {
    const GUID* guid;
    const char* name;  // "KSCATEGORY_AUDIO"
};
std::span<const CategoryName> knownCategories();
// A category by short name ("audio"), full name ("KSCATEGORY_AUDIO") or GUID text; null when unknown.
const GUID* findCategory(std::string_view name);
// "audio" for KSCATEGORY_AUDIO; the GUID text for unknown categories.
std::string categoryShortName(const GUID& category);

// Case-insensitive comparison that also ignores '_' and '-'.
bool sameName(std::string_view a, std::string_view b);

}  // namespace ksctl
