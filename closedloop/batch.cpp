// SPDX-License-Identifier: MIT
#include "closedloop/batch.h"

#include <chrono>
#include <ctime>

#include "importers/import_runner.h"
#include "importers/sample/cave_writer.h"
#include "storage/project.h"

namespace corevla::closedloop {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// The run as a CAVE session; empty, or what went wrong.
std::string writeSession(const Run& run, const std::string& id, const std::string& model, const BatchOptions& o) {
    sample::GenContext ctx;
    ctx.out = o.folder;
    ctx.threads = o.threads;
    // No cancel here: a run that finished is written and imported whole.
    const std::string scenario(scenarioType(run.kind)), start = utcNow();
    sample::CaveInfo info{id.c_str(), scenario.c_str(), "SampleWorld", run.timeline.world.weather.name.c_str(),
                          "none (closed loop)", start.c_str(), model.c_str(), "closed loop"};
    sample::TruthRecord truth;
    return sample::writeCaveSession(ctx, run.timeline, info, truth, o.videoWidth, o.videoHeight);
}

// summary: the whole of summarise's answer, when asked (the abilities).
KindScores scoresOf(const std::vector<const Run*>& runs, bench2drive::DrivingSummary* summary = nullptr) {
    KindScores k;
    std::vector<bench2drive::RouteOutcome> outcomes;
    for (const Run* r : runs) {
        outcomes.push_back(r->outcome);
        k.routeCompletion += r->outcome.routeCompletion;
    }
    const bench2drive::DrivingSummary s = bench2drive::summarise(outcomes);
    k.routes = s.routes;
    k.successes = s.successes;
    k.drivingScore = s.drivingScore;
    k.successRate = s.successRate;
    if (!runs.empty()) k.routeCompletion /= double(runs.size());
    if (summary) *summary = s;
    return k;
}

}  // namespace

std::string sessionIdFor(Kind kind, std::uint64_t seed, const std::string& model) {
    std::string slug;
    for (const char c : model) {
        const char l = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
        const bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
        if (keep) slug += l;
        else if (!slug.empty() && slug.back() != '-') slug += '-';
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return "cl-" + std::string(kindName(kind)) + "-s" + std::to_string(seed) + "-" + (slug.empty() ? "model" : slug);
}

BatchResult runBatch(const std::vector<BatchModel>& models, const BatchOptions& o, Project* project) {
    BatchResult result;
    const int total = int(o.kinds.size()) * std::max(0, o.perKind) * int(models.size());
    int done = 0;
    const importers::ImportRunner importer;
    for (int i = 0; i < o.perKind && !result.cancelled; ++i) {
        for (const Kind kind : o.kinds) {
            const std::uint64_t seed = o.seed + std::uint64_t(i);
            for (const BatchModel& m : models) {
                if (o.run.cancel && o.run.cancel->cancelled()) {
                    result.cancelled = true;
                    break;
                }
                const std::string what = m.name + ": " + std::string(kindName(kind)) + " seed " + std::to_string(seed);
                if (o.progress) o.progress(double(done) / std::max(total, 1), what + " (" + std::to_string(done + 1) + "/" + std::to_string(total) + ")");
                BatchRun b;
                b.model = m.name;
                b.run = runScenario(makeScenario(kind, seed), m.driver, o.run);
                if (b.run.cancelled) {
                    result.cancelled = true;
                    break;
                }
                if (o.record) {
                    // A folder already there (a reused --out, two names alike) is never written over.
                    std::string id = sessionIdFor(kind, seed, m.name);
                    for (int k = 2; std::filesystem::exists(o.folder / "cave" / id); ++k) id = sessionIdFor(kind, seed, m.name) + "-" + std::to_string(k);
                    auto t0 = Clock::now();
                    b.error = writeSession(b.run, id, m.name, o);
                    b.writeS = since(t0);
                    if (b.error.empty()) b.session = (o.folder / "cave" / id).string();
                    if (b.error.empty() && project) {
                        t0 = Clock::now();
                        importers::ImportOptions io;
                        io.threads = o.threads;
                        const importers::ImportReport report = importer.run(*project, {b.session}, io);
                        for (const auto& s : report.stored)
                            if (s.id > 0 && s.outcome == Project::StoreOutcome::Inserted) b.recording = s.id;
                        if (!b.recording)
                            b.error = report.issues.empty() ? "the session was not imported" : report.issues.front().text();
                        b.importS = since(t0);
                    }
                }
                b.run.timeline.ticks.clear();  // written: the table needs only the scores
                b.run.timeline.ticks.shrink_to_fit();
                result.runs.push_back(std::move(b));
                ++done;
            }
            if (result.cancelled) break;
        }
    }
    if (o.progress && !result.cancelled) o.progress(1.0, "closed loop: " + std::to_string(done) + " runs");
    return result;
}

std::map<std::string, ModelScores> scoreBatch(const BatchResult& result) {
    std::map<std::string, std::vector<const Run*>> byModel;
    for (const BatchRun& b : result.runs) byModel[b.model].push_back(&b.run);
    std::map<std::string, ModelScores> out;
    for (const auto& [model, runs] : byModel) {
        ModelScores& s = out[model];
        bench2drive::DrivingSummary summary;
        s.all = scoresOf(runs, &summary);
        std::vector<const Run*> longTail;
        std::map<std::string, std::vector<const Run*>> byKind;
        for (const Run* r : runs) {
            if (isLongTail(r->kind)) longTail.push_back(r);
            byKind[std::string(kindName(r->kind))].push_back(r);
        }
        s.longTail = scoresOf(longTail);
        for (const auto& [kind, list] : byKind) s.byKind[kind] = scoresOf(list);
        s.abilities = summary.abilities;
        s.abilityMean = summary.abilityMean;
    }
    return out;
}

}  // namespace corevla::closedloop
