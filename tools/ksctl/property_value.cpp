// SPDX-License-Identifier: MIT
// Decoding and parsing property values by type, and decoding BASICSUPPORT descriptions.
#include "ksctl/property_value.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "ksctl/data_range.h"
#include "null_driver.h"

namespace ksctl {

namespace {

using json = nlohmann::ordered_json;

template <class T>
bool read(std::span<const std::byte> bytes, size_t offset, T* value)
{
    if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return false;
    std::memcpy(value, bytes.data() + offset, sizeof(T));
    return true;
}

template <class T>
void append(std::vector<std::byte>* out, const T& value)
{
    const auto* p = reinterpret_cast<const std::byte*>(&value);
    out->insert(out->end(), p, p + sizeof(T));
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

DecodedValue shortAnswer(ValueType type, std::span<const std::byte> bytes)
{
    return {fmt::format("({} bytes, too short for a {})\n{}", bytes.size(), valueTypeName(type), hexDump(bytes)),
            json{{"bytes", hexDump(bytes)}, {"error", "short answer"}}};
}

// The items of a KSMULTIPLE_ITEM list of fixed-size T, or false when the list is malformed.
template <class T>
bool readList(std::span<const std::byte> bytes, std::vector<T>* items)
{
    KSMULTIPLE_ITEM item;
    if (!read(bytes, 0, &item) || item.Size > bytes.size() || item.Size < sizeof(item)) return false;
    if ((item.Size - sizeof(item)) / sizeof(T) < item.Count) return false;
    items->resize(item.Count);
    if (item.Count != 0) std::memcpy(items->data(), bytes.data() + sizeof(item), item.Count * sizeof(T));
    return true;
}

std::string identifierLabel(const KSIDENTIFIER& id)
{
    if (IsEqualGUID(id.Set, KSINTERFACESETID_Standard)) {
        static const char* const kNames[] = {"STREAMING", "LOOPED_STREAMING", "CONTROL"};
        if (id.Id < 3) return fmt::format("KSINTERFACESETID_Standard/{}", kNames[id.Id]);
    }
    if (IsEqualGUID(id.Set, KSMEDIUMSETID_Standard) && id.Id == KSMEDIUM_TYPE_ANYINSTANCE) {
        return "KSMEDIUMSETID_Standard/ANYINSTANCE";
    }
    return fmt::format("{}/{}", guidLabel(id.Set), id.Id);
}

std::string nodeLabel(ULONG node)
{
    return node == KSFILTER_NODE ? "filter" : fmt::format("node {}", node);
}

std::string timeText(LONGLONG t)
{
    return fmt::format("{} ({:.3f} ms)", t, static_cast<double>(t) / 10000.0);
}

// Integers in decimal or 0x hex.  strto* accept leading spaces and a '+'; we do not.
bool parseUnsigned(std::string_view text, unsigned long long max, unsigned long long* value)
{
    std::string s(text);
    if (s.empty() || s[0] == '-' || s[0] == '+' || std::isspace(static_cast<unsigned char>(s[0]))) return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str(), &end, 0);
    if (errno != 0 || end == s.c_str() || *end != '\0' || v > max) return false;
    *value = v;
    return true;
}

bool parseSigned(std::string_view text, long long min, long long max, long long* value)
{
    std::string s(text);
    if (s.empty() || s[0] == '+' || std::isspace(static_cast<unsigned char>(s[0]))) return false;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 0);
    if (errno != 0 || end == s.c_str() || *end != '\0' || v < min || v > max) return false;
    *value = v;
    return true;
}

bool parseHexBytes(std::string_view hex, std::vector<std::byte>* bytes)
{
    std::vector<std::byte> out;
    std::string digits;
    for (char c : hex) {
        if (c == ' ' || c == ':' || c == ',') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
        digits += c;
    }
    if (digits.empty() || digits.size() % 2 != 0) return false;
    for (size_t i = 0; i < digits.size(); i += 2)
        out.push_back(static_cast<std::byte>(std::stoi(digits.substr(i, 2), nullptr, 16)));
    *bytes = std::move(out);
    return true;
}

}  // namespace

std::string hexDump(std::span<const std::byte> bytes)
{
    std::string text;
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) text += (i % 16 == 0) ? '\n' : ' ';
        text += fmt::format("{:02x}", static_cast<unsigned>(bytes[i]));
    }
    return text.empty() ? "(empty)" : text;
}

