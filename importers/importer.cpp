// SPDX-License-Identifier: MIT
#include "importers/importer.h"

#include <algorithm>

namespace corevla::importers {

bool hasErrors(const std::vector<Issue>& issues) {
    return std::any_of(issues.begin(), issues.end(),
                       [](const Issue& i) { return i.severity == Issue::Severity::Error; });
}

ImportResult Importer::read(const std::filesystem::path& path, const ImportOptions& options) const {
    ImportResult failed;
    try {
        return readPath(path, options);
    } catch (const std::exception& e) {
        failed.error(path.string(), std::string("import failed: ") + e.what());
    } catch (...) {
        failed.error(path.string(), "import failed: unknown error");
    }
    return failed;
}

bool ImportResult::hasErrors() const { return importers::hasErrors(issues); }

void ImportResult::warn(std::string file, std::string message) {
    issues.push_back({Issue::Severity::Warning, std::move(file), std::move(message)});
}

void ImportResult::error(std::string file, std::string message) {
    issues.push_back({Issue::Severity::Error, std::move(file), std::move(message)});
}

}  // namespace corevla::importers
