// SPDX-License-Identifier: MIT
#include "trainer/decision_eval.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "importers/common/meta_action.h"
#include "model/file_io.h"
#include "trainer/text_metrics.h"
#include "trainer/train_data.h"

namespace corevla::trainer {

std::optional<DecisionScores> scoreDecisions(model::DecisionBackend& backend, const std::filesystem::path& dataset, std::string* error,
                                             const std::function<void(const DecisionScore&)>& each) {
    const auto data = readTrainData(dataset, DataKind::Sft, error);
    if (!data) return std::nullopt;
    std::vector<const TrainExample*> asked;  // the examples with a decision to agree with
    for (const TrainExample& e : data->examples) {
        const MetaAction expected = importers::parseMetaAction(e.chosen, {});
        if (!expected.speed.empty() && !expected.direction.empty()) asked.push_back(&e);
    }
    DecisionScores s;
    // A served model takes up to concurrency() questions at once: they are
    // asked that many at a time, each on its own thread, and scored in order.
    const std::size_t batch = std::size_t(std::max(1, backend.concurrency()));
    for (std::size_t first = 0; first < asked.size(); first += batch) {
        const std::size_t count = std::min(batch, asked.size() - first);
        std::vector<std::vector<std::string>> images(count);
        for (std::size_t k = 0; k < count; ++k)
            for (const auto& image : asked[first + k]->images) {
                auto bytes = model::readWholeFile(image);
                if (!bytes) return *error = image.string() + ": cannot be read", std::nullopt;
                images[k].push_back(std::move(*bytes));
            }
        std::vector<model::BackendAnswer> answers(count);
        if (count == 1) {
            answers[0] = backend.decide(images[0], asked[first]->prompt);
        } else {
            std::vector<std::jthread> threads;  // joined however this scope ends
            for (std::size_t k = 0; k < count; ++k)
                threads.emplace_back([&, k] {
                    try {  // a back end never throws, but nothing may escape a thread
                        answers[k] = backend.decide(images[k], asked[first + k]->prompt);
                    } catch (const std::exception& e) {
                        answers[k].error = e.what();
                    }
                });
        }
        for (std::size_t k = 0; k < count; ++k) {
            const TrainExample& e = *asked[first + k];
            model::BackendAnswer& answer = answers[k];
            DecisionScore d;
            d.index = e.row;
            d.expected = importers::parseMetaAction(e.chosen, {});
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
    }
    if (s.n) s.bleu4 /= s.n, s.rouge1 /= s.n, s.rougeL /= s.n;
    return s;
}

}  // namespace corevla::trainer
