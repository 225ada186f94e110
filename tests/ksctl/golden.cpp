// SPDX-License-Identifier: MIT
// Loading golden JSON files from tests/ksctl/golden and normalising device instance numbers.
#include "golden.h"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace ksctl::test {

nlohmann::json normalized(nlohmann::json document)
{
    static const std::regex instance(R"(#[0-9]+#)");
    if (document.is_string()) return std::regex_replace(document.get<std::string>(), instance, "#N#");
    if (document.is_array() || document.is_object()) {
        for (auto& item : document)
            item = normalized(item);
    }
    return document;
}

nlohmann::json loadGolden(const std::string& name)
{
    std::ifstream in(std::string(KSCTL_GOLDEN_DIR) + "/" + name);
    if (!in) throw std::runtime_error("missing golden file " + name);
    return nlohmann::json::parse(in);
}

}  // namespace ksctl::test
