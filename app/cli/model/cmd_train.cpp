// SPDX-License-Identifier: MIT
// corevla train sft|dpo: one JSON object per line on stdout (TRL's metric
// names), errors on stderr with a non-zero exit. docs/training.md.
#include <csignal>
#include <cstdio>

#include "../commands.h"
#include "model/file_io.h"
#include "trainer/train.h"

namespace corevla::cli {
namespace {

CancelToken* g_cancel = nullptr;
extern "C" void onSignal(int) {
    if (g_cancel) g_cancel->cancel();  // the run saves its state and stops at the next step
}

// Reads --key into *target; false (after printing why) when it is there but not a number.
template <typename T>
bool numberOption(const Args& args, const std::string& key, T* target) {
    if (!args.value(key)) return true;
    const auto v = args.number(key);
    if (!v) {
        usageError("--" + key + " needs a number, not \"" + *args.value(key) + "\"");
        return false;
    }
    *target = T(*v);
    return true;
}

}  // namespace

int runTrain(const Args& args) {
    const auto& pos = args.positional();
    if (pos.empty() || (pos[0] != "sft" && pos[0] != "dpo")) return usageError("train needs sft or dpo (see corevla --help)");
    trainer::TrainOptions o;
    o.kind = pos[0] == "dpo" ? trainer::DataKind::Dpo : trainer::DataKind::Sft;
    const auto data = args.value("data"), out = args.value("out");
    if (!data || !out) return usageError("train " + pos[0] + " needs --data DIR and --out DIR");
    o.data = *data;
    o.out = *out;
    o.init = args.value("init", "");
    o.ref = args.value("ref", "");
    o.replay = args.value("replay", "");
    if (!o.replay.empty() && o.kind != trainer::DataKind::Dpo) return usageError("--replay applies to train dpo");
    if (o.kind == trainer::DataKind::Dpo && o.init.empty()) return usageError("train dpo needs --init CHECKPOINT (the SFT model to refine)");
    o.resume = args.flag("resume");
    if (o.kind == trainer::DataKind::Dpo) o.lr = 5e-5;  // a refinement: small steps from the SFT model
    if (const auto config = args.value("config")) {
        const auto text = model::readWholeFile(*config);
        if (!text) return fail(*config + ": cannot be read");
        std::string error;
        const auto c = model::ModelConfig::fromJson(*text, &error);
        if (!c) return fail(*config + ": " + error);
        o.model = *c;
    }
    double seed = double(o.seed);
    if (!numberOption(args, "max-steps", &o.maxSteps) || !numberOption(args, "epochs", &o.epochs) || !numberOption(args, "lr", &o.lr) ||
        !numberOption(args, "batch", &o.batch) || !numberOption(args, "grad-accum", &o.gradAccum) ||
        !numberOption(args, "warmup-ratio", &o.warmupRatio) || !numberOption(args, "weight-decay", &o.weightDecay) ||
        !numberOption(args, "max-grad-norm", &o.maxGradNorm) || !numberOption(args, "seed", &seed) ||
        !numberOption(args, "eval-split", &o.evalSplit) || !numberOption(args, "logging-steps", &o.loggingSteps) ||
        !numberOption(args, "eval-steps", &o.evalSteps) || !numberOption(args, "save-steps", &o.saveSteps) ||
        !numberOption(args, "threads", &o.threads) || !numberOption(args, "beta", &o.beta) ||
        !numberOption(args, "label-smoothing", &o.labelSmoothing) || !numberOption(args, "sft-weight", &o.sftWeight) ||
        !numberOption(args, "decision-eval", &o.decisionEvalLimit) || !numberOption(args, "replay-weight", &o.replayWeight) ||
        !numberOption(args, "augment", &o.augment))
        return 2;
    o.seed = std::uint64_t(seed);
    o.device = args.value("device", "auto");
    o.precision = args.value("precision", "auto");
    if (const auto loss = args.value("loss"); loss && !trainer::parseLossType(*loss, &o.loss))
        return usageError("--loss must be sigmoid, ipo or hinge, not \"" + *loss + "\"");
    if (o.beta <= 0) return usageError("--beta must be positive");
    if (o.augment < 0 || o.augment > 1) return usageError("--augment must be in [0, 1]");
    if (o.labelSmoothing < 0 || o.labelSmoothing >= 0.5) return usageError("--label-smoothing must be in [0, 0.5)");

    CancelToken cancel;
    g_cancel = &cancel;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const auto result = trainer::train(o, [](const std::string& line) {
        std::fputs(line.c_str(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);  // a reader (the GUI) sees each line as it is made
    }, &cancel);
    g_cancel = nullptr;
    if (result.cancelled) {
        std::fprintf(stderr, "corevla: train: cancelled; the state so far is in %s (--resume continues)\n", result.checkpoint.c_str());
        return 130;
    }
    if (!result.ok) return fail(result.error);
    return 0;
}

}  // namespace corevla::cli
