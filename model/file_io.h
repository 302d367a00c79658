// SPDX-License-Identifier: MIT
// Whole-file reads and durable writes, for checkpoints and configs.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace corevla::model {

// Writes bytes to a file and flushes them to the disk; false on any error.
bool writeFileDurably(const std::filesystem::path& file, const std::string& bytes);
std::optional<std::string> readWholeFile(const std::filesystem::path& file);
// fsync of a directory, so a rename in it is on the disk.
bool syncDirectory(const std::filesystem::path& dir);

}  // namespace corevla::model
