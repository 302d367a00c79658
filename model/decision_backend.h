// SPDX-License-Identifier: MIT
// The model back ends of the comparison behind one call: given the prompt's
// frames (encoded images, oldest first) and the question, what would this
// model answer, and which meta-action does the answer state (read by the
// importers' rule, as everywhere)? The embedded checkpoint, in process, or a
// served model behind an OpenAI-compatible chat endpoint (vLLM, llama.cpp's
// server, ...). A back end never throws: a failure is an answer's error.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/generator.h"
#include "storage/served_model.h"

namespace corevla::model {

struct BackendAnswer {
    std::string text;
    MetaAction action;
    bool hasAction = false;  // the text stated a speed and a direction
    std::string error;       // why there is no answer ("no answer within 30 s", "HTTP 500: ...")
    double milliseconds = 0;
};

class DecisionBackend {
public:
    virtual ~DecisionBackend() = default;
    // `question` may be the prompt with its "<image>" placeholders (the
    // pairs' prompt): every back end reads the question out of it as the
    // trainer does (dataset::questionFromPrompt), since the frames come apart.
    virtual BackendAnswer decide(const std::vector<std::string>& images, const std::string& question) = 0;
    // How many decide() calls may run at once on different threads (a served
    // model's limit); 1: one at a time.
    virtual int concurrency() const { return 1; }
};

// nullptr and *error naming the checkpoint and the problem.
std::unique_ptr<DecisionBackend> embeddedBackend(const std::filesystem::path& checkpoint, const GeneratorOptions& options,
                                                 std::string* error);

struct EndpointOptions : ServedModel {
    int maxTokens = 256;
};
std::unique_ptr<DecisionBackend> endpointBackend(const EndpointOptions& options);

}  // namespace corevla::model
