// SPDX-License-Identifier: MIT
// A project of the shared small sample with its segments detected, for the
// segment editing tests: each test makes its own, since they all write.
#pragma once

#include <QString>
#include <QtTest>

#include "dataset/segment_detector.h"
#include "importers/import_runner.h"
#include "storage/annotation_store.h"
#include "storage/project.h"
#include "tests/common/shared_sample.h"

namespace corevla::testing {

// A read that must succeed, by value, so a range-for may loop over it (over
// optional::value() of a temporary it would dangle).
template <typename T>
T rows(std::optional<T> read) {
    return std::move(read).value();
}

inline bool makeSegmentProject(const QString& path) {
    std::filesystem::path sampleDir;
    const auto made = sharedSmallSample(&sampleDir);
    if (!made.ok) return false;
    Project project;
    if (!project.open(path.toStdString(), Project::Mode::OpenOrCreate)) return false;
    if (!importers::ImportRunner().run(project, {sampleDir}, {}).ok()) return false;
    AnnotationStore store(project);
    for (const RecordingSummary& summary : testing::rows(project.recordings())) {
        const auto recording = project.load(summary.id);
        if (!recording || !store.storeDetected(summary.id, dataset::detectSegments(*recording))) return false;
    }
    return true;
}

// The first recording of the source with at least that many detected segments; 0 if none.
inline std::int64_t recordingWithSegments(Project& project, SourceKind source, std::size_t segments) {
    AnnotationStore store(project);
    for (const RecordingSummary& r : testing::rows(project.recordings()))
        if (r.source == source && store.segments(r.id).value().size() >= segments) return r.id;
    return 0;
}

}  // namespace corevla::testing
