// SPDX-License-Identifier: MIT
// What a --model names, for the commands that ask models (compare, decide):
// a registered model's name or id, a checkpoint folder, or a served model,
// openai:MODEL@http://HOST:PORT/v1.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/decision_backend.h"

namespace corevla {
class RunStore;
}

namespace corevla::cli {

class Args;

struct ModelSpec {
    std::string name;
    std::filesystem::path checkpoint;                // the embedded model's, or
    std::optional<model::EndpointOptions> endpoint;  // a served one's
    // A registered embedded model refined from another: its DPO reference
    // (the parent) and beta (the run's, else TRL's default).
    std::string referenceName;
    std::filesystem::path reference;
    double beta = 0.1;
};

inline constexpr const char* kModelSpecHelp =
    "a model: a registered model's name or id, a checkpoint folder, or a served model: "
    "openai:MODEL@http://HOST:PORT/v1[?api_key_env=VAR&timeout=S&concurrency=N]";

// nullopt and *error when `spec` is none of them. --api-key-env and
// --timeout in args are for a served model given as openai:... (a registered
// one keeps its own).
std::optional<ModelSpec> resolveModel(RunStore& runs, const std::string& spec, const Args& args, std::string* error);

// Every --model in order, a name given twice told apart as "NAME (2)";
// nullopt and *error at the first that resolves to nothing.
std::optional<std::vector<ModelSpec>> resolveModels(RunStore& runs, const std::vector<std::string>& specs, const Args& args, std::string* error);

// The back end that asks it (an embedded one loaded with `options`); nullptr and *error.
std::unique_ptr<model::DecisionBackend> makeBackend(const ModelSpec& spec, const model::GeneratorOptions& options, std::string* error);

// --timeout, when given, is seconds in (0, 86400]: the usage error, else empty.
std::string timeoutProblem(const Args& args);

}  // namespace corevla::cli
