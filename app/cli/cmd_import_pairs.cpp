// SPDX-License-Identifier: MIT
#include <cstdio>

#include "commands.h"
#include "dataset/import_pairs.h"
#include "storage/project.h"

namespace corevla::cli {

// import-pairs --project P FILE [--author NAME]: all entries or none.
int runImportPairs(const Args& args) {
    const auto projectPath = args.value("project");
    if (!projectPath || args.positional().size() != 1)
        return usageError("import-pairs needs --project P FILE (a LLaMA-Factory DPO JSON)");
    const std::string file = args.positional().front();
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenOrCreate)) return fail(project.lastError());
    dataset::ImportPairsOptions options;
    options.author = whoAmI(args, "author");
    const dataset::ImportPairsResult result = dataset::importPairs(project, file, options);
    if (!result.ok) {
        for (const auto& error : result.errors) std::fprintf(stderr, "error: %s\n", error.c_str());
        std::fprintf(stderr, "nothing imported from %s\n", file.c_str());
        return 1;
    }
    std::printf("imported %zu pair(s) from %s as needs-review", result.ids.size(), file.c_str());
    if (!result.ids.empty()) std::printf(" (ids %lld-%lld)", (long long)result.ids.front(), (long long)result.ids.back());
    std::printf("; %d already imported and unchanged\n", result.unchanged);
    return 0;
}

}  // namespace corevla::cli
