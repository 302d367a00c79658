// SPDX-License-Identifier: MIT
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "commands.h"
#include "dataset/dataset_check.h"
#include "dataset/export_dataset.h"
#include "dataset/llamafactory_run.h"
#include "progress_printer.h"
#include "storage/hash.h"
#include "storage/project.h"

namespace corevla::cli {
namespace {

constexpr const char* kExportUsage =
    "export needs --project P --format llamafactory-dpo|trl-dpo|llamafactory-sft|llamafactory-run --out DIR "
    "[--status approved|needs-review|draft|rejected|any | --pairs ID,ID...] (or: export --check DIR; or: --format llamafactory-sft "
    "--from frames [--every S] [--recording ID] [--exclude-segments])";

// export --check DIR: one line per problem, exit 1 when there is any.
int check(const std::string& dir) {
    const dataset::CheckReport report = dataset::checkDataset(dir);
    for (const auto& problem : report.problems) std::printf("%s\n", problem.text().c_str());
    for (const auto& note : report.notes) std::printf("note: %s\n", note.c_str());
    std::string formats;
    for (const auto& f : report.formats) formats += (formats.empty() ? "" : ", ") + f;
    std::printf("%s: %s; %ld example(s), %ld image(s): %s\n", dir.c_str(), formats.empty() ? "no dataset" : formats.c_str(),
                report.entries, report.images,
                report.clean() ? "no problems" : (std::to_string(report.problems.size()) + " problem(s)").c_str());
    return report.clean() ? 0 : 1;
}

// "3,17,42": positive ids, no duplicates.
bool parseIds(const std::string& text, std::vector<std::int64_t>* ids) {
    const char* p = text.c_str();
    while (*p) {
        char* end = nullptr;
        const long long id = std::strtoll(p, &end, 10);
        if (end == p || id <= 0 || (*end && *end != ',')) return false;
        if (std::find(ids->begin(), ids->end(), id) != ids->end()) return false;
        ids->push_back(id);
        p = *end ? end + 1 : end;
    }
    return !ids->empty();
}

// --from frames: its own options, read here so that a pair export refuses them.
bool frameOptions(const Args& args, bool fromFrames, dataset::FrameQaOptions& o, std::string& usage) {
    const bool any = args.value("every") || args.value("recording") || args.flag("exclude-segments");
    if (!fromFrames) {
        if (any) usage = "--every, --recording and --exclude-segments apply to --from frames only";
        return !any;
    }
    if (args.value("status")) {
        usage = "--status filters pairs; --from frames takes every recording's frames";
        return false;
    }
    if (const auto every = args.value("every")) {
        char* end = nullptr;
        o.everyS = std::strtod(every->c_str(), &end);
        if (end == every->c_str() || *end || !(o.everyS >= 0.05)) {
            usage = "--every needs seconds >= 0.05 (got \"" + *every + "\")";
            return false;
        }
    }
    if (args.value("recording")) {
        const auto id = args.integer("recording");
        if (!id || *id <= 0) {
            usage = "--recording needs a recording id (corevla info lists them)";
            return false;
        }
        o.recordings = {*id};
    }
    o.excludeSegments = args.flag("exclude-segments");
    return true;
}

// `--name N` into `value` when given; false, with `usage` saying why, when N is not a number of its kind.
template <class T>
bool setNumber(const Args& args, const char* name, T& value, std::string& usage) {
    if (!args.value(name)) return true;
    if constexpr (std::is_integral_v<T>) {
        if (const auto n = args.integer(name)) return value = T(*n), true;
        usage = std::string("--") + name + " needs a whole number";
    } else {
        if (const auto n = args.number(name)) return value = *n, true;
        usage = std::string("--") + name + " needs a number";
    }
    return false;
}

// --format llamafactory-run: the dataset of --stage plus train.yaml and its
// README (dataset/llamafactory_run.h); options as `corevla train` names them.
bool runOptions(const Args& args, dataset::LlamaFactoryRun& run, std::string& usage) {
    run.stage = args.value("stage", "");
    run.model = args.value("base-model", run.model);
    run.adapter = args.value("adapter", "");
    run.outputDir = args.value("output-dir", "");
    run.loss = args.value("loss", run.loss);
    const bool numbers = setNumber(args, "lr", run.learningRate, usage) && setNumber(args, "epochs", run.epochs, usage) &&
                         setNumber(args, "beta", run.beta, usage) && setNumber(args, "sft-weight", run.sftWeight, usage) &&
                         setNumber(args, "label-smoothing", run.labelSmoothing, usage) && setNumber(args, "gpus", run.gpus, usage) &&
                         setNumber(args, "batch", run.batch, usage) && setNumber(args, "grad-accum", run.gradAccum, usage) &&
                         setNumber(args, "seed", run.seed, usage);
    if (!numbers) return false;
    usage = dataset::runProblem(run);
    return usage.empty();
}

}  // namespace

// export --project P --format F --out DIR [--status S|any] [--from pairs|frames] [--every S] [--recording ID]
//        [--exclude-segments] [--width W] [--threads N] [--quiet]
int runExport(const Args& args) {
    if (const auto dir = args.value("check")) return check(*dir);
    const auto projectPath = args.value("project");
    const auto formatName = args.value("format");
    const auto out = args.value("out");
    if (!projectPath || !formatName || !out) return usageError(kExportUsage);
    dataset::ExportOptions options;
    const bool run = *formatName == "llamafactory-run";
    dataset::LlamaFactoryRun runConfig;
    if (std::string usage; run && !runOptions(args, runConfig, usage)) return usageError(usage);
    if (!run && args.value("stage")) return usageError("--stage applies to --format llamafactory-run only");
    const auto format = run ? (runConfig.stage == "sft" ? dataset::ExportFormat::LlamaFactorySft : dataset::ExportFormat::LlamaFactoryDpo)
                            : dataset::exportFormatFromName(*formatName);
    if (!format) return usageError("--format is one of llamafactory-dpo, trl-dpo, llamafactory-sft, llamafactory-run");
    options.format = *format;
    if (run) options.extraFiles = dataset::llamaFactoryRunFiles(runConfig, dataset::datasetName(*format));
    const std::string from = args.value("from", "pairs");
    if (from != "pairs" && from != "frames") return usageError("--from is pairs or frames (got \"" + from + "\")");
    if (args.value("from") && *format != dataset::ExportFormat::LlamaFactorySft)
        return usageError("--from applies to --format llamafactory-sft only");
    dataset::FrameQaOptions frames;
    if (std::string usage; !frameOptions(args, from == "frames", frames, usage)) return usageError(usage);
    const std::string status = args.value("status", "approved");
    if (status != "any") {
        options.status = pairStatusFromName(status);
        if (!options.status) return usageError("--status is one of draft, needs-review, approved, rejected, any");
    } else {
        options.status.reset();
    }
    if (const auto ids = args.value("pairs")) {
        if (from == "frames" || args.value("status")) return usageError("--pairs names the pairs itself: no --status, no --from frames");
        if (!parseIds(*ids, &options.pairIds)) return usageError("--pairs needs pair ids separated by commas (got \"" + *ids + "\")");
        options.status.reset();
    }
    options.out = *out;
    options.maxWidth = static_cast<int>(args.integer("width").value_or(0));
    if (args.value("width") && (!args.integer("width") || options.maxWidth < 0)) return usageError("--width needs pixels >= 0");
    options.threads = static_cast<int>(args.integer("threads").value_or(0));
    options.progress = progressPrinter(args.flag("quiet"));
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    const auto started = std::chrono::steady_clock::now();
    const dataset::ExportResult result = from == "frames" ? dataset::exportFrames(project, frames, options)
                                                          : dataset::exportDataset(project, options);
    for (const auto& warning : result.warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
    for (const auto& error : result.errors) std::fprintf(stderr, "error: %s\n", error.c_str());
    if (!result.ok) {
        std::fprintf(stderr, "nothing exported\n");
        return 1;
    }
    if (from == "frames") {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("exported %d example(s) from frames (%d inside segments left out, %d skipped), %d image(s) as %s "
                    "to %s in %.1f s (%.0f examples/s); content hash %s\n",
                    result.pairs, result.excluded, result.skipped, result.images, formatName->c_str(), out->c_str(), s,
                    s > 0 ? result.pairs / s : 0.0, hashToHex(result.contentHash).c_str());
        return 0;
    }
    std::printf("exported %d pair(s), %d image(s) as %s to %s (%s); content hash %s\n", result.pairs, result.images,
                formatName->c_str(), out->c_str(), options.pairIds.empty() ? ("status " + status).c_str() : "the pairs named",
                hashToHex(result.contentHash).c_str());
    return 0;
}

}  // namespace corevla::cli
