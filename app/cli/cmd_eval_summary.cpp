// SPDX-License-Identifier: MIT
// eval-summary: Bench2Drive's driving score, success rate and abilities for
// every imported closed-loop evaluation (one results file each).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <tuple>

#include "commands.h"
#include "importers/bench2drive/bench2drive_scores.h"
#include "storage/json_writer.h"
#include "storage/project.h"

namespace corevla::cli {
namespace {

struct Evaluation {
    std::string results;
    std::vector<bench2drive::RouteOutcome> routes;
    std::vector<std::int64_t> recordings;  // by route
};

// The infraction keys of `a` that `b` does not have, counted: ["red_light", ...].
std::vector<std::string> minus(std::vector<std::string> a, const std::vector<std::string>& b) {
    for (const std::string& key : b)
        if (auto it = std::find(a.begin(), a.end(), key); it != a.end()) a.erase(it);
    return a;
}

// Route by route (matched by route id), what changed from evaluation a to b.
struct RouteChange {
    std::string routeId, scenario;
    const bench2drive::RouteOutcome *a = nullptr, *b = nullptr;  // null: the route is not in that evaluation
    std::int64_t recordingA = 0, recordingB = 0;
    std::vector<std::string> gained, lost;  // infraction keys
};

std::vector<RouteChange> routeChanges(const Evaluation& a, const Evaluation& b) {
    std::map<std::string, RouteChange> byRoute;
    for (const auto& [e, isA] : {std::pair{&a, true}, std::pair{&b, false}})
        for (std::size_t i = 0; i < e->routes.size(); ++i) {
            RouteChange& c = byRoute[e->routes[i].routeId];
            c.routeId = e->routes[i].routeId, c.scenario = e->routes[i].scenario;
            (isA ? c.a : c.b) = &e->routes[i];
            (isA ? c.recordingA : c.recordingB) = e->recordings[i];
        }
    std::vector<RouteChange> out;
    for (auto& [id, c] : byRoute) {
        const std::vector<std::string> none;
        const auto& before = c.a ? c.a->infractions : none;
        const auto& after = c.b ? c.b->infractions : none;
        c.gained = minus(after, before);
        c.lost = minus(before, after);
        out.push_back(std::move(c));
    }
    return out;
}

std::string joined(const std::vector<std::string>& keys) {
    std::string text;
    for (const std::string& k : keys) text += (text.empty() ? "" : " ") + k;
    return text.empty() ? "-" : text;
}

// "eval/results.json": the results file with its folder, which names a run.
std::string shortName(const std::string& results) {
    if (results.empty()) return "(results file unknown)";
    const std::filesystem::path p(results);
    return p.has_parent_path() ? (p.parent_path().filename() / p.filename()).string() : p.string();
}

void writeJson(const std::vector<Evaluation>& evaluations) {
    JsonWriter w;
    w.beginObject().key("evaluations").beginArray();
    for (const Evaluation& e : evaluations) {
        const auto s = bench2drive::summarise(e.routes);
        w.beginObject().key("name").str(shortName(e.results)).key("results").str(e.results);
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
        std::printf("%s: %d route(s), driving score %.2f, success rate %.1f%% (%d)\n", shortName(e.results).c_str(), s.routes,
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
    std::printf("%s -> %s: driving score %.2f -> %.2f, success rate %.1f%% -> %.1f%%\n", shortName(a.results).c_str(),
                shortName(b.results).c_str(), sa.drivingScore, sb.drivingScore, 100 * sa.successRate, 100 * sb.successRate);
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
    w.beginObject().key("from").str(shortName(a.results)).key("to").str(shortName(b.results)).key("routes").beginArray();
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
    std::vector<Evaluation> evaluations;
    for (const EvalRoute& r : *routes) {  // sorted by results file
        if (evaluations.empty() || evaluations.back().results != r.evaluation) evaluations.push_back({r.evaluation, {}, {}});
        evaluations.back().routes.push_back(
            {r.record.routeId, r.scenario, r.record.status, r.record.routeCompletion, r.record.drivingScore, r.infractions});
        evaluations.back().recordings.push_back(r.recordingId);
    }
    if (const auto diff = args.value("diff")) {
        const auto comma = diff->find(',');
        const auto find = [&](const std::string& name) -> const Evaluation* {
            for (const Evaluation& e : evaluations)
                if (shortName(e.results) == name || e.results == name) return &e;
            return nullptr;
        };
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
