// SPDX-License-Identifier: MIT
// One small sample (seed 1, 30-frame clips, 8-second CAVE sessions) shared by
// the tests that only read it, generated once per build tree. A lock file
// keeps tests running in parallel from generating it at the same time.
// Tests that change files make their own copy.
#pragma once

#include <cstdlib>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "importers/sample/sample_generator.h"

namespace corevla::testing {

inline sample::Result sharedSmallSample(std::filesystem::path* out) {
    const char* root = std::getenv("COREVLA_FIXTURES");
    const std::filesystem::path dir = root ? root : std::filesystem::temp_directory_path() / "corevla-test-fixtures";
    std::filesystem::create_directories(dir);
    sample::Options options;
    options.out = dir / "sample-small";
    options.clipFrames = 30;
    options.caveSeconds = 8;
    const int lock = ::open((dir / "sample-small.lock").c_str(), O_CREAT | O_RDWR, 0644);
    if (lock >= 0) ::flock(lock, LOCK_EX);
    const sample::Result result = sample::generate(options);  // returns at once when it is already there
    if (lock >= 0) ::close(lock);  // closing releases the lock
    *out = options.out;
    return result;
}

}  // namespace corevla::testing