std::string narrow(std::span<const std::byte> utf16)
{
    std::string out;
    const size_t units = utf16.size() / 2;
    for (size_t i = 0; i < units; ++i) {
        char32_t c = static_cast<char16_t>(std::to_integer<unsigned>(utf16[2 * i]) |
                                           (std::to_integer<unsigned>(utf16[2 * i + 1]) << 8));
        if (c == 0) break;
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < units) {
            char32_t low = static_cast<char16_t>(std::to_integer<unsigned>(utf16[2 * i + 2]) |
                                                 (std::to_integer<unsigned>(utf16[2 * i + 3]) << 8));
            if (low >= 0xDC00 && low < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                ++i;
            }
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

bool widen(std::string_view utf8, std::vector<std::byte>* utf16)
{
    std::vector<std::byte> out;
    auto put = [&out](char16_t unit) {
        out.push_back(static_cast<std::byte>(unit & 0xFF));
        out.push_back(static_cast<std::byte>(unit >> 8));
    };
    for (size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        char32_t c;
        size_t extra;
        if (b < 0x80) {
            c = b;
            extra = 0;
        } else if ((b & 0xE0) == 0xC0) {
            c = b & 0x1F;
            extra = 1;
        } else if ((b & 0xF0) == 0xE0) {
            c = b & 0x0F;
            extra = 2;
        } else if ((b & 0xF8) == 0xF0) {
            c = b & 0x07;
            extra = 3;
        } else {
            return false;
        }
        if (i + extra >= utf8.size() && extra != 0) return false;
        for (size_t k = 1; k <= extra; ++k) {
            const auto cont = static_cast<unsigned char>(utf8[i + k]);
            if ((cont & 0xC0) != 0x80) return false;
            c = (c << 6) | (cont & 0x3F);
        }
        i += extra + 1;
        if (c >= 0x10000) {
            c -= 0x10000;
            put(static_cast<char16_t>(0xD800 + (c >> 10)));
            put(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
        } else {
            put(static_cast<char16_t>(c));
        }
    }
    put(0);
    *utf16 = std::move(out);
    return true;
}

DecodedValue decodeValue(ValueType type, std::span<const std::byte> bytes)
{
    switch (type) {
        case ValueType::Ulong:
        case ValueType::Pacing: {
            ULONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            if (type == ValueType::Pacing) {
                const char* name = v == 0 ? "REALTIME" : v == 1 ? "FREERUNNING" : nullptr;
                if (name != nullptr) return {fmt::format("{} ({})", name, v), json(name)};
            }
            return {fmt::format("{} (0x{:X})", v, v), json(v)};
        }
        case ValueType::Long: {
            LONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {fmt::format("{}", v), json(v)};
        }
        case ValueType::Bool: {
            ULONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {v != 0 ? "TRUE" : "FALSE", json(v != 0)};
        }
        case ValueType::Ulonglong: {
            ULONGLONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {fmt::format("{}", v), json(v)};
        }
        case ValueType::Longlong: {
            LONGLONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {fmt::format("{}", v), json(v)};
        }
        case ValueType::Time: {
            LONGLONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {timeText(v), json(v)};
        }
        case ValueType::Guid: {
            GUID g;
            if (!read(bytes, 0, &g)) return shortAnswer(type, bytes);
            std::string_view name = guidName(g);
            return {name.empty() ? guidText(g) : fmt::format("{} {}", name, guidText(g)), json(guidLabel(g))};
        }
        case ValueType::State: {
            ULONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {fmt::format("{} ({})", stateName(v), v), json(stateName(v))};
        }
        case ValueType::DataFlow: {
            ULONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {fmt::format("{} ({})", dataFlowName(v), v), json(dataFlowName(v))};
        }
        case ValueType::Communication: {
            ULONG v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            return {fmt::format("{} ({})", communicationName(v), v), json(communicationName(v))};
        }
        case ValueType::CInstances: {
            KSPIN_CINSTANCES v;
            if (!read(bytes, 0, &v)) return shortAnswer(type, bytes);
            std::string possible =
                v.PossibleCount == KSINSTANCE_INDETERMINATE ? "unlimited" : std::to_string(v.PossibleCount);
            json j;
            j["possible"] = v.PossibleCount == KSINSTANCE_INDETERMINATE ? json("unlimited") : json(v.PossibleCount);
            j["current"] = v.CurrentCount;
            return {fmt::format("possible {}, current {}", possible, v.CurrentCount), j};
        }
        case ValueType::DataRanges: {
            std::string error;
            std::vector<DataRangeInfo> ranges = parseDataRanges(bytes, &error);
            DecodedValue out;
            out.text = fmt::format("{} range{}", ranges.size(), ranges.size() == 1 ? "" : "s");
            out.json = json::array();
            for (size_t i = 0; i < ranges.size(); ++i) {
                out.text += fmt::format("\n[{}] {}", i, describeRange(ranges[i]));
                out.json.push_back(rangeJson(ranges[i]));
            }
            if (!error.empty()) out.text += "\n(malformed list: " + error + ")";
            return out;
        }
        case ValueType::DataFormat: {
            FormatInfo f;
            if (!parseFormat(bytes, &f)) return shortAnswer(type, bytes);
            return {describeFormat(f), formatJson(f)};
        }
        case ValueType::Identifiers: {
            std::vector<KSIDENTIFIER> ids;
            if (!readList(bytes, &ids)) return shortAnswer(type, bytes);
            DecodedValue out{{}, json::array()};
            for (const KSIDENTIFIER& id : ids) {
                if (!out.text.empty()) out.text += '\n';
                out.text += identifierLabel(id);
                out.json.push_back(identifierLabel(id));
            }
            if (ids.empty()) out.text = "(none)";
            return out;
        }
        case ValueType::Guids: {
            std::vector<GUID> guids;
            if (!readList(bytes, &guids)) return shortAnswer(type, bytes);
            DecodedValue out{{}, json::array()};
            for (size_t i = 0; i < guids.size(); ++i) {
                if (!out.text.empty()) out.text += '\n';
                out.text += fmt::format("[{}] {}", i, guidLabel(guids[i]));
                out.json.push_back(guidLabel(guids[i]));
            }
            if (guids.empty()) out.text = "(none)";
            return out;
        }
        case ValueType::Connections: {
            std::vector<KSTOPOLOGY_CONNECTION> connections;
            if (!readList(bytes, &connections)) return shortAnswer(type, bytes);
            DecodedValue out{{}, json::array()};
            for (const KSTOPOLOGY_CONNECTION& c : connections) {
                if (!out.text.empty()) out.text += '\n';
                out.text += fmt::format("{} pin {} -> {} pin {}", nodeLabel(c.FromNode), c.FromNodePin,
                                        nodeLabel(c.ToNode), c.ToNodePin);
                out.json.push_back({{"fromNode", c.FromNode == KSFILTER_NODE ? json("filter") : json(c.FromNode)},
                                    {"fromPin", c.FromNodePin},
                                    {"toNode", c.ToNode == KSFILTER_NODE ? json("filter") : json(c.ToNode)},
                                    {"toPin", c.ToNodePin}});
            }
            if (connections.empty()) out.text = "(none)";
            return out;
        }
        case ValueType::WString: {
            std::string text = narrow(bytes);
            return {"\"" + text + "\"", json(text)};
        }
        case ValueType::ComponentId: {
            KSCOMPONENTID c;
            if (!read(bytes, 0, &c)) return shortAnswer(type, bytes);
            json j{{"manufacturer", guidLabel(c.Manufacturer)},
                   {"product", guidLabel(c.Product)},
                   {"component", guidLabel(c.Component)},
                   {"name", guidLabel(c.Name)},
                   {"version", c.Version},
                   {"revision", c.Revision}};
            return {fmt::format("manufacturer {}\nproduct {}\ncomponent {}\nname {}\nversion {}.{}",
                                guidLabel(c.Manufacturer), guidLabel(c.Product), guidLabel(c.Component),
                                guidLabel(c.Name), c.Version, c.Revision),
                    j};
        }
        case ValueType::AudioPosition: {
            KSAUDIO_POSITION p;
            if (!read(bytes, 0, &p)) return shortAnswer(type, bytes);
            return {fmt::format("PlayOffset {}, WriteOffset {}", p.PlayOffset, p.WriteOffset),
                    json{{"playOffset", p.PlayOffset}, {"writeOffset", p.WriteOffset}}};
        }
        case ValueType::Framing: {
            KSALLOCATOR_FRAMING f;
            if (!read(bytes, 0, &f)) return shortAnswer(type, bytes);
            return {fmt::format("Frames {}, FrameSize {}, FileAlignment {}, RequirementsFlags 0x{:X}, PoolType {}",
                                f.Frames, f.FrameSize, f.FileAlignment, f.RequirementsFlags, f.PoolType),
                    json{{"frames", f.Frames},
                         {"frameSize", f.FrameSize},
                         {"fileAlignment", f.FileAlignment},
                         {"requirementsFlags", f.RequirementsFlags},
                         {"poolType", f.PoolType}}};
        }
        case ValueType::FramingEx: {
            KSALLOCATOR_FRAMING_EX head;
            if (!read(bytes, 0, &head)) return shortAnswer(type, bytes);
            DecodedValue out;
            out.text = fmt::format("{} item{}, PinFlags 0x{:X}, compression {}/{}", head.CountItems,
                                   head.CountItems == 1 ? "" : "s", head.PinFlags,
                                   head.OutputCompression.RatioNumerator, head.OutputCompression.RatioDenominator);
            out.json = {{"countItems", head.CountItems}, {"pinFlags", head.PinFlags}, {"items", json::array()}};
            const size_t first = offsetof(KSALLOCATOR_FRAMING_EX, FramingItem);
            for (ULONG i = 0; i < head.CountItems; ++i) {
                KS_FRAMING_ITEM item;
                if (!read(bytes, first + i * sizeof(KS_FRAMING_ITEM), &item)) {
                    out.text += fmt::format("\n(item {} lies past the {} bytes returned)", i, bytes.size());
                    break;
                }
                out.text += fmt::format(
                    "\n[{}] Frames {}, FileAlignment {}, frame size {}-{} (physical {}-{}), memory {}", i, item.Frames,
                    item.FileAlignment, item.FramingRange.Range.MinFrameSize, item.FramingRange.Range.MaxFrameSize,
                    item.PhysicalRange.MinFrameSize, item.PhysicalRange.MaxFrameSize, guidLabel(item.MemoryType));
                out.json["items"].push_back({{"frames", item.Frames},
                                             {"fileAlignment", item.FileAlignment},
                                             {"minFrameSize", item.FramingRange.Range.MinFrameSize},
                                             {"maxFrameSize", item.FramingRange.Range.MaxFrameSize},
                                             {"memoryType", guidLabel(item.MemoryType)}});
            }
            return out;
        }
        case ValueType::Priority: {
            KSPRIORITY p;
            if (!read(bytes, 0, &p)) return shortAnswer(type, bytes);
            return {fmt::format("class 0x{:08X}, subclass {}", p.PriorityClass, p.PrioritySubClass),
                    json{{"class", p.PriorityClass}, {"subClass", p.PrioritySubClass}}};
        }
        case ValueType::NullStatistics: {
            OPENKS_NULL_STATISTICS s;
            if (!read(bytes, 0, &s)) return shortAnswer(type, bytes);
            return {fmt::format("{} bytes in {} frames", s.Bytes, s.Frames),
                    json{{"bytes", s.Bytes}, {"frames", s.Frames}}};
        }
        case ValueType::Unknown:
            break;
    }
    return {hexDump(bytes), json(hexDump(bytes))};
}

bool parseValue(ValueType type, std::string_view text, std::vector<std::byte>* bytes, std::string* why)
{
    bytes->clear();
    if (text.substr(0, 4) == "hex:") {
        if (parseHexBytes(text.substr(4), bytes)) return true;
        *why = "hex: wants pairs of hex digits, e.g. hex:01000000";
        return false;
    }
    const std::string l = lower(text);
    switch (type) {
        case ValueType::Ulong: {
            unsigned long long v;
            if (!parseUnsigned(text, 0xFFFFFFFFull, &v)) {
                *why = "expected an unsigned 32-bit integer (decimal or 0x hex)";
                return false;
            }
            append(bytes, static_cast<ULONG>(v));
            return true;
        }
        case ValueType::Pacing: {
            ULONG v;
            if (l == "realtime" || l == "real-time" || l == "0") {
                v = 0;
            } else if (l == "freerunning" || l == "free-running" || l == "1") {
                v = 1;
            } else {
                *why = "expected REALTIME (0) or FREERUNNING (1)";
                return false;
            }
            append(bytes, v);
            return true;
        }
        case ValueType::Long: {
            long long v;
            if (!parseSigned(text, -0x80000000ll, 0x7FFFFFFFll, &v)) {
                *why = "expected a signed 32-bit integer";
                return false;
            }
            append(bytes, static_cast<LONG>(v));
            return true;
        }
        case ValueType::Bool: {
            ULONG v;
            if (l == "true" || l == "1" || l == "on" || l == "yes") {
                v = 1;
            } else if (l == "false" || l == "0" || l == "off" || l == "no") {
                v = 0;
            } else {
                *why = "expected true or false (1/0, on/off)";
                return false;
            }
            append(bytes, v);
            return true;
        }
        case ValueType::Ulonglong: {
            unsigned long long v;
            if (!parseUnsigned(text, ~0ull, &v)) {
                *why = "expected an unsigned 64-bit integer";
                return false;
            }
            append(bytes, static_cast<ULONGLONG>(v));
            return true;
        }
        case ValueType::Longlong:
        case ValueType::Time: {
            long long v;
            if (!parseSigned(text, INT64_MIN, INT64_MAX, &v)) {
                *why = "expected a signed 64-bit integer";
                return false;
            }
            append(bytes, static_cast<LONGLONG>(v));
            return true;
        }
        case ValueType::Guid: {
            GUID g;
            if (!parseGuid(text, &g)) {
                *why = "expected a GUID, {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}";
                return false;
            }
            append(bytes, g);
            return true;
        }
        case ValueType::State: {
            std::optional<KSSTATE> s = parseState(text);
            if (!s) {
                *why = "expected STOP, ACQUIRE, PAUSE or RUN";
                return false;
            }
            append(bytes, *s);
            return true;
        }
        case ValueType::WString:
            if (!widen(text, bytes)) {
                *why = "the text is not valid UTF-8";
                return false;
            }
            return true;
        case ValueType::Priority: {
            const size_t colon = text.find(':');
            unsigned long long cls = 0, sub = 0;
            std::string head = lower(text.substr(0, colon));
            if (head == "low") {
                cls = KSPRIORITY_LOW;
            } else if (head == "normal") {
                cls = KSPRIORITY_NORMAL;
            } else if (head == "high") {
                cls = KSPRIORITY_HIGH;
            } else if (head == "exclusive") {
                cls = KSPRIORITY_EXCLUSIVE;
            } else if (!parseUnsigned(head, 0xFFFFFFFFull, &cls)) {
                *why = "expected CLASS[:SUBCLASS], CLASS one of LOW, NORMAL, HIGH, EXCLUSIVE or a number";
                return false;
            }
            if (colon != std::string_view::npos && !parseUnsigned(text.substr(colon + 1), 0xFFFFFFFFull, &sub)) {
                *why = "the subclass must be an unsigned integer";
                return false;
            }
            append(bytes, KSPRIORITY{static_cast<ULONG>(cls), static_cast<ULONG>(sub)});
            return true;
        }
        case ValueType::Unknown: {
            // Raw properties: a 32-bit integer unless the prefix says otherwise.
            unsigned long long u;
            long long s;
            if (l.substr(0, 4) == "u64:" && parseUnsigned(text.substr(4), ~0ull, &u)) {
                append(bytes, static_cast<ULONGLONG>(u));
                return true;
            }
            if (l.substr(0, 4) == "i64:" && parseSigned(text.substr(4), INT64_MIN, INT64_MAX, &s)) {
                append(bytes, static_cast<LONGLONG>(s));
                return true;
            }
            if (parseUnsigned(text, 0xFFFFFFFFull, &u)) {
                append(bytes, static_cast<ULONG>(u));
                return true;
            }
            if (parseSigned(text, -0x80000000ll, 0x7FFFFFFFll, &s)) {
                append(bytes, static_cast<LONG>(s));
                return true;
            }
            *why = "for a property of unknown type give a 32-bit integer, u64:N, i64:N or hex:BYTES";
            return false;
        }
        default:
            *why = fmt::format("ksctl cannot write a {} from text; give the raw bytes as hex:...", valueTypeName(type));
            return false;
    }
}

DecodedValue decodeBasicSupport(std::span<const std::byte> bytes)
{
    KSPROPERTY_DESCRIPTION d;
    if (!read(bytes, 0, &d)) {
        ULONG access;
        if (read(bytes, 0, &access)) {
            return {fmt::format("access {}", propertyFlagsText(access)), json{{"access", propertyFlagsText(access)}}};
        }
        return {hexDump(bytes), json(hexDump(bytes))};
    }
    const bool isSigned = d.PropTypeSet.Id == VT_I4 || d.PropTypeSet.Id == VT_I8 || d.PropTypeSet.Id == VT_I2 ||
                          d.PropTypeSet.Id == VT_I1;
    DecodedValue out;
    out.text =
        fmt::format("access {}, type VT {} ({}), {} member list{}", propertyFlagsText(d.AccessFlags), d.PropTypeSet.Id,
                    guidLabel(d.PropTypeSet.Set), d.MembersListCount, d.MembersListCount == 1 ? "" : "s");
    out.json = {{"access", propertyFlagsText(d.AccessFlags)},
                {"vartype", d.PropTypeSet.Id},
                {"descriptionSize", d.DescriptionSize},
                {"members", json::array()}};
    size_t offset = sizeof(d);
    for (ULONG list = 0; list < d.MembersListCount; ++list) {
        KSPROPERTY_MEMBERSHEADER h;
        if (!read(bytes, offset, &h)) {
            out.text += fmt::format("\n(member list {} lies past the {} bytes returned)", list, bytes.size());
            break;
        }
        offset += sizeof(h);
        const char* kind = h.MembersFlags == KSPROPERTY_MEMBER_RANGES          ? "ranges"
                           : h.MembersFlags == KSPROPERTY_MEMBER_STEPPEDRANGES ? "stepped ranges"
                           : h.MembersFlags == KSPROPERTY_MEMBER_VALUES        ? "values"
                                                                               : "members";
        json members = json::array();
        std::string line = fmt::format("\n{}{}:", kind, (h.Flags & KSPROPERTY_MEMBER_FLAG_DEFAULT) ? " (default)" : "");
        for (ULONG m = 0; m < h.MembersCount; ++m) {
            const size_t at = offset + size_t(m) * h.MembersSize;
            if (h.MembersFlags == KSPROPERTY_MEMBER_STEPPEDRANGES &&
                h.MembersSize == sizeof(KSPROPERTY_STEPPING_LONG)) {
                KSPROPERTY_STEPPING_LONG s;
                if (!read(bytes, at, &s)) break;
                const long long lo = isSigned ? static_cast<long long>(s.Bounds.SignedMinimum)
                                              : static_cast<long long>(s.Bounds.UnsignedMinimum);
                const long long hi = isSigned ? static_cast<long long>(s.Bounds.SignedMaximum)
                                              : static_cast<long long>(s.Bounds.UnsignedMaximum);
                line += fmt::format(" {}..{} step {}", lo, hi, s.SteppingDelta);
                members.push_back({{"min", lo}, {"max", hi}, {"step", s.SteppingDelta}});
            } else if (h.MembersFlags == KSPROPERTY_MEMBER_RANGES && h.MembersSize == sizeof(KSPROPERTY_BOUNDS_LONG)) {
                KSPROPERTY_BOUNDS_LONG b;
                if (!read(bytes, at, &b)) break;
                const long long lo =
                    isSigned ? static_cast<long long>(b.SignedMinimum) : static_cast<long long>(b.UnsignedMinimum);
                const long long hi =
                    isSigned ? static_cast<long long>(b.SignedMaximum) : static_cast<long long>(b.UnsignedMaximum);
                line += fmt::format(" {}..{}", lo, hi);
                members.push_back({{"min", lo}, {"max", hi}});
            } else if (h.MembersSize == sizeof(ULONG)) {
                ULONG v;
                if (!read(bytes, at, &v)) break;
                const long long value =
                    isSigned ? static_cast<long long>(static_cast<LONG>(v)) : static_cast<long long>(v);
                line += fmt::format(" {}", value);
                members.push_back(value);
            } else if (h.MembersSize == sizeof(ULONGLONG)) {
                LONGLONG v;
                if (!read(bytes, at, &v)) break;
                line += fmt::format(" {}", v);
                members.push_back(v);
            } else {
                std::span<const std::byte> raw = bytes.subspan(std::min(at, bytes.size()));
                raw = raw.first(std::min<size_t>(raw.size(), h.MembersSize));
                line += " " + hexDump(raw);
                members.push_back(hexDump(raw));
            }
        }
        out.text += line;
        out.json["members"].push_back({{"kind", kind}, {"flags", h.Flags}, {"values", members}});
        offset += size_t(h.MembersCount) * h.MembersSize;
    }
    return out;
}

}  // namespace ksctl
