// SPDX-License-Identifier: MIT
// DPO against a frozen reference: chosen and rejected answers of a batch in
// one forward pass (the frames encoded once for both), the reference's
// log-probs computed once per example before the first step, TRL's metric
// names, and an optional SFT term on the chosen answers (RPO).
#include "model/batch.h"
#include "model/checkpoint.h"
#include "trainer/dpo_loss.h"
#include "trainer/trainer.h"

namespace corevla::trainer {
namespace {

class DpoTrainer : public Trainer {
public:
    using Trainer::Trainer;

private:
    // Per example: the reference's log-probs of the chosen and the rejected answer.
    std::vector<double> m_refChosen, m_refRejected;

    const char* kindName() const override { return "dpo"; }

    std::string setUp(const std::vector<TrainExample>&) override {
        if (m_options.init.empty()) return "train dpo needs --init CHECKPOINT (the SFT model to refine)";
        return loadPolicy(m_options.init);
    }

    struct Forward {
        torch::Tensor chosen, rejected;              // log-probs [B] (per-token means for ipo)
        torch::Tensor chosenTokens;                  // [B]
        torch::Tensor chosenSum;                     // summed log-probs of the chosen [B]
    };

    Forward forward(model::VlaModelImpl& net, const std::vector<std::size_t>& batch) {
        std::vector<const model::TextExample*> texts;
        for (std::size_t i : batch) texts.push_back(&m_examples[i].chosen);
        for (std::size_t i : batch) texts.push_back(&m_examples[i].rejected);
        const model::TextTensors t = model::textTensors(texts);
        const torch::Tensor visual = net.encodeImages(images(batch));
        torch::Tensor logps = model::answerLogProbs(net, torch::cat({visual, visual}, 0), t, m_device);
        const torch::Tensor tokens = t.mask.sum(-1).clamp_min(1).to(m_device);
        const torch::Tensor sums = logps;
        if (m_options.loss == DpoLossType::Ipo) logps = logps / tokens;
        const auto B = int64_t(batch.size());
        return {logps.slice(0, 0, B), logps.slice(0, B), tokens.slice(0, 0, B), sums.slice(0, 0, B)};
    }

    std::string afterPrepare() override {
        const std::filesystem::path refPath = m_options.ref.empty() ? m_options.init : m_options.ref;
        std::string error;
        auto ref = model::loadCheckpoint(refPath, m_device, &error);
        if (!ref) return error;
        if (!(ref->tokenizer == m_tokenizer)) return "checkpoint " + refPath.string() + ": the reference's tokenizer differs from the policy's";
        m_refChosen.assign(m_examples.size(), 0);
        m_refRejected.assign(m_examples.size(), 0);
        torch::NoGradGuard noGrad;
        model::AutocastScope autocast(m_precision, m_device);
        for (std::size_t at = 0; at < m_examples.size(); at += std::size_t(m_options.batch)) {
            std::vector<std::size_t> batch;
            for (std::size_t i = at; i < std::min(m_examples.size(), at + std::size_t(m_options.batch)); ++i) batch.push_back(i);
            const Forward f = forward(*ref->model, batch);
            for (std::size_t k = 0; k < batch.size(); ++k) {
                m_refChosen[batch[k]] = f.chosen[int64_t(k)].item<double>();
                m_refRejected[batch[k]] = f.rejected[int64_t(k)].item<double>();
            }
        }
        return {};
    }

    torch::Tensor refOf(const std::vector<double>& values, const std::vector<std::size_t>& batch) const {
        std::vector<double> picked;
        for (std::size_t i : batch) picked.push_back(values[i]);
        return torch::tensor(picked, torch::kDouble).to(m_device, torch::kFloat);
    }

    StepOutput lossOn(const std::vector<std::size_t>& batch) override {
        const Forward f = forward(*m_model, batch);
        const DpoTerms terms = dpoLoss(f.chosen, f.rejected, refOf(m_refChosen, batch), refOf(m_refRejected, batch), m_options.loss,
                                       m_options.beta, m_options.labelSmoothing);
        torch::Tensor loss = terms.losses.mean();
        if (m_options.sftWeight > 0) loss = loss + m_options.sftWeight * (-f.chosenSum / f.chosenTokens).mean();
        Metrics metrics;
        if (!m_replay.empty() && m_options.replayWeight > 0 && m_model->is_training()) {
            const auto replay = replayBatch(batch.size());
            std::vector<const model::TextExample*> texts;
            for (const PreparedExample* e : replay) texts.push_back(&e->chosen);
            const model::TextTensors t = model::textTensors(texts);
            const torch::Tensor logps = model::answerLogProbs(*m_model, m_model->encodeImages(imagesOf(replay, 1)), t, m_device);
            const torch::Tensor nll = -logps.sum() / t.mask.sum().to(m_device).clamp_min(1);
            loss = loss + m_options.replayWeight * nll;
            metrics["replay_loss"] = nll.item<double>();
        }
        const torch::Tensor margins = terms.chosenRewards - terms.rejectedRewards;
        metrics.insert({{"rewards/chosen", terms.chosenRewards.mean().item<double>()},
                 {"rewards/rejected", terms.rejectedRewards.mean().item<double>()},
                 {"rewards/margins", margins.mean().item<double>()},
                 {"rewards/accuracies", (terms.chosenRewards > terms.rejectedRewards).to(torch::kFloat).mean().item<double>()},
                 {"logps/chosen", f.chosen.detach().mean().item<double>()},
                 {"logps/rejected", f.rejected.detach().mean().item<double>()}});
        return {loss, metrics};
    }

    Metrics evaluate(const std::vector<std::size_t>& eval) override {
        Metrics sum;
        for (std::size_t at = 0; at < eval.size(); at += std::size_t(m_options.batch)) {
            const std::vector<std::size_t> batch(eval.begin() + std::ptrdiff_t(at),
                                                 eval.begin() + std::ptrdiff_t(std::min(eval.size(), at + std::size_t(m_options.batch))));
            StepOutput out = lossOn(batch);
            out.metrics["loss"] = out.loss.item<double>();
            for (const auto& [k, v] : out.metrics) sum[k] += v * double(batch.size());  // example-weighted means
        }
        for (auto& [k, v] : sum) v /= double(std::max<std::size_t>(1, eval.size()));
        return sum;
    }
};

}  // namespace

std::unique_ptr<Trainer> makeDpoTrainer(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel) {
    return std::make_unique<DpoTrainer>(options, lines, cancel);
}

}  // namespace corevla::trainer
