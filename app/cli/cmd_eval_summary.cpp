// SPDX-License-Identifier: MIT
// eval-summary: Bench2Drive's driving score, success rate and abilities for
// every imported closed-loop evaluation (one results file each).
#include <cstdio>
#include <filesystem>
#include <map>

#include "commands.h"
#include "importers/bench2drive/bench2drive_scores.h"
#include "storage/json_writer.h"
#include "storage/project.h"

namespace corevla::cli {
namespace {

struct Evaluation {
    std::string results;
    std::vector<bench2drive::RouteOutcome> routes;
};

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

}  // namespace

int runEvalSummary(const Args& args) {
    const auto projectPath = args.value("project");
    if (!projectPath) return usageError("eval-summary needs --project P.corevla");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    const auto routes = project.evaluationRoutes();
    if (!routes) return fail(project.lastError());
    std::vector<Evaluation> evaluations;
    for (const EvalRoute& r : *routes) {  // sorted by results file
        if (evaluations.empty() || evaluations.back().results != r.evaluation) evaluations.push_back({r.evaluation, {}});
        evaluations.back().routes.push_back(
            {r.record.routeId, r.scenario, r.record.status, r.record.routeCompletion, r.record.drivingScore, r.infractions});
    }
    if (args.flag("json")) writeJson(evaluations);
    else if (evaluations.empty()) std::printf("%s: no closed-loop evaluation imported\n", projectPath->c_str());
    else writeTable(evaluations);
    return 0;
}

}  // namespace corevla::cli
