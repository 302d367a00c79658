// SPDX-License-Identifier: MIT
#include "dataset/export_folder.h"

#include <cstdio>
#include <system_error>

#include <simdjson.h>
#include <unistd.h>

namespace corevla::dataset {
namespace fs = std::filesystem;
namespace {

fs::path beside(const fs::path& out, const char* what) {
    return out.string() + "." + what + "-" + std::to_string(::getpid());
}

}  // namespace

bool isOurExport(const fs::path& dir) {
    simdjson::dom::parser parser;
    simdjson::dom::object manifest;
    if (parser.load((dir / kManifestFile).string()).get(manifest)) return false;
    std::int64_t version = 0;
    return manifest["corevla_export"].get(version) == simdjson::SUCCESS && version >= 1;
}

bool writeFileBytes(const fs::path& path, std::string_view bytes, std::string* error) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    bool ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    if (f && std::fclose(f) != 0) ok = false;
    if (!ok && error) *error = path.string() + ": cannot be written";
    return ok;
}

ExportFolder::~ExportFolder() {
    std::error_code ec;
    if (!m_committed && !m_partial.empty()) fs::remove_all(m_partial, ec);
}

bool ExportFolder::begin(const fs::path& out, std::string* error) {
    std::error_code ec;
    m_out = out.has_filename() ? out : out.parent_path();  // "dir/" names "dir"
    if (fs::exists(m_out, ec)) {
        const bool empty = fs::is_directory(m_out, ec) && fs::is_empty(m_out, ec);
        if (!empty && !isOurExport(m_out)) {
            *error = m_out.string() + " exists and is not an export of ours (no manifest.json of corevla): nothing written";
            return false;
        }
    }
    m_partial = beside(m_out, "partial");
    fs::remove_all(m_partial, ec);
    if (!fs::create_directories(m_partial, ec)) {
        *error = m_partial.string() + ": cannot be created (" + ec.message() + ")";
        m_partial.clear();
        return false;
    }
    return true;
}

bool ExportFolder::commit(std::string* error) {
    std::error_code ec;
    const fs::path old = beside(m_out, "old");
    const bool replacing = fs::exists(m_out, ec);
    if (replacing) {
        fs::remove_all(old, ec);
        fs::rename(m_out, old, ec);
        if (ec) {
            *error = m_out.string() + ": cannot be replaced (" + ec.message() + ")";
            return false;
        }
    }
    fs::rename(m_partial, m_out, ec);
    if (ec) {
        *error = m_partial.string() + ": cannot be renamed to " + m_out.string() + " (" + ec.message() + ")";
        std::error_code ignored;
        if (replacing) fs::rename(old, m_out, ignored);  // put the earlier export back
        return false;
    }
    m_committed = true;
    if (replacing) fs::remove_all(old, ec);
    return true;
}

}  // namespace corevla::dataset
