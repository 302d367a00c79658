// SPDX-License-Identifier: MIT
// One function per `corevla` subcommand; each returns the process exit code.
#pragma once

#include "args.h"

namespace corevla::cli {

int runSample(const Args& args);
int runImport(const Args& args);
int runInfo(const Args& args);
int runFrame(const Args& args);
int runBench(const Args& args);

// Prints "corevla: <message>" to stderr and returns the usage exit code.
int usageError(const std::string& message);

}  // namespace corevla::cli
