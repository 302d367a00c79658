// SPDX-License-Identifier: MIT
// Turns paths a user gives (files, folders, archives) into stored recordings:
// finds what each path holds, runs the right importer, stores each
// recording in its own transaction and reports every problem by file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "importers/importer.h"
#include "storage/project.h"

namespace corevla::importers {

struct ImportReport {
    struct Stored {
        std::int64_t id = 0;
        std::string name;
        Project::StoreOutcome outcome = Project::StoreOutcome::Failed;
    };
    std::vector<Stored> stored;
    std::vector<Issue> issues;  // errors and warnings, each naming its file
    bool cancelled = false;
    int count(Project::StoreOutcome outcome) const;
    bool ok() const;  // nothing failed, nothing changed on disk, not cancelled
};

// One unit of work found in the paths: which importer reads which path.
struct ImportJob {
    const Importer* importer = nullptr;
    std::filesystem::path path;
};

class ImportRunner {
public:
    ImportRunner();
    ~ImportRunner();

    // Looks through the paths (folders recursively) and orders the jobs so
    // that evaluation results claim their saved-frame folders before those
    // could be taken for plain clips, and attachments come last.
    std::vector<ImportJob> plan(const std::vector<std::filesystem::path>& paths, std::vector<Issue>& issues) const;

    ImportReport run(Project& project, const std::vector<std::filesystem::path>& paths, const ImportOptions& options,
                     bool replaceChanged = false) const;

private:
    struct Importers;
    std::unique_ptr<Importers> m_importers;
};

}  // namespace corevla::importers
