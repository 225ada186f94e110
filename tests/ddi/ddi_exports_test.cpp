// SPDX-License-Identifier: MIT
// Every declared, non-inline DDI function of ks-ddi-functions.txt is exported by libopenks.so (a minidriver calling it loads).

#include "support/shared_dir.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

// The functions a minidriver links against: every line outside the inline,
// callback and COM sections.
std::vector<std::string> exportedFunctionNames()
{
    std::ifstream in(openks::test::sharedDir() / "abi" / "ks-ddi-functions.txt");
    EXPECT_TRUE(in.good()) << "cannot read ks-ddi-functions.txt";
    std::vector<std::string> names;
    bool skip = false;
    const std::regex declaration(R"(^[^(]*?\b([A-Za-z_]\w*)\s*\()");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line[0] == '#') {
            skip = line.find("inline") != std::string::npos || line.find("callbacks") != std::string::npos ||
                   line.find("COM") != std::string::npos;
            continue;
        }
        if (skip) continue;
        std::smatch m;
        if (std::regex_search(line, m, declaration)) names.push_back(m[1]);
    }
    return names;
}

void* library()
{
    static void* handle = dlopen("libopenks.so.0", RTLD_NOW | RTLD_GLOBAL);
    return handle;
}

}  // namespace

TEST(DdiExports, EveryDeclaredFunctionIsExported)
{
    void* lib = library();
    ASSERT_NE(lib, nullptr) << dlerror();
    // Minidriver source reaches these through macros naming a kernel-mode form.
    const std::set<std::string> kernelForms = {"KsCreatePin", "KsCreateClock", "KsCreateAllocator",
                                               "KsCreateTopologyNode"};
    ASSERT_EQ(dlsym(lib, "KsNoSuchFunction"), nullptr);  // the lookup can fail
    std::vector<std::string> names = exportedFunctionNames();
    ASSERT_GT(names.size(), 100u);
    for (const std::string& name : names) {
        EXPECT_NE(dlsym(lib, name.c_str()), nullptr) << name << " is declared but not exported";
        if (kernelForms.count(name) != 0) {
            std::string kernel = "openks_" + name + "Kernel";
            EXPECT_NE(dlsym(lib, kernel.c_str()), nullptr) << kernel << " is declared but not exported";
        }
    }
}
