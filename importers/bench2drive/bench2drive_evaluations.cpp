// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_evaluations.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace corevla::bench2drive {
namespace {

// The infraction keys of `a` that `b` does not have, counted: ["red_light", ...].
std::vector<std::string> minus(std::vector<std::string> a, const std::vector<std::string>& b) {
    for (const std::string& key : b)
        if (auto it = std::find(a.begin(), a.end(), key); it != a.end()) a.erase(it);
    return a;
}

}  // namespace

std::vector<Evaluation> groupEvaluations(const std::vector<EvalRoute>& routes) {
    std::vector<Evaluation> evaluations;
    for (const EvalRoute& r : routes) {
        if (evaluations.empty() || evaluations.back().results != r.evaluation) evaluations.push_back({r.evaluation, {}, {}});
        evaluations.back().routes.push_back(
            {r.record.routeId, r.scenario, r.record.status, r.record.routeCompletion, r.record.drivingScore, r.infractions});
        evaluations.back().recordings.push_back(r.recordingId);
    }
    return evaluations;
}

std::string evaluationName(const std::string& results) {
    if (results.empty()) return "(results file unknown)";
    const std::filesystem::path p(results);
    return p.has_parent_path() ? (p.parent_path().filename() / p.filename()).string() : p.string();
}

const Evaluation* findEvaluation(const std::vector<Evaluation>& evaluations, const std::string& name) {
    for (const Evaluation& e : evaluations)
        if (evaluationName(e.results) == name || e.results == name) return &e;
    return nullptr;
}

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

}  // namespace corevla::bench2drive
