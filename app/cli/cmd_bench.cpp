// SPDX-License-Identifier: MIT
// `corevla bench playback`: playback speed of one recording on this machine.
#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "importers/media/playback_bench.h"
#include "storage/project.h"

namespace corevla::cli {

int runBench(const Args& args) {
    const auto& what = args.positional();
    const auto projectPath = args.value("project");
    const auto id = args.integer("recording");
    if (what.size() != 1 || what[0] != "playback" || !projectPath || !id)
        return usageError("bench needs: playback --project P --recording ID [--cameras N] [--width W] [--seconds S] "
                          "[--json] (also --seeks N, --threads N, --cache-mb M)");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) {
        std::fprintf(stderr, "error: %s\n", project.lastError().c_str());
        return 1;
    }
    const auto recording = project.load(*id);
    if (!recording) {
        std::fprintf(stderr, "error: recording %lld is not in %s\n", static_cast<long long>(*id), projectPath->c_str());
        return 1;
    }
    importers::PlaybackBenchOptions options;
    options.cameras = static_cast<int>(args.integer("cameras").value_or(0));
    options.width = static_cast<int>(args.integer("width").value_or(0));
    options.seeks = static_cast<int>(args.integer("seeks").value_or(options.seeks));
    options.threads = static_cast<int>(args.integer("threads").value_or(options.threads));
    if (const auto mb = args.integer("cache-mb")) options.cacheBytes = std::size_t(std::max(1LL, *mb)) << 20;
    if (const auto seconds = args.value("seconds")) {
        try {
            options.seconds = std::stod(*seconds);
        } catch (...) {
            return usageError("--seconds needs a number");
        }
    }
    const auto result = importers::runPlaybackBench(*recording, options);
    if (args.flag("json")) std::printf("%s\n", importers::playbackBenchJson(result).c_str());
    else std::printf("recording %lld (%s)\n%s", static_cast<long long>(*id), recording->name.c_str(),
                     importers::playbackBenchText(result).c_str());
    if (!result.ok && args.flag("json")) std::fprintf(stderr, "error: %s\n", result.error.c_str());
    return result.ok ? 0 : 1;
}

}  // namespace corevla::cli
