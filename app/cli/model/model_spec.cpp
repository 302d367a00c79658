// SPDX-License-Identifier: MIT
#include "model_spec.h"

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

std::optional<ModelSpec> resolveModel(RunStore& runs, const std::string& spec, const Args& args) {
    if (spec.rfind("openai:", 0) == 0) {
        const auto at = spec.find('@');
        if (at == std::string::npos) return std::nullopt;
        model::EndpointOptions e;
        e.model = spec.substr(7, at - 7);
        e.baseUrl = spec.substr(at + 1);
        e.apiKeyEnv = args.value("api-key-env", "");
        e.timeoutS = args.number("timeout").value_or(60);
        ModelSpec served;
        served.name = e.model + " @ " + e.baseUrl;
        served.endpoint = e;
        return served;
    }
    if (const auto models = runs.models())
        for (const ModelEntry& m : *models)
            if (m.backend == "native" && (m.name == spec || std::to_string(m.id) == spec)) {
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
    return std::nullopt;
}

std::unique_ptr<model::DecisionBackend> makeBackend(const ModelSpec& spec, const std::string& device, std::string* error) {
    if (spec.endpoint) return model::endpointBackend(*spec.endpoint);
    model::GeneratorOptions options;
    options.device = device;
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
