// SPDX-License-Identifier: MIT
// The closed loop as `corevla closed-loop` and `corevla demo --closed-loop`
// run and print it: the models' back ends as drivers, the batch, its JSON
// and its table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "closedloop/batch.h"
#include "model_spec.h"

namespace corevla {
class Project;
}

namespace corevla::cli {

// Loads every model's back end, then runs the batch (runs imported into
// `project`); nullopt and *error when a model cannot be loaded.
std::optional<closedloop::BatchResult> runClosedLoop(Project& project, const std::vector<ModelSpec>& models,
                                                     const closedloop::BatchOptions& options,
                                                     const model::GeneratorOptions& generator, std::string* error);

// {"models":{"<name>":{"driving_score", "success_rate", "route_completion",
// "routes", "successes", "abilities", "ability_mean", "long_tail", "by_kind"}},
//  "scenarios":[{"kind", "seed", "runs":[{"model", "driving_score", ...,
//  "recording", "first_infraction_frame"}]}], "seed", "per_kind", "kinds",
//  "folder", "cancelled", "timing"}
std::string closedLoopJson(const closedloop::BatchResult& result, const closedloop::BatchOptions& options);
// Per model: DS, SR, RC overall, on the long tail and per kind.
std::string closedLoopTable(const closedloop::BatchResult& result);

}  // namespace corevla::cli
