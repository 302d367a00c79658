// SPDX-License-Identifier: MIT
// What every subcommand shares: how it reports errors and who is working.
#include <cstdio>
#include <cstdlib>

#include "commands.h"

namespace corevla::cli {

int usageError(const std::string& message) {
    std::fprintf(stderr, "corevla: %s\n", message.c_str());
    return 2;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "error: %s\n", message.c_str());
    return 1;
}

std::string whoAmI(const Args& args, const std::string& key) {
    if (const auto name = args.value(key)) return *name;
    for (const char* variable : {"COREVLA_USER", "USER"})
        if (const char* name = std::getenv(variable); name && *name) return name;
    return "annotator";
}

}  // namespace corevla::cli
