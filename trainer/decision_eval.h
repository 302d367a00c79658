// SPDX-License-Identifier: MIT
// How a model decides on a dataset folder of questions with reference
// answers (LLaMA-Factory SFT format, e.g. an export of held-out decisions):
// for each example with a decision in its reference, the model's greedy
// answer (any back end's) is read with the importers' meta-action rule and compared; the
// answer text is scored with BLEU-4 and ROUGE-L (text_metrics.h). The
// numbers the demo and the model comparison report. No LibTorch here.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "model/decision_backend.h"

namespace corevla::trainer {

struct DecisionScores {
    int n = 0;        // examples whose reference states a decision
    int agreed = 0;   // the model's decision (speed and direction) equals it
    double bleu4 = 0, rouge1 = 0, rougeL = 0;  // means over the n answers, 0-100
    int failed = 0;           // examples the back end gave no answer for (counted as not agreeing)
    std::string firstError;   // the first of those, with its entry ("sft.json: entry 3: ...")
    double agreement() const { return n ? double(agreed) / n : 0; }
};

// One scored example: which one (its entry's place in the dataset file), what the
// reference decided, what the model said and how close its text came.
struct DecisionScore {
    int index = 0;
    MetaAction expected, got;
    std::string answer;
    std::string error;  // the back end's, when it gave no answer (counted as not agreeing)
    double bleu4 = 0, rouge1 = 0, rougeL = 0;
    bool agreed() const { return got == expected; }
};

// nullopt and *error (the folder or an image file that cannot be read).
// `each` (optional) hears every scored example.
std::optional<DecisionScores> scoreDecisions(model::DecisionBackend& backend, const std::filesystem::path& dataset, std::string* error,
                                             const std::function<void(const DecisionScore&)>& each = {});

}  // namespace corevla::trainer
