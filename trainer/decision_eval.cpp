// SPDX-License-Identifier: MIT
#include "trainer/decision_eval.h"

#include "importers/common/meta_action.h"
#include "model/file_io.h"
#include "trainer/text_metrics.h"
#include "trainer/train_data.h"

namespace corevla::trainer {

std::optional<DecisionScores> scoreDecisions(model::DecisionBackend& backend, const std::filesystem::path& dataset, std::string* error,
                                             const std::function<void(const DecisionScore&)>& each) {
    const auto data = readTrainData(dataset, DataKind::Sft, error);
    if (!data) return std::nullopt;
    DecisionScores s;
    for (const TrainExample& e : data->examples) {
        DecisionScore d;
        d.index = e.row;
        d.expected = importers::parseMetaAction(e.chosen, {});
        if (d.expected.speed.empty() || d.expected.direction.empty()) continue;  // a question without a decision
        std::vector<std::string> images;
        for (const auto& image : e.images) {
            auto bytes = model::readWholeFile(image);
            if (!bytes) return *error = image.string() + ": cannot be read", std::nullopt;
            images.push_back(std::move(*bytes));
        }
        model::BackendAnswer answer = backend.decide(images, e.prompt);
        d.got = answer.action;
        d.answer = std::move(answer.text);
        d.error = std::move(answer.error);
        if (!d.error.empty() && d.answer.empty()) {
            d.error = e.where + ": " + d.error;
            if (!s.failed++) s.firstError = d.error;
        }
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
