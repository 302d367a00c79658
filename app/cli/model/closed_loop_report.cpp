// SPDX-License-Identifier: MIT
#include "closed_loop_report.h"

#include <cstdio>

#include "storage/json_writer.h"

namespace corevla::cli {

using namespace closedloop;

std::optional<BatchResult> runClosedLoop(Project& project, const std::vector<ModelSpec>& models, const BatchOptions& options,
                                         const model::GeneratorOptions& generator, std::string* error) {
    std::vector<std::unique_ptr<model::DecisionBackend>> backends;
    std::vector<BatchModel> drivers;
    for (const ModelSpec& spec : models) {
        auto backend = makeBackend(spec, generator, error);
        if (!backend) return *error = spec.name + ": " + *error, std::nullopt;
        model::DecisionBackend* b = backend.get();
        drivers.push_back({spec.name, [b](const DriveQuestion& q) {
                               const model::BackendAnswer a = b->decide(q.images, q.prompt);
                               return DriveAnswer{a.text, a.action, a.hasAction, a.error};
                           }});
        backends.push_back(std::move(backend));
    }
    return runBatch(drivers, options, &project);
}

namespace {

void kindScores(JsonWriter& w, const KindScores& k) {
    w.beginObject().key("driving_score").number(k.drivingScore, 6).key("success_rate").number(k.successRate, 6);
    w.key("route_completion").number(k.routeCompletion, 6).key("routes").integer(k.routes).key("successes").integer(k.successes);
    w.endObject();
}

}  // namespace

std::string closedLoopJson(const BatchResult& result, const BatchOptions& options) {
    JsonWriter w;
    w.beginObject().key("models").beginObject();
    for (const auto& [model, s] : scoreBatch(result)) {
        w.key(model).beginObject();
        w.key("driving_score").number(s.all.drivingScore, 6).key("success_rate").number(s.all.successRate, 6);
        w.key("route_completion").number(s.all.routeCompletion, 6).key("routes").integer(s.all.routes);
        w.key("successes").integer(s.all.successes);
        w.key("abilities").beginObject();
        for (const auto& [name, a] : s.abilities)
            w.key(name).beginObject().key("routes").integer(a.routes).key("successes").integer(a.successes).key("rate").number(a.rate(), 6).endObject();
        w.endObject();
        w.key("ability_mean");
        s.abilityMean ? (void)w.number(*s.abilityMean, 6) : (void)w.null();
        w.key("long_tail");
        kindScores(w, s.longTail);
        w.key("by_kind").beginObject();
        for (const auto& [kind, k] : s.byKind) {
            w.key(kind);
            kindScores(w, k);
        }
        w.endObject().endObject();
    }
    w.endObject();

    w.key("scenarios").beginArray();
    RunTiming timing;
    double simulated = 0, write = 0, import = 0;
    for (std::size_t i = 0; i < result.runs.size();) {
        const Run& first = result.runs[i].run;
        w.beginObject().key("kind").str(kindName(first.kind)).key("seed").integer(static_cast<long long>(first.seed));
        w.key("runs").beginArray();
        for (; i < result.runs.size() && result.runs[i].run.kind == first.kind && result.runs[i].run.seed == first.seed; ++i) {
            const BatchRun& b = result.runs[i];
            const Run& r = b.run;
            w.beginObject().key("model").str(b.model).key("driving_score").number(r.outcome.drivingScore, 6);
            w.key("route_completion").number(r.outcome.routeCompletion, 6).key("penalty").number(r.penalty, 6);
            w.key("status").str(r.outcome.status).key("success").boolean(bench2drive::routeSucceeded(r.outcome));
            w.key("infractions").beginArray();
            for (const sample::Infraction& inf : r.timeline.infractions)
                w.beginObject().key("key").str(inf.key).key("text").str(inf.text).key("frame").integer(inf.step / 2).endObject();
            w.endArray();
            const int firstTick = r.firstInfractionTick();
            w.key("first_infraction_frame");
            firstTick >= 0 ? (void)w.integer(firstTick / 2) : (void)w.null();
            w.key("seconds").number(r.simulatedS, 6).key("decisions").integer(r.decisions);
            w.key("unreadable_answers").integer(r.unreadable).key("model_errors").integer(r.errors);
            if (!r.firstError.empty()) w.key("first_model_error").str(r.firstError);
            w.key("recording").integer(b.recording).key("session").str(b.session);
            if (!b.error.empty()) w.key("error").str(b.error);
            w.endObject();
            timing.render += r.timing.render, timing.decide += r.timing.decide, timing.step += r.timing.step;
            simulated += r.simulatedS, write += b.writeS, import += b.importS;
        }
        w.endArray().endObject();
    }
    w.endArray();
    w.key("seed").integer(static_cast<long long>(options.seed)).key("per_kind").integer(options.perKind);
    w.key("kinds").beginArray();
    for (const Kind k : options.kinds) w.str(kindName(k));
    w.endArray();
    w.key("folder").str(options.folder.string()).key("cancelled").boolean(result.cancelled);
    w.key("timing").beginObject().key("simulated_s").number(simulated, 6).key("render_s").number(timing.render, 6);
    w.key("decide_s").number(timing.decide, 6).key("step_s").number(timing.step, 6).key("record_s").number(write, 6);
    w.key("import_s").number(import, 6).endObject();
    w.endObject();
    return w.take();
}

std::string closedLoopTable(const BatchResult& result) {
    std::string out;
    char line[256];
    const auto scores = scoreBatch(result);
    std::snprintf(line, sizeof line, "%-24s %-20s %6s %6s %6s %7s\n", "model", "scenarios", "DS", "SR %", "RC %", "routes");
    out += line;
    auto row = [&](const std::string& model, const std::string& what, const KindScores& k) {
        std::snprintf(line, sizeof line, "%-24s %-20s %6.1f %6.1f %6.1f %7d\n", model.c_str(), what.c_str(), k.drivingScore,
                      100 * k.successRate, k.routeCompletion, k.routes);
        out += line;
    };
    for (const auto& [model, s] : scores) {
        row(model, "all", s.all);
        if (s.longTail.routes) row(model, "long tail", s.longTail);
        for (const Kind kind : allKinds())
            if (const auto k = s.byKind.find(std::string(kindName(kind))); k != s.byKind.end()) row(model, "  " + k->first, k->second);
    }
    return out;
}

}  // namespace corevla::cli
