// SPDX-License-Identifier: MIT
// corevla demo: the collect-and-refine loop, headless, on freshly generated
// sample data (docs/training.md, "The demo"). Sessions are split in two by
// the seed: SFT learns generic driving from the first half's frames outside
// takeover segments, DPO refines it on the first half's takeovers, and both
// models are scored on the second half — the takeover decisions the driver
// overrode, and the normal driving around them. The project, its two runs
// and both models stay in --out for the workstation (`make demo`).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <tuple>
#include <simdjson.h>
#include <unistd.h>

#include "../commands.h"
#include "../progress_printer.h"
#include "dataset/export_dataset.h"
#include "dataset/normal_pairs.h"
#include "dataset/pair_drafter.h"
#include "dataset/segment_detector.h"
#include "importers/import_runner.h"
#include "importers/sample/sample_generator.h"
#include "model/file_io.h"
#include "storage/annotation_store.h"
#include "storage/hash.h"
#include "storage/json_writer.h"
#include "storage/project.h"
#include "storage/recording_time.h"
#include "storage/run_store.h"
#include "closed_loop_report.h"
#include "trainer/decision_eval.h"
#include "trainer/train.h"

namespace corevla::cli {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
    std::uint64_t seed = 1;
    int sessions = 56;  // about 26 held-out takeover decisions
    fs::path out;
    fs::path sample;  // recordings already written (`corevla sample`); empty: generate them
    bool json = false;
    int sftSteps = 500, dpoSteps = 450;  // with the sample, under 10 minutes on two cores
    bool closedLoop = false;             // then both models drive the closed loop's scenarios
    int closedLoopScenarios = 3;         // of each kind
    // A lesson is the overridden decision's scene seen a moment earlier or
    // later: a pair every strideS from leadS before that decision to the takeover.
    double lessonLeadS = 0.6, lessonStrideS = 0.1;
    // Normal-driving pairs (dataset/normal_pairs.h) per takeover pair: without
    // them DPO learns to stop for cars driving on (docs/closed-loop.md).
    double normalPairsPerTakeoverPair = 1.0;
};

// Of the normal-driving candidates, every pair rejecting KEEP at a speed-up
// (few) and a seeded draw of `stopping` of those rejecting STOP, spread over
// every training recording; left in frame order.
void drawNormalPairs(std::vector<PreferencePair>& candidates, std::size_t stopping, std::mt19937_64& rng) {
    const auto speedUps = std::stable_partition(candidates.begin(), candidates.end(),
                                                [](const PreferencePair& p) { return p.rejectedAction.speed == "KEEP"; });
    std::shuffle(speedUps, candidates.end(), rng);
    const auto drawn = std::min(std::size_t(candidates.end() - speedUps), stopping);
    candidates.erase(speedUps + std::ptrdiff_t(drawn), candidates.end());
    std::sort(candidates.begin(), candidates.end(), [](const PreferencePair& a, const PreferencePair& b) {
        return std::tuple{a.recording, a.decisionFrame, a.rejectedAction.speed} <
               std::tuple{b.recording, b.decisionFrame, b.rejectedAction.speed};
    });
}

void say(const std::string& text) {
    std::fprintf(stderr, "demo: %s\n", text.c_str());
    std::fflush(stderr);
}

// The run's configuration in the runs panel's keys (ui/run_config.h), so the
// workstation shows and re-runs it like one of its own.
std::string runConfig(const trainer::TrainOptions& t, bool fromFrames, const std::vector<std::int64_t>& pairs,
                      std::int64_t baseModel, const std::string& filter, const fs::path& modelConfig) {
    JsonWriter w;
    w.beginObject().key("kind").str(t.kind == trainer::DataKind::Dpo ? "dpo" : "sft").key("sft_from_frames").boolean(fromFrames);
    w.key("pair_ids").beginArray();
    for (std::int64_t id : pairs) w.integer(id);
    w.endArray().key("filter").str(filter).key("image_width").integer(128).key("base_model").integer(baseModel);
    w.key("init").str(t.init.string()).key("model_config").str(modelConfig.empty() ? "" : fs::absolute(modelConfig).string()).key("max_steps").integer(t.maxSteps);
    w.key("epochs").number(t.epochs, 6).key("lr").number(t.lr, 8).key("batch").integer(t.batch).key("grad_accum").integer(t.gradAccum);
    w.key("seed").integer(static_cast<long long>(t.seed)).key("beta").number(t.beta, 6).key("loss").str(trainer::lossTypeName(t.loss));
    w.key("replay").str(t.replay.string()).key("replay_weight").number(t.replayWeight, 6).key("augment").number(t.augment, 6);
    w.key("sft_weight").number(t.sftWeight, 6).key("label_smoothing").number(t.labelSmoothing, 6).key("eval_split").number(t.evalSplit, 6);
    w.key("eval_steps").integer(t.evalSteps).key("logging_steps").integer(t.loggingSteps).key("device").str(t.device);
    return w.key("precision").str(t.precision).endObject().take();
}

