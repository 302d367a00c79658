// SPDX-License-Identifier: MIT
// The tar reader through unpackTarGz, on a file holding the input (zlib reads
// plain tar as well as .tar.gz, so seeds can be uncompressed tar). The
// archive lies in base/ and unpacks into base/a/b/dest/: afterwards base/
// may hold nothing but the archive, a/, a/b/ and regular files and folders
// inside dest/, so a write that escapes by up to three levels is caught.
#include <cstdint>
#include <fstream>
#include <string>

#include "importers/common/tar_reader.h"
#include "tests/fuzz/fuzz_util.h"

namespace fs = std::filesystem;
using namespace corevla::importers;

namespace {

bool inside(const fs::path& path, const fs::path& dir) {
    const auto rel = path.lexically_relative(dir);
    return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path base = corevla::fuzz::scratchDir() / "tar";
    const fs::path archive = base / "in.tar.gz", dest = base / "a" / "b" / "dest";
    fs::remove_all(base);
    fs::create_directories(base);
    std::ofstream(archive, std::ios::binary).write(reinterpret_cast<const char*>(data), std::streamsize(size));

    const UnpackResult result = unpackTarGz(archive, dest, {}, nullptr);
    FUZZ_CHECK(result.ok || !result.error.empty());
    FUZZ_CHECK(!result.reused);
    for (auto it = fs::recursive_directory_iterator(base); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path& p = it->path();
        FUZZ_CHECK(!it->is_symlink());
        if (p == archive || p == base / "a" || p == base / "a" / "b" || p == dest) continue;
        FUZZ_CHECK(inside(p, dest));
        FUZZ_CHECK(it->is_regular_file() || it->is_directory());
    }
    return 0;
}
