// SPDX-License-Identifier: MIT
// One function per `corevla` subcommand; each returns the process exit code.
#pragma once

#include "args.h"

namespace corevla::cli {

int runSample(const Args& args);
int runImport(const Args& args);
int runInfo(const Args& args);
int runEvalSummary(const Args& args);
int runFrame(const Args& args);
int runBench(const Args& args);
int runSegments(const Args& args);
int runPairs(const Args& args);
int runExport(const Args& args);
int runImportPairs(const Args& args);
int runTrain(const Args& args);     // built with LibTorch only
int runGenerate(const Args& args);  // built with LibTorch only
int runDemo(const Args& args);      // built with LibTorch only
int runEval(const Args& args);      // built with LibTorch only
int runCompare(const Args& args);   // built with LibTorch only
int runDecide(const Args& args);    // built with LibTorch only
int runClosedLoopCommand(const Args& args);  // built with LibTorch only

// Prints "error: <message>" to stderr and returns 1.
int fail(const std::string& message);
// Who is working: --author/--reviewer, else $COREVLA_USER, else $USER.
std::string whoAmI(const Args& args, const std::string& key);

// Prints "corevla: <message>" to stderr and returns the usage exit code.
int usageError(const std::string& message);

}  // namespace corevla::cli
