// SPDX-License-Identifier: MIT
// Where an export is written: `<out>.partial-<pid>` beside the destination,
// renamed to `<out>` when everything is in it, so a trainer never reads half
// an export. `<out>` may be absent, an empty folder or an earlier export of
// ours (it has our manifest.json), which is replaced; anything else is left
// alone and the export refused.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace corevla::dataset {

inline constexpr const char* kManifestFile = "manifest.json";

// Whether `dir` holds a manifest.json that we wrote.
bool isOurExport(const std::filesystem::path& dir);

// Writes bytes to a file, creating its folders; false with *error = "<path>: <reason>".
bool writeFileBytes(const std::filesystem::path& path, std::string_view bytes, std::string* error);

class ExportFolder {
public:
    ExportFolder() = default;
    ExportFolder(const ExportFolder&) = delete;
    ExportFolder& operator=(const ExportFolder&) = delete;
    ~ExportFolder();  // an uncommitted partial folder is removed

    // Checks the destination and creates the empty partial folder.
    bool begin(const std::filesystem::path& out, std::string* error);
    const std::filesystem::path& dir() const { return m_partial; }
    // Puts the partial folder in place of the destination (an earlier export
    // is moved aside first and removed after).
    bool commit(std::string* error);

private:
    std::filesystem::path m_out, m_partial;
    bool m_committed = false;
};

}  // namespace corevla::dataset
