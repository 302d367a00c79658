// SPDX-License-Identifier: MIT
// The project's imported closed-loop evaluations, one per results file, and
// what changed route by route between two of them. `corevla eval-summary`
// and the workstation's Bench2Drive summary read them through this one
// implementation. Plain C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "importers/bench2drive/bench2drive_scores.h"
#include "storage/types.h"

namespace corevla::bench2drive {

struct Evaluation {
    std::string results;  // the results file's path as imported
    std::vector<RouteOutcome> routes;
    std::vector<std::int64_t> recordings;  // by route
};

// Project::evaluationRoutes() (sorted by results file) grouped by file.
std::vector<Evaluation> groupEvaluations(const std::vector<EvalRoute>& routes);

// "eval/results.json": the results file with its folder, which names a run.
std::string evaluationName(const std::string& results);
// By that name or the full path; null when none has it.
const Evaluation* findEvaluation(const std::vector<Evaluation>& evaluations, const std::string& name);

// Route by route (matched by route id), what changed from evaluation a to b.
struct RouteChange {
    std::string routeId, scenario;
    const RouteOutcome *a = nullptr, *b = nullptr;  // null: the route is not in that evaluation
    std::int64_t recordingA = 0, recordingB = 0;
    std::vector<std::string> gained, lost;  // infraction keys, one per infraction
};

// Sorted by route id; the pointers are into a and b.
std::vector<RouteChange> routeChanges(const Evaluation& a, const Evaluation& b);

}  // namespace corevla::bench2drive
