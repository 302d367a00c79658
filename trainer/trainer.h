// SPDX-License-Identifier: MIT
// The one training loop (AdamW, warm-up + cosine, clipping, accumulation,
// held-out eval, checkpoints and resume, NaN/Inf stop, JSON lines) and the
// interface its two objectives implement: SFT (sft_trainer.cpp) and DPO
// (dpo_trainer.cpp). LibTorch: include only from trainer/ sources.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/compute.h"
#include "model/frames.h"
#include "model/text_sequence.h"
#include "model/tokenizer.h"
#include "model/vla_model.h"
#include "trainer/train.h"

namespace corevla::trainer {

using Metrics = std::map<std::string, double>;

// One example as the model reads it.
struct PreparedExample {
    std::vector<const model::FrameBytes*> frames;  // the config's F slots
    model::TextExample chosen, rejected;           // rejected: DPO only
};

class Trainer {
public:
    Trainer(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel);
    virtual ~Trainer();
    TrainResult run();

protected:
    // Loads or makes the policy (m_model, m_tokenizer) and anything else the
    // objective needs; called once the data is read. An error, or empty.
    virtual std::string setUp(const std::vector<TrainExample>& train) = 0;
    // The loss of a micro-batch (for backward) and its metrics.
    struct StepOutput {
        torch::Tensor loss;
        Metrics metrics;
    };
    virtual StepOutput lossOn(const std::vector<std::size_t>& batch) = 0;
    // Held-out metrics, named without the eval_ prefix.
    virtual Metrics evaluate(const std::vector<std::size_t>& eval) = 0;
    // Called after the examples are prepared (DPO: the reference's log-probs).
    virtual std::string afterPrepare() { return {}; }
    virtual const char* kindName() const = 0;

    // For the objectives.
    // [B, F, 3, H, W] on the device; while training, augmented (TrainOptions::augment).
    torch::Tensor images(const std::vector<std::size_t>& batch) const;
    // `stream` tells apart the batches of one step (the replay's: 1).
    torch::Tensor imagesOf(const std::vector<const PreparedExample*>& examples, int stream = 0) const;
    // The replay examples (TrainOptions::replay) for the micro-batch being
    // computed: as many as it has, drawn in a seeded order by sample number,
    // so a resumed run draws what an uninterrupted one would.
    std::vector<const PreparedExample*> replayBatch(std::size_t size) const;
    std::string loadPolicy(const std::filesystem::path& checkpoint);   // into m_model and m_tokenizer
    void warn(const std::string& message);

    TrainOptions m_options;
    torch::Device m_device{torch::kCPU};
    model::Precision m_precision = model::Precision::Fp32;
    model::VlaModel m_model{nullptr};
    model::Tokenizer m_tokenizer;
    std::vector<TrainExample> m_raw;
    std::vector<PreparedExample> m_examples;
    std::vector<TrainExample> m_replayRaw;
    std::vector<PreparedExample> m_replay;
    std::size_t m_firstSample = 0;  // the sample number of the micro-batch being computed

private:
    std::string prepare();
    std::string resumeFrom(torch::optim::Optimizer& optimizer, int* step);
    std::string save(const std::filesystem::path& dir, torch::optim::Optimizer* optimizer, int step, const std::string& meta);
    void emit(const std::string& line);
    Metrics evaluateAll();

    LineSink m_lines;
    const CancelToken* m_cancel;
    std::map<std::string, model::FrameBytes> m_frames;  // by path
    std::vector<std::size_t> m_train, m_eval;
};

std::unique_ptr<Trainer> makeSftTrainer(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel);
std::unique_ptr<Trainer> makeDpoTrainer(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel);

}  // namespace corevla::trainer
