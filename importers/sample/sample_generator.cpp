// SPDX-License-Identifier: MIT
#include "importers/sample/sample_generator.h"

#include "importers/sample/bench2drive_writer.h"
#include "importers/sample/cave_writer.h"
#include "importers/sample/eval_writer.h"
#include "importers/sample/extra_sessions.h"
#include "importers/sample/io_util.h"
#include "importers/sample/scenarios.h"
#include "importers/sample/truth.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

namespace corevla::sample {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".corevla-sample";

Result failure(std::string error) {
    Result r;
    r.error = std::move(error);
    return r;
}

int workerThreads() {
    // At least two (the budget is set for 2 cores); more where there are more.
    const unsigned hw = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp(hw, 2u, 8u));
}

}  // namespace

Result generate(const Options& o, const ProgressFn& progress, const CancelToken* cancel) {
    if (o.out.empty()) return failure("no output folder given");
    if (o.clipFrames < 25 || o.clipFrames > 5000)
        return failure("clip frames must be between 25 and 5000 (got " + std::to_string(o.clipFrames) + ")");
    if (o.caveSeconds < 6 || o.caveSeconds > 600)
        return failure("CAVE session length must be between 6 and 600 s (got " + std::to_string(o.caveSeconds) + ")");
    if (o.sessions < 0 || o.sessions > 500)
        return failure("extra sessions must be between 0 and 500 (got " + std::to_string(o.sessions) + ")");

    const fs::path truthPath = o.out / "truth.json";
    {
        std::ifstream in(truthPath, std::ios::binary);
        if (in) {
            const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            if (truthMatches(text, o.seed, o.clipFrames, o.caveSeconds, o.sessions)) {
                if (progress) progress(1.0, "sample set already present");
                Result r;
                r.ok = true;
                r.truthFile = truthPath;
                return r;
            }
        }
    }

    // Start clean: stale frames of an older run would become extra frames. Only
    // folders a previous run marked as its own are removed, never a user's data.
    std::error_code ec;
    const fs::path marker = o.out / kMarker;
    const bool ours = fs::exists(marker, ec);
    for (const char* sub : {"bench2drive", "eval", "cave"}) {
        if (!fs::exists(o.out / sub, ec)) continue;
        if (!ours)
            return failure((o.out / sub).string() + " exists and was not written by the sample generator; "
                           "choose an empty output folder");
        fs::remove_all(o.out / sub, ec);
        if (ec) return failure("cannot clear " + (o.out / sub).string() + ": " + ec.message());
    }
    fs::remove(truthPath, ec);
    std::string err;
    if (!ensureDir(o.out, err)) return failure(err);
    if (!writeFile(marker, "CoReVLA Workstation sample set; the generator may replace this folder's contents.\n", err))
        return failure(err);

    GenContext ctx;
    ctx.out = o.out;
    ctx.threads = workerThreads();
    ctx.cancel = cancel;
    ctx.progress = progress;
    const int evalA = 2 * o.clipFrames, evalB = o.clipFrames * 3 / 2;
    const std::vector<ExtraSession> extras = planExtraSessions(o.seed, o.sessions);
    ctx.totalUnits = 2.0 * o.clipFrames * 6 + 3.0 * (evalA + evalB) + 3.0 * o.caveSeconds * kCaveFps;
    for (const ExtraSession& x : extras) ctx.totalUnits += 0.2 * x.seconds * kCaveFps;  // a fifth of the pixels
    if (progress) progress(0.0, "simulating scenarios");

    const Timeline clip1 = clipPedestrianCrossing(o.seed, o.clipFrames);
    const Timeline clip2 = clipStaticCutIn(o.seed, o.clipFrames);
    const Timeline routeA = evalYieldToEmergency(o.seed, evalA);
    const Timeline routeB = evalParkingCrossingPedestrian(o.seed, evalB);
    if (ctx.cancelled()) return failure("cancelled");

    TruthFile truth;
    truth.seed = o.seed;
    truth.clipFrames = o.clipFrames;
    truth.caveSeconds = o.caveSeconds;
    truth.sessions = o.sessions;
    truth.records.resize(7 + extras.size());
    if (!(err = writeDatasetClip(ctx, clip1, kClipPedestrian, false, truth.records[0])).empty()) return failure(err);
    if (!(err = writeDatasetClip(ctx, clip2, kClipCutIn, true, truth.records[1])).empty()) return failure(err);
    if (!(err = writeEvaluation(ctx, {&routeA, kEvalEmergency, true}, {&routeB, kEvalPedestrian, false},
                                truth.records[2], truth.records[3]))
             .empty())
        return failure(err);
    const CaveInfo* sessions[] = {&kCaveCutIn, &kCaveBlocked, &kCaveEmergency};
    Timeline (*scripts[])(std::uint64_t, int, const CaveVariant&) = {caveCutIn, caveBlockedLane, caveEmergency};
    for (int i = 0; i < 3; ++i) {
        const Timeline tl = scripts[i](o.seed, o.caveSeconds, {});
        if (!(err = writeCaveSession(ctx, tl, *sessions[i], truth.records[static_cast<std::size_t>(4 + i)])).empty())
            return failure(err);
    }
    for (std::size_t i = 0; i < extras.size(); ++i) {
        const ExtraSession& x = extras[i];
        const Timeline tl = x.script(o.seed, x.seconds, x.variantFor());
        if (ctx.cancelled()) return failure("cancelled");
        if (!(err = writeCaveSession(ctx, tl, x.info(), truth.records[7 + i], kExtraWidth, kExtraHeight)).empty())
            return failure(err);
    }
    if (!writeFile(truthPath, truthJson(truth), err)) return failure(err);
    if (progress) progress(1.0, "sample set written");
    Result r;
    r.ok = true;
    r.truthFile = truthPath;
    return r;
}

