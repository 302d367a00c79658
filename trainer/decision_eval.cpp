// SPDX-License-Identifier: MIT
#include "trainer/decision_eval.h"

#include "importers/common/meta_action.h"
#include "model/frames.h"
#include "trainer/text_metrics.h"
#include "trainer/train_data.h"

namespace corevla::trainer {

std::optional<DecisionScores> scoreDecisions(model::Generator& generator, const std::filesystem::path& dataset, std::string* error,
                                             const std::function<void(const MetaAction&, const MetaAction&)>& each) {
    const auto data = readTrainData(dataset, DataKind::Sft, error);
    if (!data) return std::nullopt;
    DecisionScores s;
    for (const TrainExample& e : data->examples) {
        const MetaAction expected = importers::parseMetaAction(e.chosen, {});
        if (expected.speed.empty() || expected.direction.empty()) continue;  // a question without a decision
        std::vector<model::FrameBytes> frames;
        for (const auto& image : e.images) {
            auto frame = model::loadFrame(image.string(), generator.config(), error);
            if (!frame) return std::nullopt;
            frames.push_back(std::move(*frame));
        }
        const model::GeneratedAnswer answer = generator.decide(frames, e.prompt);
        ++s.n;
        s.agreed += answer.action == expected;
        s.bleu4 += bleu4(answer.text, e.chosen);
        s.rougeL += rougeL(answer.text, e.chosen);
        if (each) each(expected, answer.action);
    }
    if (s.n) s.bleu4 /= s.n, s.rougeL /= s.n;
    return s;
}

}  // namespace corevla::trainer
