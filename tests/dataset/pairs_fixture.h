// SPDX-License-Identifier: MIT
// A project made from the shared small sample the way annotators make one:
// imported, segments detected, a pair drafted per segment, the first few
// approved. Plus the file helpers the dataset tests share.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../common/shared_sample.h"
#include "dataset/pair_drafter.h"
#include "dataset/segment_detector.h"
#include "importers/import_runner.h"
#include "storage/annotation_store.h"
#include "storage/project.h"

namespace corevla::testing {

// Opens (creates) the project at `file` and fills it; "" when done, else what failed.
inline std::string makePairsProject(Project& project, const std::filesystem::path& file, int approve) {
    std::filesystem::path sampleDir;
    const auto made = sharedSmallSample(&sampleDir);
    if (!made.ok) return made.error;
    if (!project.open(file.string(), Project::Mode::OpenOrCreate)) return project.lastError();
    importers::ImportOptions options;
    options.mediaDir = file.parent_path() / "media";
    const auto report = importers::ImportRunner().run(project, {sampleDir}, options);
    if (report.stored.empty()) return "nothing imported";
    AnnotationStore store(project);
    const auto recordings = project.recordings();
    if (!recordings) return project.lastError();
    for (const RecordingSummary& s : *recordings) {
        const auto recording = project.load(s.id);
        if (!recording) return project.lastError();
        const auto detected = store.storeDetected(s.id, dataset::detectSegments(*recording));
        if (!detected) return store.lastError();
        for (const Segment& segment : detected->segments)
            if (!store.insertPair(dataset::draftPair(*recording, segment))) return store.lastError();
    }
    auto pairs = store.pairs();
    if (!pairs || int(pairs->size()) < approve) return "too few pairs drafted";
    for (int i = 0; i < approve; ++i) {
        PreferencePair p = (*pairs)[std::size_t(i)];
        p.status = PairStatus::Approved;
        if (!store.savePair(p).ok()) return store.lastError();
    }
    return {};
}

inline QByteArray readBytes(const std::filesystem::path& path) {
    QFile f(QString::fromStdString(path.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeBytes(const std::filesystem::path& path, const QByteArray& bytes) {
    std::filesystem::create_directories(path.parent_path());
    QFile f(QString::fromStdString(path.string()));
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

inline QJsonDocument readJson(const std::filesystem::path& path) { return QJsonDocument::fromJson(readBytes(path)); }

// Every example of a .json list or a .jsonl file.
inline QJsonArray readExamples(const std::filesystem::path& path) {
    if (path.extension() != ".jsonl") return readJson(path).array();
    QJsonArray all;
    for (const QByteArray& line : readBytes(path).split('\n'))
        if (!line.trimmed().isEmpty()) all.append(QJsonDocument::fromJson(line).object());
    return all;
}

inline bool writeExamples(const std::filesystem::path& path, const QJsonArray& examples) {
    QByteArray out;
    if (path.extension() == ".jsonl") {
        for (const auto& e : examples) out += QJsonDocument(e.toObject()).toJson(QJsonDocument::Compact) + "\n";
    } else {
        out = QJsonDocument(examples).toJson(QJsonDocument::Compact);
    }
    return writeBytes(path, out);
}

// Every file under dir (relative path -> bytes).
inline std::map<std::string, QByteArray> treeOf(const std::filesystem::path& dir) {
    std::map<std::string, QByteArray> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[std::filesystem::relative(e.path(), dir).string()] = readBytes(e.path());
    return files;
}

// Names of the entries in `parent` that start with `prefix` (left-over partial folders).
inline std::vector<std::string> entriesStartingWith(const std::filesystem::path& parent, const std::string& prefix) {
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::directory_iterator(parent))
        if (e.path().filename().string().rfind(prefix, 0) == 0) found.push_back(e.path().filename().string());
    return found;
}

}  // namespace corevla::testing
