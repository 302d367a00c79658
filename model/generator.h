// SPDX-License-Identifier: MIT
// A trained checkpoint answering a question about camera frames: what
// `corevla generate` and the workstation's model back end call. No LibTorch
// in this header.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/frames.h"
#include "model/model_config.h"
#include "storage/types.h"

namespace corevla::model {

struct GeneratorOptions {
    std::string device = "auto";     // auto | cpu | cuda
    std::string precision = "auto";  // auto | fp32 | bf16
    int maxNewTokens = 48;
    int threads = 0;  // > 0: LibTorch's CPU threads for this process (models side by side share the cores)
};

struct GeneratedAnswer {
    std::string text;          // the generated answer
    MetaAction action;         // read from the text by the importers' rule
    bool hasAction = false;    // the text named a speed and a direction
    int newTokens = 0;
    double milliseconds = 0;   // wall time of the whole decision
};

class Generator {
public:
    // nullptr and *error naming the checkpoint and the problem.
    static std::unique_ptr<Generator> load(const std::filesystem::path& checkpoint, const GeneratorOptions& options,
                                           std::string* error);
    ~Generator();

    // frames: oldest first (the last config().frames are used).
    GeneratedAnswer decide(const std::vector<FrameBytes>& frames, const std::string& question, bool useCache = true);
    // The summed log-probability of `answer` after the frames and question,
    // as the trainer counts it (the answer's tokens and <eos>): what DPO's
    // implicit reward is made of.
    double answerLogProb(const std::vector<FrameBytes>& frames, const std::string& question, const std::string& answer);
    const ModelConfig& config() const;
    std::string deviceName() const;

private:
    Generator();
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace corevla::model
