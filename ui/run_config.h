// SPDX-License-Identifier: MIT
// What a training run is asked to do, as the runs panel sets it and the run
// history keeps it (JSON in runs.config): the data it trains on, the model it
// starts from and the trainer's options. The same object gives the argument
// lists of `corevla export` (the snapshot) and `corevla train`, so a re-run
// repeats the run exactly.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "storage/run.h"

namespace corevla::ui {

struct RunConfig {
    RunKind kind = RunKind::Dpo;
    // The data: the pairs chosen (their ids are fixed at launch), or for SFT
    // the recordings' frames outside segments (generic driving, stage 1).
    bool sftFromFrames = false;
    QList<qint64> pairIds;
    QString filter;        // how the pairs were chosen, for people ("approved, Merging")
    int imageWidth = 256;  // snapshot images at most this wide (the model sees 128x64)

    qint64 baseModel = 0;  // registry id; 0: a new model (SFT only)
    QString init;          // its checkpoint folder
    QString modelConfig;   // a new model's size (JSON file); empty: the default

    int maxSteps = 0;      // 0: epochs decide
    double epochs = 3;
    double lr = 0;         // 0: the kind's default
    int batch = 8;
    int gradAccum = 1;
    qint64 seed = 42;
    double beta = 0.1;
    QString loss = "sigmoid";
    double sftWeight = 0;
    double labelSmoothing = 0;
    QString replay;            // DPO: an SFT dataset learned alongside (TrainOptions::replay)
    double replayWeight = 1;
    double augment = 0;        // TrainOptions::augment
    double evalSplit = 0.1;
    int evalSteps = 0;
    int loggingSteps = 10;
    QString device = "auto";     // auto, cpu, cuda
    QString precision = "auto";  // auto, fp32, bf16

    double learningRate() const { return lr > 0 ? lr : kind == RunKind::Dpo ? 5e-5 : 1e-3; }

    QJsonObject toJson() const;
    // Unknown keys are ignored and missing ones keep their defaults: a run
    // recorded by an older version still re-runs.
    static RunConfig fromJson(const QJsonObject& json);

    // corevla export ... into dataDir: the snapshot.
    QStringList exportArguments(const QString& project, const QString& dataDir) const;
    // corevla train ... on dataDir into outDir.
    QStringList trainArguments(const QString& dataDir, const QString& outDir) const;
    // "" or why the run cannot start ("DPO needs a base model").
    QString problem() const;
};

}  // namespace corevla::ui
