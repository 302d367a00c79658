// SPDX-License-Identifier: MIT
// A project whose takeovers each have an approved pair, and a model size
// small enough to train in seconds: what the training-run tests launch.
#pragma once

#include <QFile>
#include <QList>
#include <QString>

#include "dataset/pair_drafter.h"
#include "tests/ui/segments_fixture.h"
#include "ui/run_config.h"

namespace corevla::testing {

// The ids of the approved pairs, oldest first; empty when it failed.
inline QList<qint64> makeRunsProject(const QString& path) {
    QList<qint64> approved;
    if (!makeSegmentProject(path)) return {};
    Project p;
    if (!p.open(path.toStdString(), Project::Mode::OpenExisting)) return {};
    AnnotationStore store(p);
    for (const RecordingSummary& summary : rows(p.recordings())) {
        const auto recording = p.load(summary.id);
        if (!recording) return {};
        for (const Segment& s : rows(store.segments(summary.id))) {
            if (s.kind != SegmentKind::Takeover) continue;
            PreferencePair pair = dataset::draftPair(*recording, s, {});
            pair.status = PairStatus::Approved;
            const auto id = store.insertPair(pair);
            if (!id) return {};
            approved.append(*id);
        }
    }
    return approved;
}

// Two 32x32 frames, two layers of width 32 (model/model_config.h's keys).
inline bool writeTinyModelConfig(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) &&
           f.write(R"({"vocab_size":300,"d_model":32,"layers":2,"heads":2,"max_text_tokens":512,"frames":2,)"
                   R"("image_width":32,"image_height":32,"tokens_per_frame":4})") > 0;
}

// An SFT run of `steps` steps on the tiny model: seconds on a CPU.
inline ui::RunConfig tinySft(const QList<qint64>& pairs, const QString& modelConfig, int steps) {
    ui::RunConfig c;
    c.kind = RunKind::Sft;
    c.pairIds = pairs;
    c.modelConfig = modelConfig;
    c.maxSteps = steps;
    c.batch = 2;
    c.loggingSteps = 1;
    c.imageWidth = 64;
    c.evalSplit = 0.2;
    c.precision = "fp32";
    return c;
}

}  // namespace corevla::testing
