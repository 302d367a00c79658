// SPDX-License-Identifier: MIT
// A runs project (runs_fixture.h) with tiny models trained on its pairs by
// the real CLI (a few SFT steps each) and registered under their names:
// what the panels that run `corevla` children against models test with.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <utility>
#include <vector>

#include "storage/run_store.h"
#include "tests/common/cli_run.h"
#include "tests/ui/runs_fixture.h"

namespace corevla::testing {

// A few SFT steps on the pairs' export; the checkpoint folder, empty when it failed.
inline QString trainTinyModel(const QString& data, const QString& config, const QString& out, int seed) {
    const auto r = runCli({"train", "sft", "--data", data, "--out", out, "--config", config, "--max-steps", "3", "--precision", "fp32",
                           "--seed", QString::number(seed)});
    for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts))
        if (const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object(); o["event"] == "done") return o["checkpoint"].toString();
    qWarning("%s", qPrintable(r.err));
    return {};
}

// dir/p.corevla with its approved pairs and the models (name, seed)
// registered in that order; empty (and a warning) when anything failed.
inline QString makeTinyModelsProject(const QTemporaryDir& dir, const std::vector<std::pair<const char*, int>>& models) {
    const QString project = dir.filePath("p.corevla");
    const QList<qint64> approved = makeRunsProject(project);
    if (approved.size() < 2 || !writeTinyModelConfig(dir.filePath("tiny.json"))) return {};
    QStringList ids;
    for (qint64 id : approved) ids << QString::number(id);
    const auto exported = runCli({"export", "--project", project, "--format", "llamafactory-sft", "--out", dir.filePath("data"), "--width",
                                  "32", "--quiet", "--pairs", ids.join(',')});
    if (exported.code != 0) return qWarning("%s", qPrintable(exported.err)), QString();
    Project p;
    if (!p.open(project.toStdString(), Project::Mode::OpenExisting)) return {};
    for (const auto& [name, seed] : models) {
        const QString checkpoint = trainTinyModel(dir.filePath("data"), dir.filePath("tiny.json"), dir.filePath(name), seed);
        if (checkpoint.isEmpty()) return {};
        ModelEntry model;
        model.name = name;
        model.location = checkpoint.toStdString();
        if (!RunStore(p).insertModel(model)) return {};
    }
    return project;
}

}  // namespace corevla::testing
