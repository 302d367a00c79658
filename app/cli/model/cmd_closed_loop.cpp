// SPDX-License-Identifier: MIT
// corevla closed-loop: the models drive the sample world's scenarios again,
// nobody takes over, each run is scored by Bench2Drive's rules, written as
// a CAVE session and imported into the project (docs/closed-loop.md).
// Progress on stderr; SIGINT or SIGTERM stops the batch after the runs that
// finished, which stay imported, and the table of those is printed.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>

#include "../commands.h"
#include "closed_loop_report.h"
#include "storage/project.h"
#include "storage/run_store.h"

namespace corevla::cli {
namespace {

constexpr const char* kUsage =
    "closed-loop needs --project P --model A [--model B ...] [--scenarios N] [--kinds LIST] [--seed S] [--out DIR] "
    "[--no-record] [--device D] [--threads N] [--json]";

CancelToken g_cancel;
static_assert(std::atomic<bool>::is_always_lock_free, "the handler's store must be async-signal-safe");
extern "C" void onStopSignal(int) { g_cancel.cancel(); }

// The first SIGINT or SIGTERM stops the batch after the runs that finished;
// a second one (a model that hangs) ends the process as usual.
void stopOnSignals() {
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

std::string stamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &tm);
    return text;
}

}  // namespace

int runClosedLoopCommand(const Args& args) {
    const auto projectPath = args.value("project");
    const std::vector<std::string> specs = args.values("model");
    if (!projectPath || specs.empty()) return usageError(std::string(kUsage) + " (" + kModelSpecHelp + ")");
    closedloop::BatchOptions options;
    std::string error;
    if (const auto kinds = args.value("kinds")) {
        const auto parsed = closedloop::parseKinds(*kinds, &error);
        if (!parsed) return usageError("--kinds: " + error);
        options.kinds = *parsed;
    }
    if (args.value("scenarios")) {
        const auto n = args.integer("scenarios");
        if (!n || *n < 1 || *n > 1000) return usageError("--scenarios needs a number of scenarios per kind, 1-1000");
        options.perKind = int(*n);
    }
    if (args.value("seed")) {
        const auto s = args.integer("seed");
        if (!s || *s < 0) return usageError("--seed needs a number >= 0");
        options.seed = std::uint64_t(*s);
    }
    if (const std::string problem = timeoutProblem(args); !problem.empty()) return usageError(problem);

    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    RunStore runs(project);
    const auto models = resolveModels(runs, specs, args, &error);
    if (!models) return fail(error);
    const std::filesystem::path projectDir = std::filesystem::absolute(*projectPath).parent_path();
    options.folder = args.value("out") ? std::filesystem::path(*args.value("out")) : projectDir / "closed-loop" / stamp();
    options.record = !args.flag("no-record");
    options.threads = std::max(1, int(args.integer("threads").value_or(2)));
    options.run.cancel = &g_cancel;
    // A line per run: the workstation's panel reads "NN%  what" off stderr.
    options.progress = [](double fraction, const std::string& what) {
        std::fprintf(stderr, "%3d%%  %s\n", int(fraction * 100 + 0.5), what.c_str());
        std::fflush(stderr);
    };
    stopOnSignals();

    model::GeneratorOptions generator;
    generator.device = args.value("device", "auto");
    generator.threads = int(args.integer("threads").value_or(0));
    const auto result = runClosedLoop(project, *models, options, generator, &error);
    if (!result) return fail(error);
    if (args.flag("json")) {
        std::printf("%s\n", closedLoopJson(*result, options).c_str());
    } else {
        std::printf("%s", closedLoopTable(*result).c_str());
        if (options.record) std::printf("\nruns recorded in %s and imported into %s\n", options.folder.c_str(), projectPath->c_str());
    }
    for (const closedloop::BatchRun& b : result->runs)
        if (!b.error.empty()) std::fprintf(stderr, "warning: %s %s: %s\n", b.model.c_str(), b.session.c_str(), b.error.c_str());
    if (result->cancelled) std::fprintf(stderr, "closed loop: stopped after %zu runs\n", result->runs.size());
    return result->cancelled ? 130 : 0;
}

}  // namespace corevla::cli
