// SPDX-License-Identifier: MIT
// ksctl list: the published KS filters, their names and categories, as a table or JSON.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "ksctl/commands.h"
#include "ksctl/devices.h"
#include "ksctl/failure.h"
#include "ksctl/names.h"

namespace ksctl {

void note(bool quiet, const std::string& text)
{
    if (!quiet) std::fputs(("ksctl: note: " + text + "\n").c_str(), stderr);
}

int runList(const ListOptions& options)
{
    const GUID* category = nullptr;
    if (!options.category.empty()) {
        category = findCategory(options.category);
        if (category == nullptr) {
            std::string known;
            for (const CategoryName& c : knownCategories())
                known += (known.empty() ? "" : ", ") + categoryShortName(*c.guid);
            throw Failure(Exit::Usage, fmt::format("unknown category '{}'", options.category),
                          {"categories: " + known});
        }
    }
    std::vector<Device> devices = enumerateDevices();
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    std::string table;
    for (const Device& d : devices) {
        bool wanted = category == nullptr;
        for (const GUID& c : d.categories)
            wanted = wanted || IsEqualGUID(c, *category);
        if (!wanted) continue;
        std::string names;
        nlohmann::ordered_json categories = nlohmann::ordered_json::array();
        for (const GUID& c : d.categories) {
            names += (names.empty() ? "" : ",") + categoryShortName(c);
            categories.push_back(guidLabel(c));
        }
        out.push_back({{"driver", d.driver},
                       {"name", d.friendlyName},
                       {"path", d.path},
                       {"reference", d.reference},
                       {"categories", categories},
                       {"aliases", d.aliases}});
        table += fmt::format("{:<12} {:<28} {}\n", d.driver, names, d.path);
    }
    if (options.json) {
        std::fputs((out.dump(2) + "\n").c_str(), stdout);
    } else if (out.empty()) {
        std::puts(category != nullptr ? "no devices in that category" : "no devices");
    } else {
        std::fputs(fmt::format("{:<12} {:<28} {}\n", "DEVICE", "CATEGORIES", "PATH").c_str(), stdout);
        std::fputs(table.c_str(), stdout);
    }
    return 0;
}

}  // namespace ksctl
