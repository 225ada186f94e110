// SPDX-License-Identifier: MIT
// Parsing SET.ID property names and NAME=VALUE assignments against ksctl's name tables.
#include "ksctl/property_ref.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>

#include "ksctl/failure.h"
#include "ksctl/property_value.h"

namespace ksctl {

namespace {

std::string knownSetsHint()
{
    std::string text = "known sets:";
    for (const PropertySetName& s : propertySets()) {
        if (!s.properties.empty()) text += fmt::format(" {}", s.shortName);
    }
    return text + "; or a GUID in braces, e.g. {8C134960-51AD-11CF-878A-94F801C10000}.1";
}

std::string knownIdsHint(const PropertySetName& set)
{
    std::string text = fmt::format("{} properties:", set.shortName);
    for (const PropertyName& p : set.properties)
        text += fmt::format(" {}", p.name);
    return text + "; or a number";
}

bool parseNumber(std::string_view text, ULONG* value)
{
    std::string s(text);
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str(), &end, 0);
    if (errno != 0 || end == s.c_str() || *end != '\0' || v > 0xFFFFFFFFull) return false;
    *value = static_cast<ULONG>(v);
    return true;
}

}  // namespace

PropertyRef parsePropertyRef(std::string_view text)
{
    const size_t dot = text.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) {
        throw Failure(Exit::Usage, fmt::format("'{}' is not a property name: write SET.ID, e.g. Pin.CTypes", text),
                      {knownSetsHint()});
    }
    const std::string_view setText = text.substr(0, dot);
    const std::string_view idText = text.substr(dot + 1);
    PropertyRef ref;
    const PropertySetName* set = nullptr;
    if (!setText.empty() && setText.front() == '{') {
        if (!parseGuid(setText, &ref.set)) {
            throw Failure(Exit::Usage, fmt::format("'{}' is not a GUID", setText),
                          {"write it as {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"});
        }
        set = findSet(ref.set);
    } else {
        set = findSetByName(setText);
        if (set == nullptr) {
            throw Failure(Exit::Usage, fmt::format("unknown property set '{}'", setText), {knownSetsHint()});
        }
        ref.set = *set->set;
    }
    const PropertyName* id = set != nullptr ? findPropertyByName(*set, idText) : nullptr;
    if (id != nullptr) {
        ref.id = id->id;
        ref.type = id->type;
    } else if (parseNumber(idText, &ref.id)) {
        const PropertyName* known = set != nullptr ? findProperty(*set, ref.id) : nullptr;
        ref.type = known != nullptr ? known->type : ValueType::Unknown;
    } else {
        throw Failure(Exit::Usage, fmt::format("unknown property '{}' in set {}", idText, guidLabel(ref.set)),
                      {set != nullptr ? knownIdsHint(*set) : std::string("give the id as a number")});
    }
    ref.label = propertyLabel(ref.set, ref.id);
    return ref;
}

std::vector<std::byte> parsePropertyValue(const PropertyRef& property, std::string_view value)
{
    std::vector<std::byte> bytes;
    std::string why;
    if (!parseValue(property.type, value, &bytes, &why)) {
        throw Failure(
            Exit::Usage,
            fmt::format("'{}' is not a valid value for {} ({})", value, property.label, valueTypeName(property.type)),
            {why});
    }
    return bytes;
}

Assignment parseAssignment(std::string_view text)
{
    const size_t equals = text.find('=');
    if (equals == std::string_view::npos) {
        throw Failure(Exit::Usage,
                      fmt::format("'{}' is not an assignment: write SET.ID=VALUE, e.g. Tone.Frequency=440", text));
    }
    Assignment a;
    a.property = parsePropertyRef(text.substr(0, equals));
    a.valueText = std::string(text.substr(equals + 1));
    a.value = parsePropertyValue(a.property, a.valueText);
    return a;
}

}  // namespace ksctl