// One training run recorded in the project as the runs panel records it:
// its folder beside the project (data/ = the snapshot, out/), its metrics as
// they come, the model moved to `modelDir` and registered.
struct RunOutcome {
    std::string error;
    std::int64_t run = 0, model = 0;
    int steps = 0;
    fs::path folder;
};

RunOutcome trainRun(Project& project, trainer::TrainOptions t, const Run& base, const std::string& config, const fs::path& modelDir,
                    const std::string& modelName, const std::function<dataset::ExportResult(const fs::path&)>& snapshot) {
    RunOutcome outcome;
    RunStore store(project);
    const auto id = store.insertRun(base);
    if (!id) {
        outcome.error = store.lastError();
        return outcome;
    }
    Run run = base;
    run.id = outcome.run = *id;
    outcome.steps = t.maxSteps;
    run.config = config;
    const fs::path folder = newRunFolder(project.path(), *id);
    run.folder = folder.string();
    outcome.folder = folder;
    const auto started = std::chrono::steady_clock::now();
    auto finish = [&](RunStatus status, const std::string& error) {
        run.durationS = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        run.status = status;
        run.error = error;
        store.saveRun(run);
        outcome.error = error;
        return outcome;
    };
    const dataset::ExportResult exported = snapshot(folder / "data");
    if (!exported.ok) return finish(RunStatus::Failed, exported.errors.empty() ? "the snapshot failed" : exported.errors.front());
    run.snapshotHash = hashToHex(exported.contentHash);
    run.examples = exported.pairs;
    store.saveRun(run);
    t.data = folder / "data";
    t.out = folder / "out";
    simdjson::dom::parser parser;
    const auto result = trainer::train(t, [&](const std::string& line) {
        simdjson::dom::object o;
        if (parser.parse(line).get(o)) return;
        std::string_view event;
        if (!o["event"].get(event)) {
            if (event == "start") {
                std::string_view device, precision;
                if (!o["device"].get(device) && !o["precision"].get(precision))
                    run.device = std::string(device) + " " + std::string(precision);
            }
            return;
        }
        std::int64_t step = 0;
        if (o["step"].get(step)) return;
        std::vector<std::pair<std::string, double>> values;
        for (auto [key, value] : o)
            if (double v = 0; !value.get(v)) values.emplace_back(std::string(key), v);
        store.addMetrics(run.id, metricPointsOf(int(step), values));
    });
    if (!result.ok) return finish(RunStatus::Failed, result.error);
    std::error_code ec;
    fs::create_directories(modelDir.parent_path(), ec);
    fs::rename(result.checkpoint, modelDir, ec);
    if (ec) return finish(RunStatus::Failed, modelDir.string() + ": " + ec.message());
    const auto model = store.registerOutput(run, modelName, fs::absolute(modelDir).string());
    if (!model) return finish(RunStatus::Failed, store.lastError());
    outcome.model = *model;
    return finish(RunStatus::Completed, "");
}

// Frames every strideS seconds from leadS before `decision` to `event`
// (within the segment): the scene of an overridden decision, the hazard
// already in it, seen a little earlier or later.
std::vector<int> lessonFrames(const Recording& r, const Segment& s, int decision, int event, double leadS, double strideS) {
    const double from = frameTime(r, decision) - leadS, to = frameTime(r, event);
    std::vector<int> frames;
    for (double t = from; t <= to + 1e-6; t += strideS) {
        const int frame = frameAtTime(r, t);
        if (frame >= s.startFrame && frame <= event && (frames.empty() || frames.back() != frame)) frames.push_back(frame);
    }
    return frames;
}

struct ModelScores {
    trainer::DecisionScores takeover, normal;
};

