// SPDX-License-Identifier: MIT
#include "trainer/decision_eval.h"

#include "importers/common/meta_action.h"
#include "model/frames.h"
#include "trainer/text_metrics.h"
#include "trainer/train_data.h"

namespace corevla::trainer {

std::optional<DecisionScores> scoreDecisions(model::Generator& generator, const std::filesystem::path& dataset, std::string* error,
                                             const std::function<void(const DecisionScore&)>& each) {
    const auto data = readTrainData(dataset, DataKind::Sft, error);
    if (!data) return std::nullopt;
    DecisionScores s;
    for (std::size_t i = 0; i < data->examples.size(); ++i) {
        const TrainExample& e = data->examples[i];
        DecisionScore d;
        d.index = int(i);
        d.expected = importers::parseMetaAction(e.chosen, {});
        if (d.expected.speed.empty() || d.expected.direction.empty()) continue;  // a question without a decision
        std::vector<model::FrameBytes> frames;
        for (const auto& image : e.images) {
            auto frame = model::loadFrame(image.string(), generator.config(), error);
            if (!frame) return std::nullopt;
            frames.push_back(std::move(*frame));
        }
        model::GeneratedAnswer answer = generator.decide(frames, e.prompt);
        d.got = answer.action;
        d.answer = std::move(answer.text);
        d.bleu4 = bleu4(d.answer, e.chosen);
        d.rouge1 = rouge1(d.answer, e.chosen);
        d.rougeL = rougeL(d.answer, e.chosen);
        ++s.n;
        s.agreed += d.agreed();
        s.bleu4 += d.bleu4;
        s.rouge1 += d.rouge1;
        s.rougeL += d.rougeL;
        if (each) each(d);
    }
    if (s.n) s.bleu4 /= s.n, s.rouge1 /= s.n, s.rougeL /= s.n;
    return s;
}

}  // namespace corevla::trainer
