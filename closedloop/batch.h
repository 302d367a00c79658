// SPDX-License-Identifier: MIT
// A closed-loop batch: every model drives the same scenarios (same kinds,
// same seeds). Each finished run is written as a CAVE session under the
// batch's folder (video, log with the model's reasoning and meta-actions,
// infractions as events) and imported into the project at once, so a
// cancelled batch keeps every run that finished, and an analyst plays any
// run back like a recorded session.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "closedloop/runner.h"
#include "storage/progress.h"

namespace corevla {
class Project;
}

namespace corevla::closedloop {

struct BatchModel {
    std::string name;  // as the table and the recordings' session.json name it
    Driver driver;
};

struct BatchOptions {
    std::vector<Kind> kinds = allKinds();
    int perKind = 3;                // scenarios of each kind: seeds seed .. seed + perKind - 1
    std::uint64_t seed = 1;
    std::filesystem::path folder;   // sessions go to folder/cave/<session id>
    bool record = true;             // write and import each run
    int videoWidth = 256, videoHeight = 144;  // the size the embedded model reads
    int threads = 2;                // for rendering the videos
    RunOptions run;                 // its cancel token cancels the batch
    ProgressFn progress;            // called on the batch's thread
};

struct BatchRun {
    std::string model;
    Run run;                        // its timeline is dropped once written
    std::string session;            // the session's folder, when recorded
    std::int64_t recording = 0;     // its id in the project, when imported
    std::string error;              // writing or importing it failed
    double writeS = 0, importS = 0; // wall seconds
};

struct BatchResult {
    std::vector<BatchRun> runs;     // scenario by scenario, every model in turn
    bool cancelled = false;
};

// project: where runs are imported (nullptr: written only).
BatchResult runBatch(const std::vector<BatchModel>& models, const BatchOptions& options, Project* project);

// "cl-<kind>-s<seed>-<model>", the model's name reduced to [a-z0-9-].
// A folder of that name already there gets "-2", "-3", ... instead.
std::string sessionIdFor(Kind kind, std::uint64_t seed, const std::string& model);

// The table of a model's runs by Bench2Drive's rules.
struct KindScores {
    int routes = 0, successes = 0;
    double drivingScore = 0, successRate = 0, routeCompletion = 0;  // means; DS and RC 0..100
};
struct ModelScores {
    KindScores all, longTail;
    std::map<std::string, KindScores> byKind;  // by kindName
    std::map<std::string, bench2drive::AbilityScore> abilities;
    std::optional<double> abilityMean;
};
std::map<std::string, ModelScores> scoreBatch(const BatchResult& result);

}  // namespace corevla::closedloop
