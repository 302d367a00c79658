// SPDX-License-Identifier: MIT
#include <cstdio>

#include "commands.h"
#include "importers/sample/sample_generator.h"
#include "progress_printer.h"

namespace corevla::cli {

int runSample(const Args& args) {
    const auto out = args.value("out");
    if (!out) return usageError("sample needs --out DIR");
    sample::Options options;
    options.out = *out;
    if (auto seed = args.integer("seed")) options.seed = static_cast<std::uint64_t>(*seed);
    if (auto frames = args.integer("frames")) options.clipFrames = static_cast<int>(*frames);
    options.sessions = sample::kDefaultSessions;
    if (args.value("sessions")) {
        const auto sessions = args.integer("sessions");
        if (!sessions || *sessions < 0 || *sessions > 500) return usageError("--sessions needs a count from 0 to 500");
        options.sessions = static_cast<int>(*sessions);
    }
    const auto result = sample::generate(options, progressPrinter(args.flag("quiet")));
    if (!result.ok) {
        std::fprintf(stderr, "corevla: sample: %s\n", result.error.c_str());
        return 1;
    }
    std::printf("sample recordings in %s (truth: %s)\n", out->c_str(), result.truthFile.string().c_str());
    return 0;
}

}  // namespace corevla::cli