Result writeLongCaveSession(const fs::path& out, const std::string& sessionId, int seconds, std::uint64_t seed,
                            const ProgressFn& progress) {
    if (seconds < 6 || seconds > 4 * 3600) return failure("session length must be between 6 s and 4 h");
    std::error_code ec;
    if (fs::exists(out / "cave" / sessionId / "session.json", ec)) {
        Result r;
        r.ok = true;  // already written (the benchmark keeps it between runs)
        return r;
    }
    GenContext ctx;
    ctx.out = out;
    ctx.threads = workerThreads();
    ctx.progress = progress;
    ctx.totalUnits = double(seconds) * kCaveFps;
    CaveInfo info = kCaveCutIn;
    info.sessionId = sessionId.c_str();
    // The simulated world grows with the scenario's length (road, traffic), and
    // so does the cost of every tick: a long session is a two-minute one played
    // over and over, its clock running on.
    Timeline tl = caveCutIn(seed, std::min(seconds, 120));
    const std::size_t loop = tl.ticks.size(), wanted = std::size_t(std::lround(seconds / tl.dt));
    tl.ticks.reserve(wanted);
    for (std::size_t i = loop; i < wanted; ++i) {
        Tick tick = tl.ticks[i % loop];
        tick.step = int(i);
        tick.t = double(i) * tl.dt;
        tl.ticks.push_back(std::move(tick));
    }
    tl.infractions.clear();
    TruthRecord truth;
    const std::string err = writeCaveSession(ctx, tl, info, truth);
    if (!err.empty()) return failure(err);
    Result r;
    r.ok = true;
    return r;
}

Result writeAnnoOnlyClip(const fs::path& clipDir, int frames, std::uint64_t seed) {
    if (frames < 1 || frames > 100000) return failure("frame count must be between 1 and 100000");
    const Timeline tl = clipStaticCutIn(seed, std::max(frames, 25));
    const std::string err = writeAnnoOnly(tl, clipDir, frames, workerThreads());
    if (!err.empty()) return failure(err);
    Result r;
    r.ok = true;
    return r;
}

}  // namespace corevla::sample