std::optional<ModelScores> scoreModel(const fs::path& model, const fs::path& evalDir, std::string* error) {
    model::GeneratorOptions g;
    g.device = "cpu";
    auto backend = model::embeddedBackend(model, g, error);
    if (!backend) return std::nullopt;
    ModelScores s;
    const auto scored = [&](const char* part) -> std::optional<trainer::DecisionScores> {
        auto scores = trainer::scoreDecisions(*backend, evalDir / part, error);
        if (scores && scores->failed) return *error = scores->firstError, std::nullopt;
        return scores;
    };
    auto takeover = scored("takeover");
    if (!takeover) return std::nullopt;
    auto normal = scored("normal");
    if (!normal) return std::nullopt;
    s.takeover = *takeover;
    s.normal = *normal;
    return s;
}

// The held-out scores beside the run's own metrics (the runs panel shows
// both runs' side by side) and in its model's note (the Models tab).
void recordScores(Project& project, const RunOutcome& run, const ModelScores& s) {
    RunStore store(project);
    store.addMetrics(run.run, {{"eval", "heldout_takeover_agreement", run.steps, s.takeover.agreement()},
                               {"eval", "heldout_normal_agreement", run.steps, s.normal.agreement()},
                               {"eval", "heldout_takeover_bleu4", run.steps, s.takeover.bleu4},
                               {"eval", "heldout_normal_bleu4", run.steps, s.normal.bleu4}});
    if (auto model = store.model(run.model)) {
        char note[200];
        std::snprintf(note, sizeof note, "held-out sessions: takeover agreement %.1f%% (%d), normal %.1f%% (%d)",
                      100 * s.takeover.agreement(), s.takeover.n, 100 * s.normal.agreement(), s.normal.n);
        model->note = note;
        store.saveModel(*model);
    }
}

void writeModel(JsonWriter& w, const char* name, const ModelScores& s) {
    const int n = s.takeover.n + s.normal.n;
    const auto mean = [&](double a, double b) { return n ? (a * s.takeover.n + b * s.normal.n) / n : 0.0; };
    w.key(name).beginObject().key("takeover_agreement").number(s.takeover.agreement(), 6).key("takeover_n").integer(s.takeover.n);
    w.key("normal_agreement").number(s.normal.agreement(), 6).key("normal_n").integer(s.normal.n);
    w.key("bleu4").number(mean(s.takeover.bleu4, s.normal.bleu4), 6).key("rouge_l").number(mean(s.takeover.rougeL, s.normal.rougeL), 6);
    w.endObject();
}

