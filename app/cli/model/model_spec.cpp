// SPDX-License-Identifier: MIT
#include "model_spec.h"

#include <algorithm>

#include <simdjson.h>

#include "../args.h"
#include "storage/run_store.h"

namespace corevla::cli {
namespace {

namespace fs = std::filesystem;

double betaOfRun(RunStore& runs, std::int64_t id) {
    const auto run = id ? runs.run(id) : std::nullopt;
    simdjson::dom::parser parser;
    simdjson::dom::element config;
    double beta = 0;
    if (run && !parser.parse(run->config).get(config) && !config["beta"].get_double().get(beta) && beta > 0) return beta;
    return 0.1;
}

}  // namespace

std::optional<ModelSpec> resolveModel(RunStore& runs, const std::string& spec, const Args& args, std::string* error) {
    // A served model: by its spec, or registered under a name (its spec is its location).
    const auto served = [&](const std::string& text, const std::string& name) -> std::optional<ModelSpec> {
        const auto parsed = parseServedModel(text, error);
        if (!parsed) return std::nullopt;
        std::optional<model::EndpointOptions> e{model::EndpointOptions{*parsed}};
        // The command line's key and timeout are for a model named on it, never
        // for a registered one: its key must not go to another server.
        if (name.empty()) {
            if (const auto key = args.value("api-key-env")) e->apiKeyEnv = *key;
            if (const auto t = args.number("timeout")) e->timeoutS = *t;
        }
        ModelSpec m;
        m.name = name.empty() ? e->model + " @ " + e->baseUrl : name;
        m.endpoint = *e;
        return m;
    };
    if (spec.rfind("openai:", 0) == 0) return served(spec, "");
    if (const auto models = runs.models())
        for (const ModelEntry& m : *models) {
            if (m.name != spec && std::to_string(m.id) != spec) continue;
            if (m.backend == "openai") return served(m.location, m.name);
            if (m.backend != "native") continue;
            ModelSpec found;
            found.name = m.name;
            found.checkpoint = m.location;
            if (const auto parent = m.parent ? runs.model(m.parent) : std::nullopt; parent && parent->backend == "native") {
                found.referenceName = parent->name;
                found.reference = parent->location;
                found.beta = betaOfRun(runs, m.run);
            }
            return found;
        }
    if (const fs::path folder = fs::path(spec).lexically_normal(); fs::exists(folder / "checkpoint.json")) {
        ModelSpec local;
        local.checkpoint = folder;
        local.name = (folder.has_filename() ? folder : folder.parent_path()).filename().string();  // "ckpt/" too
        return local;
    }
    *error = "model \"" + spec + "\": neither a registered model, a checkpoint folder, nor openai:MODEL@http://HOST:PORT/v1";
    return std::nullopt;
}

std::optional<std::vector<ModelSpec>> resolveModels(RunStore& runs, const std::vector<std::string>& specs, const Args& args, std::string* error) {
    std::vector<ModelSpec> models;
    for (const std::string& spec : specs) {
        auto m = resolveModel(runs, spec, args, error);
        if (!m) return std::nullopt;
        const std::string name = m->name;
        for (int k = 2; std::any_of(models.begin(), models.end(), [&](const ModelSpec& o) { return o.name == m->name; }); ++k)
            m->name = name + " (" + std::to_string(k) + ")";
        models.push_back(std::move(*m));
    }
    return models;
}

std::unique_ptr<model::DecisionBackend> makeBackend(const ModelSpec& spec, const model::GeneratorOptions& options, std::string* error) {
    if (spec.endpoint) return model::endpointBackend(*spec.endpoint);
    auto backend = model::embeddedBackend(spec.checkpoint, options, error);
    if (!backend) *error = spec.name + ": " + *error;
    return backend;
}

std::string timeoutProblem(const Args& args) {
    const auto t = args.value("timeout");
    if (!t) return {};
    const double s = args.number("timeout").value_or(0);
    return s > 0 && s <= 86400 ? std::string() : "--timeout is seconds, more than 0 and at most 86400, not \"" + *t + "\"";
}

}  // namespace corevla::cli
