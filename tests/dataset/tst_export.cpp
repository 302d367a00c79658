// SPDX-License-Identifier: MIT
// `corevla export` as a library: each format field by field against the
// pairs in the project, the images present and decoding to the recorded
// frames, byte-identical output, export -> import-pairs -> export identity,
// text that round-trips unchanged, escaped tokens, and the refusals.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "dataset/dataset_check.h"
#include "dataset/export_dataset.h"
#include "dataset/import_pairs.h"
#include "importers/media/frame_source.h"
#include "pairs_fixture.h"
#include "storage/hash.h"

using namespace corevla;
namespace fs = std::filesystem;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString prompt(const PreferencePair& p, std::size_t images) {
    return QString("<image>").repeated(int(images)) + (images ? "\n" : "") + q(p.question);
}

QStringList imagePaths(int entry, std::size_t count) {
    QStringList paths;
    for (std::size_t k = 0; k < count; ++k) paths << QString("images/%1/%2.jpg").arg(entry).arg(k);
    return paths;
}

QStringList strings(const QJsonValue& v) {
    QStringList out;
    for (const auto& e : v.toArray()) out << e.toString();
    return out;
}

QJsonArray trlText(const std::string& role, const std::string& text) {
    return QJsonArray{QJsonObject{{"role", q(role)}, {"content", QJsonArray{QJsonObject{{"type", "text"}, {"text", q(text)}}}}}};
}