int demo(const DemoOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    if (fs::exists(o.out / "project.corevla", ec)) return fail((o.out / "project.corevla").string() + " exists: the demo never overwrites a project; choose another --out");
    fs::create_directories(o.out, ec);
    if (ec) return fail(o.out.string() + ": " + ec.message());

    sample::Options so;
    so.out = o.sample.empty() ? o.out / "sample" : o.sample;
    so.seed = o.seed;
    so.sessions = o.sessions;
    if (o.sample.empty()) {
        say("generating the sample (seed " + std::to_string(o.seed) + ", " + std::to_string(o.sessions) + " extra sessions)");
        if (const auto made = sample::generate(so, {}); !made.ok) return fail("sample: " + made.error);
    }

    Project project;
    if (!project.open((o.out / "project.corevla").string(), Project::Mode::OpenOrCreate)) return fail(project.lastError());
    say("importing");
    const auto report = importers::ImportRunner().run(project, {so.out}, {});
    if (!report.ok()) return fail("import: " + (report.issues.empty() ? std::string("failed") : report.issues.front().text()));
    const auto summaries = project.recordings();
    if (!summaries) return fail(project.lastError());

    // The CAVE sessions split in two by the seed, each scenario on both sides
    // (a split that left one kind of takeover out of training would test
    // what nobody taught); the other recordings only teach.
    std::map<std::string, std::vector<std::int64_t>> byScenario;
    std::vector<std::int64_t> train, heldout;
    for (const RecordingSummary& s : *summaries)
        if (s.source == SourceKind::CaveSession) byScenario[s.scenario].push_back(s.id);
        else train.push_back(s.id);
    std::mt19937_64 splitRng(o.seed * 7919 + 17);
    bool extraToTrain = true;  // odd groups alternate which side gets the extra session
    for (auto& [scenario, ids] : byScenario) {
        std::shuffle(ids.begin(), ids.end(), splitRng);
        const std::size_t trainCount = (ids.size() + (extraToTrain ? 1 : 0)) / 2;
        if (ids.size() % 2) extraToTrain = !extraToTrain;
        train.insert(train.end(), ids.begin(), ids.begin() + std::ptrdiff_t(trainCount));
        heldout.insert(heldout.end(), ids.begin() + std::ptrdiff_t(trainCount), ids.end());
    }
    std::sort(train.begin(), train.end());
    std::sort(heldout.begin(), heldout.end());
    const std::size_t trainSessions = std::count_if(summaries->begin(), summaries->end(), [&](const RecordingSummary& s) {
        return s.source == SourceKind::CaveSession && std::binary_search(train.begin(), train.end(), s.id);
    });

    say("detecting takeovers and drafting pairs");
    AnnotationStore annotations(project);
    std::vector<std::int64_t> trainPairs;
    std::vector<PreferencePair> heldoutDecisions, normalCandidates;
    int agreeingHeldout = 0;
    dataset::NormalPairOptions normalOptions;
    normalOptions.author = "demo (normal driving)";
    for (const RecordingSummary& summary : *summaries) {
        const auto recording = project.load(summary.id);
        if (!recording) return fail(project.lastError());
        const auto detected = annotations.storeDetected(summary.id, dataset::detectSegments(*recording));
        if (!detected) return fail(annotations.lastError());
        const bool isHeldout = std::binary_search(heldout.begin(), heldout.end(), summary.id);
        if (!isHeldout)
            for (PreferencePair& p : dataset::normalDrivingPairs(*recording, detected->segments, normalOptions))
                normalCandidates.push_back(std::move(p));
        for (const Segment& s : detected->segments) {
            if (s.kind != SegmentKind::Takeover) continue;
            // The decision the driver overrode is the one in force when they
            // took over (the pair drafter's default). Earlier ones stood: the
            // driver let them play out, often before the hazard had begun.
            dataset::DraftOptions d;
            d.author = isHeldout ? "demo (held out)" : "demo";
            const PreferencePair overriddenPair = dataset::draftPair(*recording, s, d);
            const bool overridden = !(overriddenPair.chosenAction == overriddenPair.rejectedAction);
            if (isHeldout) agreeingHeldout += !overridden;
            if (!overridden) continue;  // the driver did as the model: neither a lesson nor a test
            const int event = s.eventFrame >= 0 ? s.eventFrame : s.startFrame;
            const std::vector<int> frames = isHeldout ? std::vector<int>{overriddenPair.decisionFrame}
                                                      : lessonFrames(*recording, s, overriddenPair.decisionFrame, event,
                                                                     o.lessonLeadS, o.lessonStrideS);
            for (int frame : frames) {
                d.decisionFrame = frame;
                PreferencePair p = dataset::draftPair(*recording, s, d);
                if (p.chosenAction == p.rejectedAction) continue;
                p.status = isHeldout ? PairStatus::Draft : PairStatus::Approved;
                p.reviewer = isHeldout ? "" : "demo";
                const auto id = annotations.insertPair(p);
                if (!id) return fail(annotations.lastError());
                p.id = *id;
                (isHeldout ? heldoutDecisions.push_back(p) : trainPairs.push_back(*id));
            }
        }
    }
    if (trainPairs.empty() || heldoutDecisions.empty())
        return fail("the sample has too few takeovers (" + std::to_string(trainPairs.size()) + " pairs to train on, " +
                    std::to_string(heldoutDecisions.size()) + " held-out decisions): give more --sessions");
    const std::size_t takeoverPairs = trainPairs.size();
    drawNormalPairs(normalCandidates, std::size_t(std::lround(o.normalPairsPerTakeoverPair * double(takeoverPairs))),
                    splitRng);
    for (PreferencePair& p : normalCandidates) {
        p.status = PairStatus::Approved;
        p.reviewer = "demo";
        const auto id = annotations.insertPair(p);
        if (!id) return fail(annotations.lastError());
        trainPairs.push_back(*id);
    }
    say(std::to_string(takeoverPairs) + " approved takeover pairs and " + std::to_string(normalCandidates.size()) +
        " normal-driving pairs from " + std::to_string(train.size()) + " recordings; " +
        std::to_string(heldoutDecisions.size()) + " held-out takeover decisions in " + std::to_string(heldout.size()) +
        " sessions (" + std::to_string(agreeingHeldout) + " where the driver did as the model are left out)");

    dataset::ExportOptions ex;
    ex.maxWidth = 128;
    dataset::FrameQaOptions trainFrames;
    trainFrames.excludeSegments = true;
    trainFrames.recordings = train;

    trainer::TrainOptions sft;
    sft.kind = trainer::DataKind::Sft;
    sft.maxSteps = o.sftSteps;
    // The last two prompt frames at the vision encoder's full 8x4 grid: a
    // car edging into the lane and the mirror's ambulance span a few
    // pixels, which 8 pooled tokens a frame averaged away (docs/training.md).
    sft.model.frames = 2;
    sft.model.tokensPerFrame = 32;
    const fs::path modelConfig = o.out / "model-config.json";
    if (!model::writeFileDurably(modelConfig, sft.model.toJson())) return fail(modelConfig.string() + ": cannot be written");
    sft.seed = o.seed;
    sft.evalSplit = 0.05;
    sft.loggingSteps = 20;
    sft.evalSteps = std::max(1, o.sftSteps / 4);
    Run sftRun;
    sftRun.kind = RunKind::Sft;
    say("SFT on the normal driving of " + std::to_string(train.size()) + " recordings, " + std::to_string(o.sftSteps) + " steps");
    const auto sftOut = trainRun(project, sft, sftRun, runConfig(sft, true, {}, 0, "frames outside segments", modelConfig), o.out / "models" / "sft",
                                 "sft (demo)", [&](const fs::path& dir) {
                                     dataset::ExportOptions e = ex;
                                     e.format = dataset::ExportFormat::LlamaFactorySft;
                                     e.out = dir;
                                     return dataset::exportFrames(project, trainFrames, e);
                                 });
    if (!sftOut.error.empty()) return fail("SFT: " + sftOut.error);

    trainer::TrainOptions dpo;
    dpo.kind = trainer::DataKind::Dpo;
    dpo.init = o.out / "models" / "sft";
    dpo.maxSteps = o.dpoSteps;
    dpo.seed = o.seed;
    dpo.batch = 8;
    dpo.lr = 3e-4;
    dpo.beta = 0.1;
    dpo.sftWeight = 1.0;
    dpo.replay = sftOut.folder / "data";  // the normal driving SFT learned, kept while DPO refines
    dpo.replayWeight = 2.0;
    dpo.evalSplit = 0.1;
    dpo.loggingSteps = 10;
    dpo.evalSteps = std::max(1, o.dpoSteps / 4);
    Run dpoRun;
    dpoRun.kind = RunKind::Dpo;
    dpoRun.baseModel = sftOut.model;
    dpoRun.pairIds = trainPairs;
    say("DPO on " + std::to_string(takeoverPairs) + " takeover and " + std::to_string(normalCandidates.size()) +
        " normal-driving pairs, " + std::to_string(o.dpoSteps) + " steps");
    const auto dpoOut = trainRun(project, dpo, dpoRun, runConfig(dpo, false, trainPairs, sftOut.model, "approved", {}), o.out / "models" / "dpo",
                                 "dpo (demo)", [&](const fs::path& dir) {
                                     dataset::ExportOptions e = ex;
                                     e.format = dataset::ExportFormat::LlamaFactoryDpo;
                                     e.out = dir;
                                     e.pairIds = trainPairs;
                                     return dataset::exportDataset(project, e);
                                 });
    if (!dpoOut.error.empty()) return fail("DPO: " + dpoOut.error);

    say("evaluating on the held-out sessions");
    dataset::ExportOptions e = ex;
    e.format = dataset::ExportFormat::LlamaFactorySft;  // the driver's answers as references
    e.out = o.out / "eval" / "takeover";
    if (const auto r = dataset::exportPairs(project, heldoutDecisions, e); !r.ok) return fail("held-out takeovers: " + r.errors.front());
    dataset::FrameQaOptions heldoutFrames;
    heldoutFrames.excludeSegments = true;
    heldoutFrames.recordings = heldout;
    heldoutFrames.everyS = 1.0;
    e.out = o.out / "eval" / "normal";
    if (const auto r = dataset::exportFrames(project, heldoutFrames, e); !r.ok) return fail("held-out driving: " + r.errors.front());
    std::string error;
    const auto sftScores = scoreModel(o.out / "models" / "sft", o.out / "eval", &error);
    const auto dpoScores = sftScores ? scoreModel(o.out / "models" / "dpo", o.out / "eval", &error) : std::nullopt;
    if (!dpoScores) return fail(error);
    recordScores(project, sftOut, *sftScores);
    recordScores(project, dpoOut, *dpoScores);
    // The closed loop: both models drive every kind's scenarios, on the closed
    // loop's own random streams, which no training session drew from.
    std::optional<closedloop::BatchResult> closed;
    closedloop::BatchOptions co;
    if (o.closedLoop) {
        say("the closed loop: SFT and DPO drive " + std::to_string(o.closedLoopScenarios) + " scenarios of each kind");
        co.perKind = o.closedLoopScenarios;
        co.seed = o.seed;
        co.folder = o.out / "closed-loop";
        co.progress = progressPrinter(o.json);
        std::vector<ModelSpec> drivers(2);
        drivers[0].name = "sft (demo)", drivers[0].checkpoint = o.out / "models" / "sft";
        drivers[1].name = "dpo (demo)", drivers[1].checkpoint = o.out / "models" / "dpo";
        model::GeneratorOptions g;
        g.device = "cpu";  // as the held-out scores ask them
        closed = runClosedLoop(project, drivers, co, g, &error);
        if (!closed) return fail("closed loop: " + error);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (o.json) {
        JsonWriter w;
        w.beginObject().key("models").beginObject();
        writeModel(w, "sft", *sftScores);
        writeModel(w, "dpo", *dpoScores);
        w.endObject().key("seed").integer(static_cast<long long>(o.seed));
        w.key("sessions").beginObject().key("train").integer(static_cast<long long>(trainSessions));
        w.key("heldout").integer(static_cast<long long>(heldout.size())).endObject();
        w.key("pairs").integer(static_cast<long long>(takeoverPairs));
        w.key("normal_pairs").integer(static_cast<long long>(normalCandidates.size())).key("seconds").number(seconds, 4);
        if (closed) w.key("closed_loop").raw(closedLoopJson(*closed, co));
        w.key("out").str(fs::absolute(o.out).string()).endObject();
        std::printf("%s\n", w.take().c_str());
        return 0;
    }
    std::printf("CoReVLA demo, seed %llu: %zu takeover and %zu normal-driving pairs; %zu sessions trained on, "
                "%zu held out (%.0f s)\n\n",
                static_cast<unsigned long long>(o.seed), takeoverPairs, normalCandidates.size(), trainSessions, heldout.size(), seconds);
    std::printf("%-6s %22s %22s %8s %8s\n", "model", "takeover agreement", "normal agreement", "BLEU-4", "ROUGE-L");
    for (const auto& [name, s] : {std::pair{"SFT", *sftScores}, std::pair{"DPO", *dpoScores}}) {
        const int n = s.takeover.n + s.normal.n;
        std::printf("%-6s %14.1f%% (%4d) %14.1f%% (%4d) %8.2f %8.2f\n", name, 100 * s.takeover.agreement(), s.takeover.n,
                    100 * s.normal.agreement(), s.normal.n, n ? (s.takeover.bleu4 * s.takeover.n + s.normal.bleu4 * s.normal.n) / n : 0,
                    n ? (s.takeover.rougeL * s.takeover.n + s.normal.rougeL * s.normal.n) / n : 0);
    }
    if (closed) std::printf("\nclosed loop, %d scenarios of each kind (Bench2Drive's scores):\n%s", o.closedLoopScenarios, closedLoopTable(*closed).c_str());
    std::printf("\nproject, runs and models: %s\n", fs::absolute(o.out).string().c_str());
    return 0;
}

}  // namespace

