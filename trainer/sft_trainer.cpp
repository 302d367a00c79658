// SPDX-License-Identifier: MIT
// SFT: cross-entropy on the answer tokens only. Held out: the loss and how
// often the greedy answer's decision (the meta-action the importers' rule
// reads) equals the reference answer's.
#include <map>

#include "importers/common/meta_action.h"
#include "model/batch.h"
#include "trainer/trainer.h"

namespace corevla::trainer {
namespace {

class SftTrainer : public Trainer {
public:
    using Trainer::Trainer;

private:
    const char* kindName() const override { return "sft"; }

    std::string setUp(const std::vector<TrainExample>& train) override {
        if (!m_options.init.empty()) return loadPolicy(m_options.init);
        // From scratch: the tokenizer learns the training text first.
        std::vector<std::string> texts;
        for (const TrainExample& e : train) {
            texts.push_back(e.prompt);
            texts.push_back(e.chosen);
        }
        m_tokenizer = model::Tokenizer::train(texts, m_options.model.vocabSize);
        m_model = model::VlaModel(m_options.model, m_tokenizer.size());
        return {};
    }

    // Summed token log-probs and token counts of the answers.
    std::pair<torch::Tensor, torch::Tensor> answerLogProbs(const std::vector<std::size_t>& batch) {
        std::vector<const model::TextExample*> texts;
        for (std::size_t i : batch) texts.push_back(&m_examples[i].chosen);
        const model::TextTensors t = model::textTensors(texts);
        return {model::answerLogProbs(*m_model, m_model->encodeImages(images(batch)), t, m_device), t.mask.sum(-1).to(m_device)};
    }

    StepOutput lossOn(const std::vector<std::size_t>& batch) override {
        const auto [logps, tokens] = answerLogProbs(batch);
        return {-logps.sum() / tokens.sum().clamp_min(1), {}};
    }

    Metrics evaluate(const std::vector<std::size_t>& eval) override {
        double nll = 0, tokens = 0;
        for (std::size_t at = 0; at < eval.size(); at += std::size_t(m_options.batch)) {
            const std::vector<std::size_t> batch(eval.begin() + std::ptrdiff_t(at),
                                                 eval.begin() + std::ptrdiff_t(std::min(eval.size(), at + std::size_t(m_options.batch))));
            const auto [logps, count] = answerLogProbs(batch);
            nll -= logps.sum().item<double>();
            tokens += count.sum().item<double>();
        }
        Metrics m{{"loss", nll / std::max(1.0, tokens)}};
        // Decisions: greedy answers against the reference answers that state one.
        int asked = 0, agreed = 0;
        std::map<std::pair<std::string, std::string>, int> expectedCounts;  // for the always-the-commonest baseline
        for (std::size_t i : eval) {
            if (asked >= m_options.decisionEvalLimit) break;
            const MetaAction expected = importers::parseMetaAction(m_raw[i].chosen, {});
            if (expected.speed.empty() || expected.direction.empty()) continue;
            const model::TextExample& text = m_examples[i].chosen;
            // The prefix is what precedes the answer: up to and with <sep>.
            std::vector<int> prefix;
            for (std::size_t t = 0; t < text.inputs.size() && !text.mask[t]; ++t) prefix.push_back(text.inputs[t]);
            prefix.push_back(text.inputs[prefix.size()]);
            const auto ids = model::greedyGenerate(*m_model, m_model->encodeImages(images({i})), prefix, 64);
            const MetaAction got = importers::parseMetaAction(m_tokenizer.decode(ids), {});
            ++asked;
            agreed += got == expected;
            ++expectedCounts[{expected.direction, expected.speed}];
        }
        if (asked > 0) {
            m["decision_accuracy"] = double(agreed) / asked;
            m["decision_examples"] = asked;
            int commonest = 0;
            for (const auto& [decision, count] : expectedCounts) commonest = std::max(commonest, count);
            m["decision_majority_baseline"] = double(commonest) / asked;
        }
        return m;
    }
};

}  // namespace

std::unique_ptr<Trainer> makeSftTrainer(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel) {
    return std::make_unique<SftTrainer>(options, lines, cancel);
}

}  // namespace corevla::trainer