std::string checkProblems(const fs::path& dir) {
    std::string all;
    for (const auto& p : dataset::checkDataset(dir).problems) all += p.text() + "\n";
    return all;
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Project m_project;
    std::vector<PreferencePair> m_all, m_approved;

    fs::path path(const std::string& name) const { return fs::path(m_dir.path().toStdString()) / name; }

    dataset::ExportResult exportTo(const std::string& name, dataset::ExportFormat format, bool any = false, int threads = 0) {
        dataset::ExportOptions o;
        o.format = format;
        o.out = path(name);
        if (any) o.status.reset();
        o.threads = threads;
        return dataset::exportDataset(m_project, o);
    }

    // The exported image decodes to the recorded frame (JPEG quality 95: within a few levels).
    void verifyImage(const fs::path& file, const PreferencePair& p, int frame) {
        const cv::Mat written = cv::imread(file.string(), cv::IMREAD_COLOR);
        QVERIFY2(!written.empty(), file.c_str());
        const auto summary = m_project.summary(p.recording);
        const auto cameras = m_project.cameras(p.recording);
        const auto frames = m_project.frames(p.recording, frame, frame);
        QVERIFY(summary && cameras && frames && frames->size() == 1);
        const auto camera = std::find_if(cameras->begin(), cameras->end(), [&](const Camera& c) { return c.name == p.camera; });
        QVERIFY(camera != cameras->end());
        std::string error;
        const cv::Mat recorded = importers::makeFrameSource(summary->root, *camera)->read(frame, frames->front().t, 0, &error);
        QVERIFY2(!recorded.empty(), error.c_str());
        QCOMPARE(written.cols, recorded.cols);
        QCOMPARE(written.rows, recorded.rows);
        cv::Mat diff;
        cv::absdiff(written, recorded, diff);
        const double meanDiff = cv::mean(diff)[0];
        QVERIFY2(meanDiff < 3.0, qPrintable(QString("%1 differs from frame %2 by %3 on average").arg(q(file.string())).arg(frame).arg(meanDiff)));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const std::string error = testing::makePairsProject(m_project, path("pairs.corevla"), 3);
        QVERIFY2(error.empty(), error.c_str());
        AnnotationStore store(m_project);
        m_all = *store.pairs();
        PairFilter approved;
        approved.status = PairStatus::Approved;
        m_approved = *store.pairs(approved);
        QCOMPARE(int(m_approved.size()), 3);
        QVERIFY(m_all.size() > m_approved.size());
        for (const auto& p : m_approved) QVERIFY(p.promptFrames.size() >= 2);
    }

    void llamaFactoryDpoFieldByField() {
        const auto result = exportTo("lf-dpo", dataset::ExportFormat::LlamaFactoryDpo);
        QVERIFY2(result.ok, result.errors.empty() ? "" : result.errors.front().c_str());
        QCOMPARE(result.pairs, 3);
        const fs::path out = path("lf-dpo");
        const QJsonObject info = testing::readJson(out / "dataset_info.json").object();
        const QJsonObject expectedInfo{
            {"corevla_dpo", QJsonObject{{"file_name", "dpo.json"}, {"formatting", "sharegpt"}, {"ranking", true},
                                        {"columns", QJsonObject{{"messages", "conversations"}, {"chosen", "chosen"},
                                                                {"rejected", "rejected"}, {"images", "images"}}}}}};
        QCOMPARE(info, expectedInfo);
        const QJsonArray examples = testing::readExamples(out / "dpo.json");
        QCOMPARE(examples.size(), 3);
        int images = 0;
        for (int e = 0; e < examples.size(); ++e) {
            const PreferencePair& p = m_approved[std::size_t(e)];
            const QJsonObject x = examples[e].toObject();
            QCOMPARE(x.keys(), (QStringList{"chosen", "conversations", "images", "rejected"}));
            const QJsonArray conversations = x["conversations"].toArray();
            QCOMPARE(conversations.size(), 1);
            QCOMPARE(conversations[0].toObject(), (QJsonObject{{"from", "human"}, {"value", prompt(p, p.promptFrames.size())}}));
            QVERIFY(x["images"].isArray());
            QCOMPARE(strings(x["images"]), imagePaths(e, p.promptFrames.size()));
            QCOMPARE(x["chosen"].toObject(), (QJsonObject{{"from", "gpt"}, {"value", q(p.chosen)}}));
            QCOMPARE(x["rejected"].toObject(), (QJsonObject{{"from", "gpt"}, {"value", q(p.rejected)}}));
            for (std::size_t k = 0; k < p.promptFrames.size(); ++k)
                verifyImage(out / strings(x["images"])[int(k)].toStdString(), p, p.promptFrames[k]);
            images += int(p.promptFrames.size());
        }
        const QJsonObject manifest = testing::readJson(out / "manifest.json").object();
        QCOMPARE(manifest["corevla_export"].toInt(), 1);
        QCOMPARE(manifest["format"].toString(), QString("llamafactory-dpo"));
        QCOMPARE(manifest["filter"].toObject()["status"].toString(), QString("approved"));
        QCOMPARE(manifest["counts"].toObject()["pairs"].toInt(), 3);
        QCOMPARE(manifest["counts"].toObject()["images"].toInt(), images);
        QCOMPARE(manifest["content_hash"].toString(), q(hashToHex(result.contentHash)));
        QJsonArray ids;
        for (const auto& p : m_approved) ids.append(qint64(p.id));
        QCOMPARE(manifest["pair_ids"].toArray(), ids);
        QCOMPARE(checkProblems(out), std::string());
        QVERIFY(testing::entriesStartingWith(m_dir.path().toStdString(), "lf-dpo.").empty());  // no partial left
    }

    void trlDpoFieldByField() {
        const auto result = exportTo("trl", dataset::ExportFormat::TrlDpo);
        QVERIFY(result.ok);
        const fs::path out = path("trl");
        QVERIFY(!fs::exists(out / "dataset_info.json"));
        const QJsonArray examples = testing::readExamples(out / "dpo.jsonl");
        QCOMPARE(examples.size(), 3);
        for (int e = 0; e < examples.size(); ++e) {
            const PreferencePair& p = m_approved[std::size_t(e)];
            const QJsonObject x = examples[e].toObject();
            QCOMPARE(x.keys(), (QStringList{"chosen", "images", "prompt", "rejected"}));
            QCOMPARE(strings(x["images"]), imagePaths(e, p.promptFrames.size()));
            QJsonArray content;
            for (std::size_t k = 0; k < p.promptFrames.size(); ++k) content.append(QJsonObject{{"type", "image"}});
            content.append(QJsonObject{{"type", "text"}, {"text", q(p.question)}});
            QCOMPARE(x["prompt"].toArray(), (QJsonArray{QJsonObject{{"role", "user"}, {"content", content}}}));
            QCOMPARE(x["chosen"].toArray(), trlText("assistant", p.chosen));
            QCOMPARE(x["rejected"].toArray(), trlText("assistant", p.rejected));
            for (const QString& image : strings(x["images"])) QVERIFY(!cv::imread((out / image.toStdString()).string()).empty());
        }
        QCOMPARE(checkProblems(out), std::string());
    }

    void llamaFactorySftFieldByField() {
        QVERIFY(exportTo("sft", dataset::ExportFormat::LlamaFactorySft).ok);
        const fs::path out = path("sft");
        const QJsonObject info = testing::readJson(out / "dataset_info.json").object()["corevla_sft"].toObject();
        QCOMPARE(info["file_name"].toString(), QString("sft.json"));
        QCOMPARE(info["formatting"].toString(), QString("sharegpt"));
        QVERIFY(!info.contains("ranking"));
        QCOMPARE(info["columns"].toObject(), (QJsonObject{{"messages", "messages"}, {"images", "images"}}));
        QCOMPARE(info["tags"].toObject(), (QJsonObject{{"role_tag", "role"}, {"content_tag", "content"},
                                                       {"user_tag", "user"}, {"assistant_tag", "assistant"}}));
        const QJsonArray examples = testing::readExamples(out / "sft.json");
        QCOMPARE(examples.size(), 3);
        for (int e = 0; e < examples.size(); ++e) {
            const PreferencePair& p = m_approved[std::size_t(e)];
            const QJsonObject x = examples[e].toObject();
            QCOMPARE(x.keys(), (QStringList{"images", "messages"}));
            const QJsonArray expected{QJsonObject{{"role", "user"}, {"content", prompt(p, p.promptFrames.size())}},
                                      QJsonObject{{"role", "assistant"}, {"content", q(p.chosen)}}};
            QCOMPARE(x["messages"].toArray(), expected);
            QCOMPARE(strings(x["images"]), imagePaths(e, p.promptFrames.size()));
        }
        QCOMPARE(checkProblems(out), std::string());
    }

    void sameInputGivesByteIdenticalOutput() {
        QVERIFY(exportTo("same-a", dataset::ExportFormat::LlamaFactoryDpo, true, 1).ok);
        QVERIFY(exportTo("same-b", dataset::ExportFormat::LlamaFactoryDpo, true, 4).ok);
        const auto a = testing::treeOf(path("same-a"));
        QVERIFY(a.size() > 3);
        QVERIFY(a == testing::treeOf(path("same-b")));
        // Exporting again over an export of ours replaces it, identically.
        QVERIFY(testing::writeBytes(path("same-b") / "stray.txt", "left over"));
        QVERIFY(exportTo("same-b", dataset::ExportFormat::LlamaFactoryDpo, true, 2).ok);
        QVERIFY(a == testing::treeOf(path("same-b")));
        QVERIFY(testing::entriesStartingWith(m_dir.path().toStdString(), "same-b.").empty());
    }

    void exportImportExportIsIdentical() {
        const auto first = exportTo("trip-1", dataset::ExportFormat::LlamaFactoryDpo, true);
        QVERIFY(first.ok);
        Project other;
        QVERIFY(other.open(path("imported.corevla").string(), Project::Mode::OpenOrCreate));
        dataset::ImportPairsOptions options;
        options.author = "tester";
        const auto imported = dataset::importPairs(other, path("trip-1") / "dpo.json", options);
        QVERIFY2(imported.ok, imported.errors.empty() ? "" : imported.errors.front().c_str());
        QCOMPARE(imported.ids.size(), m_all.size());
        const auto stored = *AnnotationStore(other).pairs();
        for (std::size_t i = 0; i < stored.size(); ++i) {
            const PreferencePair& p = stored[i];
            QCOMPARE(p.status, PairStatus::NeedsReview);
            QCOMPARE(p.author, std::string("tester"));
            QCOMPARE(p.source, fs::absolute(path("trip-1") / "dpo.json").lexically_normal().string() + "#" + std::to_string(i));
            QCOMPARE(p.question, m_all[i].question);
            QCOMPARE(p.chosen, m_all[i].chosen);
            QCOMPARE(p.rejected, m_all[i].rejected);
            QCOMPARE(p.chosenAction, m_all[i].chosenAction);
            QCOMPARE(p.images.size(), m_all[i].promptFrames.size());
            for (const MediaFile& m : p.images) {
                QVERIFY(fs::path(m.relPath).is_absolute());
                const auto digest = hashFile(m.relPath);
                QVERIFY(digest && digest->hash == m.hash && digest->size == m.size);
            }
        }
        // Importing the same file again adds nothing.
        const auto again = dataset::importPairs(other, path("trip-1") / "dpo.json", options);
        QVERIFY(again.ok && again.ids.empty() && again.unchanged == int(m_all.size()));
        dataset::ExportOptions o;
        o.out = path("trip-2");
        o.status.reset();
        const auto second = dataset::exportDataset(other, o);
        QVERIFY(second.ok);
        QCOMPARE(hashToHex(second.contentHash), hashToHex(first.contentHash));
        // Every dataset file the same (the manifest names other pair ids where the projects differ).
        auto a = testing::treeOf(path("trip-1")), b = testing::treeOf(path("trip-2"));
        QVERIFY(a.size() == b.size() && a.size() > 3);
        a.erase("manifest.json");
        for (const auto& [name, bytes] : a) QVERIFY2(b.count(name) && b.at(name) == bytes, name.c_str());
    }

    void textRoundTripsUnchanged() {
        PreferencePair p = m_approved.front();
        p.question = "\nSay \"hi\" \\ back,\ttab — Überholen 日本語 🚗 ‘quoted’";
        p.chosen = "Line 1\nLine 2 \"quoted\"\r\n\x01 control; Decision: CHANGE_LANE_LEFT, DECELERATE.";
        p.rejected = "Ä ø ß … «» 〜 Decision: FOLLOW_LANE, KEEP.  ";
        dataset::ExportOptions o;
        o.out = path("text");
        const auto result = dataset::exportPairs(m_project, {p}, o);
        QVERIFY(result.ok);
        const QByteArray raw = testing::readBytes(path("text") / "dpo.json");
        QVERIFY(raw.contains("Überholen 日本語 🚗"));  // UTF-8 as it is, not \u escapes
        QVERIFY(raw.contains("\\\"hi\\\" \\\\ back,\\ttab"));
        QVERIFY(raw.contains("\\u0001"));
        QCOMPARE(checkProblems(path("text")), std::string());
        Project other;
        QVERIFY(other.open(path("text.corevla").string(), Project::Mode::OpenOrCreate));
        QVERIFY(dataset::importPairs(other, path("text") / "dpo.json", {}).ok);
        const auto back = *AnnotationStore(other).pairs();
        QCOMPARE(back.size(), std::size_t(1));
        QCOMPARE(back[0].question, p.question);
        QCOMPARE(back[0].chosen, p.chosen);
        QCOMPARE(back[0].rejected, p.rejected);
        QCOMPARE(back[0].chosenAction, (MetaAction{"DECELERATE", "CHANGE_LANE_LEFT"}));
        // TRL writes the same texts.
        o.format = dataset::ExportFormat::TrlDpo;
        o.out = path("text-trl");
        QVERIFY(dataset::exportPairs(m_project, {p}, o).ok);
        const QJsonObject x = testing::readExamples(path("text-trl") / "dpo.jsonl")[0].toObject();
        QCOMPARE(x["prompt"].toArray()[0].toObject()["content"].toArray().last().toObject()["text"].toString(), q(p.question));
        QCOMPARE(x["chosen"].toArray(), trlText("assistant", p.chosen));
    }

    void literalTokensAreEscapedAndCounted() {
        PreferencePair p = m_approved.front();
        p.question = "Is there an <image> of <image> here?";
        p.chosen = "A <video> would help. Decision: FOLLOW_LANE, STOP.";
        dataset::ExportOptions o;
        o.out = path("tokens");
        const auto result = dataset::exportPairs(m_project, {p}, o);
        QVERIFY(result.ok);
        QCOMPARE(result.escapedTokens, 3);
        QCOMPARE(result.warnings.size(), std::size_t(2));
        QVERIFY(result.warnings[0].find("pair " + std::to_string(p.id) + ": the question") == 0);
        const QJsonObject x = testing::readExamples(path("tokens") / "dpo.json")[0].toObject();
        const QString user = x["conversations"].toArray()[0].toObject()["value"].toString();
        QCOMPARE(user.count("<image>"), int(p.promptFrames.size()));
        QVERIFY(user.endsWith("\nIs there an [image] of [image] here?"));
        QCOMPARE(x["chosen"].toObject()["value"].toString(), QString("A [video] would help. Decision: FOLLOW_LANE, STOP."));
        QCOMPARE(testing::readJson(path("tokens") / "manifest.json").object()["counts"].toObject()["escaped_tokens"].toInt(), 3);
        QCOMPARE(checkProblems(path("tokens")), std::string());
    }

    void refusesAFolderThatIsNotOurs() {
        QVERIFY(testing::writeBytes(path("theirs") / "keep.txt", "mine"));
        const auto result = exportTo("theirs", dataset::ExportFormat::LlamaFactoryDpo);
        QVERIFY(!result.ok);
        QVERIFY(result.errors.front().find("not an export of ours") != std::string::npos);
        QCOMPARE(testing::treeOf(path("theirs")).size(), std::size_t(1));
        QVERIFY(testing::entriesStartingWith(m_dir.path().toStdString(), "theirs.").empty());
    }

    void refusesNoMatchingPairs() {
        dataset::ExportOptions o;
        o.out = path("none");
        o.status = PairStatus::Rejected;
        const auto result = dataset::exportDataset(m_project, o);
        QVERIFY(!result.ok);
        QVERIFY(result.errors.front().find("no pairs with status rejected") != std::string::npos);
        QVERIFY(!fs::exists(path("none")));
    }

    void failsWithoutWritingWhenAnImageIsBad() {
        // A camera image that is missing on disk: the sample's clip lacks two rgb_back_left frames.
        PreferencePair missing = m_approved.front();
        std::int64_t clip = 0;
        const auto recordings = m_project.recordings();
        QVERIFY(recordings);
        for (const auto& s : *recordings)
            if (s.missingImages > 0) clip = s.id;
        QVERIFY(clip);
        const auto recording = m_project.load(clip);
        int absent = -1;
        std::string camera;
        for (const Frame& f : recording->frames)
            for (std::size_t c = 0; c < recording->cameras.size() && absent < 0; ++c)
                if (f.missingCameras & (1u << c)) absent = f.index, camera = recording->cameras[c].name;
        QVERIFY(absent >= 0);
        missing.recording = clip, missing.camera = camera, missing.promptFrames = {absent};
        missing.id = 9001;
        // An imported image that changed since it was imported.
        const fs::path image = path("changed/0.jpg");
        QVERIFY(testing::writeBytes(image, testing::readBytes(path("lf-dpo/images/0/0.jpg"))));
        PreferencePair changed;
        changed.id = 9002, changed.question = "q", changed.chosen = "c", changed.rejected = "r";
        const auto digest = hashFile(image);
        changed.images = {MediaFile{image.string(), digest->size, digest->hash}};
        QVERIFY(testing::writeBytes(image, "not the same bytes"));
        dataset::ExportOptions o;
        o.out = path("bad");
        const auto result = dataset::exportPairs(m_project, {m_approved.back(), missing, changed}, o);
        QVERIFY(!result.ok);
        QCOMPARE(result.errors.size(), std::size_t(2));
        QVERIFY2(result.errors[0].find("pair 9001: frame " + std::to_string(absent) + " (" + camera + ") cannot be decoded") == 0,
                 result.errors[0].c_str());
        QVERIFY2(result.errors[1] == "pair 9002: image " + image.string() + " changed since it was imported", result.errors[1].c_str());
        QVERIFY(!fs::exists(path("bad")));
        QVERIFY(testing::entriesStartingWith(m_dir.path().toStdString(), "bad.").empty());
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
