// SPDX-License-Identifier: MIT
// `corevla train sft|dpo`: one run of the trainer, reporting as it goes in
// JSON lines (TRL's metric names). No LibTorch in this header.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "model/model_config.h"
#include "storage/progress.h"
#include "trainer/train_data.h"

namespace corevla::trainer {

enum class DpoLossType { Sigmoid, Ipo, Hinge };

struct TrainOptions {
    DataKind kind = DataKind::Sft;
    std::filesystem::path data, out;
    std::filesystem::path init;  // a checkpoint to start from (DPO: required)
    std::filesystem::path ref;   // DPO's frozen reference; empty: init
    model::ModelConfig model;    // a new model's size (SFT without --init)
    bool resume = false;         // continue from the newest checkpoint in out

    int maxSteps = 0;            // 0: epochs decide
    double epochs = 3;
    double lr = 1e-3;
    int batch = 8;
    int gradAccum = 1;
    double warmupRatio = 0.1;    // linear warm-up, then cosine to 0
    double weightDecay = 0.01;
    double maxGradNorm = 1.0;
    std::uint64_t seed = 42;
    double evalSplit = 0.1;      // share of the examples held out
    int loggingSteps = 10;
    int evalSteps = 0;           // 0: at the end only
    int saveSteps = 0;           // 0: the final model only
    int decisionEvalLimit = 64;  // SFT eval: greedy decisions on at most this many held-out examples
    std::string device = "auto", precision = "auto";
    int threads = 0;             // <= 0: every core

    double beta = 0.1;           // DPO
    DpoLossType loss = DpoLossType::Sigmoid;
    double labelSmoothing = 0;
    double sftWeight = 0;        // RPO: + weight x the chosen answers' NLL
    // DPO: an SFT dataset learned alongside (+ replayWeight x its NLL, a batch
    // of it per step), so what the model knew where nobody took over stays.
    std::filesystem::path replay;
    double replayWeight = 1.0;
    // 0..1: the training frames jittered in brightness, contrast and colour
    // and shifted by a few pixels (the same for an example's frames; seeded
    // by sample number, so a resumed run sees what an uninterrupted one
    // would). Few scenes teach their weather and town unless told not to.
    double augment = 0;
};

struct TrainResult {
    bool ok = false;
    bool cancelled = false;
    std::string error;                // names the file, entry or step
    std::filesystem::path checkpoint; // the final model (or the last state, when cancelled)
};

// Each JSON line as it is made (no newline).
using LineSink = std::function<void(const std::string&)>;

TrainResult train(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel = nullptr);

const char* lossTypeName(DpoLossType type);
bool parseLossType(const std::string& name, DpoLossType* type);

}  // namespace corevla::trainer
