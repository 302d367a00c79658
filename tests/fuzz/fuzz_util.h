// SPDX-License-Identifier: MIT
// Helpers the fuzz targets share. A failed check aborts, so that libFuzzer
// (and the replay under ctest) reports it like a crash, with the input kept.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <simdjson.h>

namespace corevla::fuzz {

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

#define FUZZ_CHECK(condition) \
    do { \
        if (!(condition)) ::corevla::fuzz::fail(#condition); \
    } while (0)

// A folder of this process's own (fuzzers may run side by side), created once
// and removed at exit. In memory (/dev/shm) where there is one: the tar
// target writes files for every input, which on disk is 7x slower.
inline std::filesystem::path scratchPath() {
    const auto parent = ::access("/dev/shm", W_OK) == 0 ? std::filesystem::path("/dev/shm")
                                                         : std::filesystem::temp_directory_path();
    return parent / ("corevla-fuzz-" + std::to_string(::getpid()));
}

inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        auto d = scratchPath();
        std::filesystem::remove_all(d);
        std::filesystem::create_directories(d);
        // Not through `dir`: this handler runs after dir's destructor.
        std::atexit([] { std::error_code ec; std::filesystem::remove_all(scratchPath(), ec); });
        return d;
    }();
    return dir;
}

// What we store as JSON text (metadata) must parse again.
inline bool isValidJson(const std::string& text) {
    simdjson::dom::parser parser;
    return !parser.parse(text).error();
}

}  // namespace corevla::fuzz
