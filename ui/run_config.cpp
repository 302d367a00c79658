// SPDX-License-Identifier: MIT
#include "ui/run_config.h"

#include <QJsonArray>

namespace corevla::ui {

QJsonObject RunConfig::toJson() const {
    QJsonArray ids;
    for (qint64 id : pairIds) ids.append(id);
    return {{"kind", runKindName(kind)}, {"sft_from_frames", sftFromFrames}, {"pair_ids", ids}, {"filter", filter},
            {"image_width", imageWidth}, {"base_model", baseModel}, {"init", init}, {"model_config", modelConfig},
            {"max_steps", maxSteps}, {"epochs", epochs}, {"lr", learningRate()}, {"batch", batch},
            {"grad_accum", gradAccum}, {"seed", seed}, {"beta", beta}, {"loss", loss}, {"sft_weight", sftWeight},
            {"label_smoothing", labelSmoothing}, {"replay", replay}, {"replay_weight", replayWeight}, {"augment", augment}, {"eval_split", evalSplit}, {"eval_steps", evalSteps},
            {"logging_steps", loggingSteps}, {"device", device}, {"precision", precision}};
}

RunConfig RunConfig::fromJson(const QJsonObject& j) {
    RunConfig c;
    c.kind = runKindFromName(j["kind"].toString().toStdString()).value_or(c.kind);
    c.sftFromFrames = j["sft_from_frames"].toBool(c.sftFromFrames);
    for (const auto& id : j["pair_ids"].toArray()) c.pairIds.append(id.toInteger());
    c.filter = j["filter"].toString(c.filter);
    c.imageWidth = j["image_width"].toInt(c.imageWidth);
    c.baseModel = j["base_model"].toInteger(c.baseModel);
    c.init = j["init"].toString(c.init);
    c.modelConfig = j["model_config"].toString(c.modelConfig);
    c.maxSteps = j["max_steps"].toInt(c.maxSteps);
    c.epochs = j["epochs"].toDouble(c.epochs);
    c.lr = j["lr"].toDouble(c.lr);
    c.batch = j["batch"].toInt(c.batch);
    c.gradAccum = j["grad_accum"].toInt(c.gradAccum);
    c.seed = j["seed"].toInteger(c.seed);
    c.beta = j["beta"].toDouble(c.beta);
    c.loss = j["loss"].toString(c.loss);
    c.sftWeight = j["sft_weight"].toDouble(c.sftWeight);
    c.labelSmoothing = j["label_smoothing"].toDouble(c.labelSmoothing);
    c.replay = j["replay"].toString(c.replay);
    c.replayWeight = j["replay_weight"].toDouble(c.replayWeight);
    c.augment = j["augment"].toDouble(c.augment);
    c.evalSplit = j["eval_split"].toDouble(c.evalSplit);
    c.evalSteps = j["eval_steps"].toInt(c.evalSteps);
    c.loggingSteps = j["logging_steps"].toInt(c.loggingSteps);
    c.device = j["device"].toString(c.device);
    c.precision = j["precision"].toString(c.precision);
    return c;
}

QStringList RunConfig::exportArguments(const QString& project, const QString& dataDir) const {
    QStringList args{"export", "--project", project, "--format",
                     kind == RunKind::Dpo ? "llamafactory-dpo" : "llamafactory-sft",
                     "--out", dataDir, "--width", QString::number(imageWidth), "--quiet"};
    if (kind == RunKind::Sft && sftFromFrames) return args << "--from" << "frames" << "--exclude-segments";
    QStringList ids;
    for (qint64 id : pairIds) ids << QString::number(id);
    return args << "--pairs" << ids.join(',');
}

QStringList RunConfig::trainArguments(const QString& dataDir, const QString& outDir) const {
    const auto number = [](double v) { return QString::number(v, 'g', 10); };
    QStringList args{"train", runKindName(kind), "--data", dataDir, "--out", outDir};
    if (!init.isEmpty()) args << "--init" << init;
    if (!modelConfig.isEmpty() && init.isEmpty()) args << "--config" << modelConfig;
    if (maxSteps > 0) args << "--max-steps" << QString::number(maxSteps);
    else args << "--epochs" << number(epochs);
    args << "--lr" << number(learningRate()) << "--batch" << QString::number(batch) << "--grad-accum"
         << QString::number(gradAccum) << "--seed" << QString::number(seed) << "--eval-split" << number(evalSplit)
         << "--logging-steps" << QString::number(loggingSteps) << "--device" << device << "--precision" << precision;
    if (evalSteps > 0) args << "--eval-steps" << QString::number(evalSteps);
    if (augment > 0) args << "--augment" << number(augment);
    if (kind == RunKind::Dpo)
        args << "--beta" << number(beta) << "--loss" << loss << "--sft-weight" << number(sftWeight) << "--label-smoothing"
             << number(labelSmoothing);
    if (kind == RunKind::Dpo && !replay.isEmpty()) args << "--replay" << replay << "--replay-weight" << number(replayWeight);
    return args;
}

QString RunConfig::problem() const {
    if (kind == RunKind::Dpo && init.isEmpty()) return "DPO refines a model: choose a base model (an SFT run's)";
    if (kind == RunKind::Dpo && sftFromFrames) return "DPO trains on pairs, not on frames";
    if (!(kind == RunKind::Sft && sftFromFrames) && pairIds.isEmpty()) return "no pairs match the filter";
    if (maxSteps <= 0 && !(epochs > 0)) return "give a number of steps or epochs";
    if (batch < 1 || gradAccum < 1) return "batch and accumulation must be at least 1";
    return {};
}

}  // namespace corevla::ui
