// SPDX-License-Identifier: MIT
#include <cstdio>

#include "commands.h"
#include "storage/project.h"
#include "storage/summary_json.h"

namespace corevla::cli {

int runInfo(const Args& args) {
    const auto projectPath = args.value("project");
    if (!projectPath) return usageError("info needs --project P.corevla");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) {
        std::fprintf(stderr, "error: %s\n", project.lastError().c_str());
        return 1;
    }
    const auto recordings = project.recordings();
    if (!recordings) {
        std::fprintf(stderr, "error: %s\n", project.lastError().c_str());
        return 1;
    }
    if (args.flag("json")) {
        std::printf("%s\n", summariesToJson(*recordings).c_str());
        return 0;
    }
    std::printf("%s: %zu recordings\n", projectPath->c_str(), recordings->size());
    std::printf("%4s  %-17s %-48s %7s %8s %4s %9s %11s\n", "id", "source", "name", "frames", "seconds", "cams",
                "takeovers", "infractions");
    for (const auto& r : *recordings)
        std::printf("%4lld  %-17s %-48.48s %7d %8.1f %4zu %9d %11d\n", static_cast<long long>(r.id),
                    sourceKindName(r.source), r.name.c_str(), r.frames, r.durationS, r.cameras.size(), r.takeovers,
                    r.infractions);
    return 0;
}

}  // namespace corevla::cli
