// SPDX-License-Identifier: MIT
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "importers/import_runner.h"
#include "progress_printer.h"

namespace corevla::cli {

int runImport(const Args& args) {
    const auto projectPath = args.value("project");
    if (!projectPath) return usageError("import needs --project P.corevla");
    if (args.positional().empty()) return usageError("import needs at least one PATH");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenOrCreate)) {
        std::fprintf(stderr, "error: %s\n", project.lastError().c_str());
        return 1;
    }
    importers::ImportOptions options;
    // Archives unpack beside the project unless told otherwise.
    const std::filesystem::path projectFile(*projectPath);
    options.mediaDir = args.value("media", (projectFile.parent_path() / (projectFile.stem().string() + "-media")).string());
    options.progress = progressPrinter(args.flag("quiet"));
    options.hashMedia = !args.flag("no-hash");
    std::vector<std::filesystem::path> paths(args.positional().begin(), args.positional().end());

    const auto report = importers::ImportRunner().run(project, paths, options, args.flag("replace"));
    for (const auto& issue : report.issues)
        std::fprintf(stderr, "%s: %s\n", issue.severity == importers::Issue::Severity::Error ? "error" : "warning",
                     issue.text().c_str());
    using O = Project::StoreOutcome;
    std::printf("imported %d, unchanged %d, replaced %d, moved %d, changed on disk %d, failed %d%s\n",
                report.count(O::Inserted), report.count(O::Unchanged), report.count(O::Replaced), report.count(O::Moved),
                report.count(O::Changed), report.count(O::Failed), report.cancelled ? " (cancelled)" : "");
    return report.ok() ? 0 : 1;
}

}  // namespace corevla::cli
