// SPDX-License-Identifier: MIT
// corevla eval: how a model decides on a dataset folder of questions with
// reference answers (trainer/decision_eval.h): agreement of the stated
// decision, BLEU-4 and ROUGE-L of the text.
#include <cstdio>
#include <map>

#include "../commands.h"
#include "storage/json_writer.h"
#include "trainer/decision_eval.h"

namespace corevla::cli {

int runEval(const Args& args) {
    const auto checkpoint = args.value("model");
    const auto data = args.value("data");
    if (!checkpoint || !data) return usageError("eval needs --model CKPT --data DIR (a LLaMA-Factory SFT dataset)");
    model::GeneratorOptions options;
    options.device = args.value("device", "cpu");
    options.precision = args.value("precision", "auto");
    std::string error;
    auto backend = model::embeddedBackend(*checkpoint, options, &error);
    if (!backend) return fail(error);
    // Per reference decision: how often the model said what.
    std::map<std::string, std::map<std::string, int>> confusion;
    const auto name = [](const MetaAction& a) { return a.direction + ", " + a.speed; };
    const auto scores = trainer::scoreDecisions(*backend, *data, &error, [&](const trainer::DecisionScore& d) {
        ++confusion[name(d.expected)][name(d.got)];
    });
    if (!scores) return fail(error);
    if (scores->failed) return fail(std::to_string(scores->failed) + " decision(s) without an answer; the first: " + scores->firstError);
    if (args.flag("json")) {
        JsonWriter w;
        w.beginObject().key("n").integer(scores->n).key("agreement").number(scores->agreement(), 6);
        w.key("bleu4").number(scores->bleu4, 6).key("rouge_l").number(scores->rougeL, 6).key("by_decision").beginObject();
        for (const auto& [expected, said] : confusion) {
            w.key(expected).beginObject();
            for (const auto& [got, n] : said) w.key(got).integer(n);
            w.endObject();
        }
        std::printf("%s\n", w.endObject().endObject().take().c_str());
        return 0;
    }
    std::printf("%d decision(s): agreement %.1f%%, BLEU-4 %.2f, ROUGE-L %.2f\n", scores->n, 100 * scores->agreement(), scores->bleu4,
                scores->rougeL);
    for (const auto& [expected, said] : confusion) {
        int n = 0;
        for (const auto& [got, count] : said) n += count;
        std::printf("  %-32s %d/%d", expected.c_str(), said.contains(expected) ? said.at(expected) : 0, n);
        for (const auto& [got, count] : said)
            if (got != expected) std::printf("; %s %d", got.c_str(), count);
        std::printf("\n");
    }
    return 0;
}

}  // namespace corevla::cli
