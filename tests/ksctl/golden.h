// SPDX-License-Identifier: MIT
// Golden JSON files for ksctl's --json output: loading them and normalising the parts that vary between builds.
#pragma once

// Device paths carry an instance number that follows the load order of the
// drivers built ("\\?\openks#tone#2#{...}"), so it changes as drivers are
// added; normalized() rewrites it to "#N#" in every string of a document.
// Everything else in a golden file is compared exactly.
//
//   EXPECT_EQ(normalized(nlohmann::json::parse(run.out)[0]), loadGolden("inspect_tone.json"));

#include <nlohmann/json.hpp>

#include <string>

namespace ksctl::test {

nlohmann::json normalized(nlohmann::json document);
nlohmann::json loadGolden(const std::string& name);

}  // namespace ksctl::test