int runDemo(const Args& args) {
    DemoOptions o;
    if (const auto seed = args.value("seed")) {
        const auto v = args.integer("seed");
        if (!v || *v < 0) return usageError("--seed needs a number >= 0, not \"" + *seed + "\"");
        o.seed = std::uint64_t(*v);
    }
    for (auto [key, target, low] : {std::tuple{"sessions", &o.sessions, 4}, std::tuple{"sft-steps", &o.sftSteps, 1},
                                     std::tuple{"dpo-steps", &o.dpoSteps, 1}})
        if (const auto text = args.value(key)) {
            const auto v = args.integer(key);
            if (!v || *v < low || *v > 100000) return usageError(std::string("--") + key + " needs a number from " + std::to_string(low));
            *target = int(*v);
        }
    o.json = args.flag("json");
    o.closedLoop = args.flag("closed-loop") || args.value("closed-loop-scenarios");
    if (args.value("closed-loop-scenarios")) {
        const auto v = args.integer("closed-loop-scenarios");
        if (!v || *v < 1 || *v > 1000) return usageError("--closed-loop-scenarios needs a number from 1");
        o.closedLoopScenarios = int(*v);
    }
    o.sample = args.value("sample", "");
    const bool keep = args.value("out").has_value();
    o.out = keep ? fs::path(*args.value("out")) : fs::temp_directory_path() / ("corevla-demo-" + std::to_string(getpid()));
    const int code = demo(o);
    if (!keep) fs::remove_all(o.out);
    return code;
}

}  // namespace corevla::cli
