// SPDX-License-Identifier: MIT
// A served model (vLLM, llama.cpp's server, ... behind an OpenAI-compatible
// chat endpoint) named in one string, as the command line and the model
// registry both name it (the registry's location of an "openai" model):
//   openai:MODEL@http://HOST:PORT/v1[?api_key_env=VAR&timeout=S&concurrency=N]
// The key itself is never part of it: only the environment variable's name.
#pragma once

#include <optional>
#include <string>

namespace corevla {

struct ServedModel {
    std::string baseUrl;    // "http://host:8000/v1"; requests go to <baseUrl>/chat/completions
    std::string model;      // the served model's name
    std::string apiKeyEnv;  // the environment variable holding the key; empty: no key
    double timeoutS = 60;   // one whole exchange
    int concurrency = 1;    // requests in flight at once
};

// nullopt when `spec` does not start with "openai:"; with *error too when it
// does but is malformed (no @, an unknown setting, a timeout or concurrency
// out of range).
std::optional<ServedModel> parseServedModel(const std::string& spec, std::string* error);
// The spec back (settings that differ from the defaults only).
std::string servedModelSpec(const ServedModel& model);

}  // namespace corevla
