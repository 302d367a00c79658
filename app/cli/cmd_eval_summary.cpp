// SPDX-License-Identifier: MIT
// eval-summary: Bench2Drive's driving score, success rate and abilities for
// every imported closed-loop evaluation (one results file each).
#include <cstdio>
#include <map>
#include <tuple>

#include "commands.h"
#include "importers/bench2drive/bench2drive_evaluations.h"
#include "storage/json_writer.h"
#include "storage/project.h"

namespace corevla::cli {
namespace {

using bench2drive::Evaluation;
using bench2drive::RouteChange;
using bench2drive::routeChanges;

std::string joined(const std::vector<std::string>& keys) {
    std::string text;
    for (const std::string& k : keys) text += (text.empty() ? "" : " ") + k;
    return text.empty() ? "-" : text;
}

void writeJson(const std::vector<Evaluation>& evaluations) {
    JsonWriter w;
    w.beginObject().key("evaluations").beginArray();
    for (const Evaluation& e : evaluations) {
        const auto s = bench2drive::summarise(e.routes);
        w.beginObject().key("name").str(bench2drive::evaluationName(e.results)).key("results").str(e.results);
        w.key("routes").integer(s.routes).key("successes").integer(s.successes);
        w.key("driving_score").number(s.drivingScore).key("success_rate").number(s.successRate);
        // As ability_benchmark.py writes them: the rate per ability and their mean.
        w.key("abilities").beginObject();
        for (const auto& [name, a] : s.abilities) w.key(name).number(a.rate());
        if (s.abilityMean) w.key("mean").number(*s.abilityMean);
        w.endObject().key("ability_routes").beginObject();
        for (const auto& [name, a] : s.abilities) w.key(name).integer(a.routes);
        w.endObject().endObject();
    }
    w.endArray().endObject();
    std::printf("%s\n", w.str().c_str());
}

void writeTable(const std::vector<Evaluation>& evaluations) {
    for (const Evaluation& e : evaluations) {
        const auto s = bench2drive::summarise(e.routes);
        std::printf("%s: %d route(s), driving score %.2f, success rate %.1f%% (%d)\n", bench2drive::evaluationName(e.results).c_str(), s.routes,
                    s.drivingScore, 100 * s.successRate, s.successes);
        for (const auto& [name, a] : s.abilities)
            std::printf("  %-16s %6.1f%%  (%d of %d)\n", name.c_str(), 100 * a.rate(), a.successes, a.routes);
        if (s.abilityMean) std::printf("  %-16s %6.1f%%\n", "mean", 100 * *s.abilityMean);
        std::map<std::string, int> unscored;  // a type outside the lists, or spelt differently there
        for (const auto& route : e.routes)
            if (bench2drive::abilitiesOf(route.scenario).empty()) ++unscored[route.scenario];
        if (unscored.empty()) continue;
        std::string names;
        int n = 0;
        for (const auto& [name, count] : unscored) names += (names.empty() ? "" : ", ") + name, n += count;
        std::printf("  %d route(s) in no ability: %s\n", n, names.c_str());
    }
}

void writeDiffTable(const Evaluation& a, const Evaluation& b) {
    const auto sa = bench2drive::summarise(a.routes), sb = bench2drive::summarise(b.routes);
    std::printf("%s -> %s: driving score %.2f -> %.2f, success rate %.1f%% -> %.1f%%\n", bench2drive::evaluationName(a.results).c_str(),
                bench2drive::evaluationName(b.results).c_str(), sa.drivingScore, sb.drivingScore, 100 * sa.successRate, 100 * sb.successRate);
    std::printf("%-26s %-30s %-28s %-28s %15s  %s\n", "route", "scenario", "status before", "status after", "DS", "infractions gained / lost");
    for (const RouteChange& c : routeChanges(a, b)) {
        char ds[48];
        std::snprintf(ds, sizeof ds, "%5.1f -> %5.1f", c.a ? c.a->drivingScore : 0.0, c.b ? c.b->drivingScore : 0.0);
        std::printf("%-26s %-30s %-28s %-28s %15s  +%s / -%s\n", c.routeId.c_str(), c.scenario.c_str(), c.a ? c.a->status.c_str() : "-",
                    c.b ? c.b->status.c_str() : "-", ds,
                    joined(c.gained).c_str(), joined(c.lost).c_str());
    }
}

void writeDiffJson(const Evaluation& a, const Evaluation& b) {
    JsonWriter w;
    w.beginObject().key("from").str(bench2drive::evaluationName(a.results)).key("to").str(bench2drive::evaluationName(b.results)).key("routes").beginArray();
    const auto strings = [&](const std::vector<std::string>& list) {
        w.beginArray();
        for (const std::string& s : list) w.str(s);
        w.endArray();
    };
    for (const RouteChange& c : routeChanges(a, b)) {
        w.beginObject().key("route_id").str(c.routeId).key("scenario").str(c.scenario);
        for (const auto& [key, side, recording] : {std::tuple{"from", c.a, c.recordingA}, std::tuple{"to", c.b, c.recordingB}}) {
            w.key(key);
            if (!side) {
                w.null();
                continue;
            }
            w.beginObject().key("status").str(side->status).key("driving_score").number(side->drivingScore);
            w.key("success").boolean(bench2drive::routeSucceeded(*side)).key("recording").integer(recording).endObject();
        }
        w.key("infractions_gained");
        strings(c.gained);
        w.key("infractions_lost");
        strings(c.lost);
        w.endObject();
    }
    std::printf("%s\n", w.endArray().endObject().take().c_str());
}

}  // namespace

int runEvalSummary(const Args& args) {
    const auto projectPath = args.value("project");
    if (!projectPath) return usageError("eval-summary needs --project P.corevla [--json] [--diff A,B]");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    const auto routes = project.evaluationRoutes();
    if (!routes) return fail(project.lastError());
    const std::vector<Evaluation> evaluations = bench2drive::groupEvaluations(*routes);  // routes are sorted by results file
    if (const auto diff = args.value("diff")) {
        const auto comma = diff->find(',');
        const auto find = [&](const std::string& name) { return bench2drive::findEvaluation(evaluations, name); };
        const Evaluation* a = comma == std::string::npos ? nullptr : find(diff->substr(0, comma));
        const Evaluation* b = comma == std::string::npos ? nullptr : find(diff->substr(comma + 1));
        if (comma == std::string::npos) return usageError("--diff takes two evaluations: A,B (their names as eval-summary prints them)");
        if (!a || !b) return fail("--diff: no evaluation named \"" + (a ? diff->substr(comma + 1) : diff->substr(0, comma)) + "\" in " + *projectPath);
        args.flag("json") ? writeDiffJson(*a, *b) : writeDiffTable(*a, *b);
        return 0;
    }
    if (args.flag("json")) writeJson(evaluations);
    else if (evaluations.empty()) std::printf("%s: no closed-loop evaluation imported\n", projectPath->c_str());
    else writeTable(evaluations);
    return 0;
}

}  // namespace corevla::cli
