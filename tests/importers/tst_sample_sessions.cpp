// SPDX-License-Identifier: MIT
// `sample --sessions N`: the extra CAVE sessions. Deterministic per seed
// (another seed plans other sessions), varied (scenario kinds, weather, speeds, a plain session without a
// takeover), imported cleanly, and their takeovers found by segment detection.
#include "importers/sample/extra_sessions.h"
#include "importers/sample/sample_generator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

#include "dataset/segment_detector.h"
#include "importers/import_runner.h"
#include "storage/project.h"

using namespace corevla;
namespace fs = std::filesystem;

namespace {

constexpr int kSessions = 5;  // one of each kind: plain, cut-in, blocked lane, pedestrian, ambulance

QByteArray readAll(const fs::path& path) {
    QFile f(QString::fromStdString(path.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

sample::Result generate(const fs::path& out, std::uint64_t seed, int sessions) {
    sample::Options o;
    o.out = out;
    o.seed = seed;
    o.clipFrames = 25;  // the fixed part as small as it goes
    o.caveSeconds = 6;
    o.sessions = sessions;
    return sample::generate(o);
}

}  // namespace

class TestSampleSessions : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path m_sample;
    QJsonArray m_extra;  // truth.json's records of the extra sessions

    fs::path path(const std::string& name) const { return fs::path(m_dir.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_sample = path("sample");
        const auto r = generate(m_sample, 3, kSessions);
        QVERIFY2(r.ok, r.error.c_str());
        const QJsonObject truth = QJsonDocument::fromJson(readAll(m_sample / "truth.json")).object();
        QCOMPARE(truth["sessions"].toInt(), kSessions);
        const QJsonArray records = truth["recordings"].toArray();
        QCOMPARE(records.size(), 7 + kSessions);
        for (int i = 7; i < records.size(); ++i) m_extra.append(records[i]);
    }

    void plansVaryAndFollowTheSeed() {
        const auto a = sample::planExtraSessions(11, 20), again = sample::planExtraSessions(11, 20);
        const auto other = sample::planExtraSessions(12, 20);
        std::set<std::string> scenarios, weathers, towns, ids;
        std::set<int> lengths;
        bool differs = false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            scenarios.insert(a[i].scenario), weathers.insert(a[i].weather), towns.insert(a[i].town);
            ids.insert(a[i].id), lengths.insert(a[i].seconds);
            QCOMPARE(a[i].weather, again[i].weather);
            QCOMPARE(a[i].variant.speedScale, again[i].variant.speedScale);
            QVERIFY(a[i].seconds >= 20 && a[i].seconds <= 40);
            differs |= a[i].weather != other[i].weather || a[i].variant.speedScale != other[i].variant.speedScale;
        }
        QCOMPARE(int(ids.size()), 20);
        QVERIFY(scenarios.size() >= 5);
        QVERIFY(weathers.size() >= 4);
        QVERIFY(towns.size() >= 4);
        QVERIFY(lengths.size() >= 5);
        QVERIFY(differs);
    }

    void truthListsVariedSessions() {
        std::set<QString> scenarios;
        int plain = 0;
        for (const auto& v : m_extra) {
            const QJsonObject r = v.toObject();
            QCOMPARE(r["source"].toString(), QString("cave_session"));
            QVERIFY(r["duration_s"].toDouble() >= 20 && r["duration_s"].toDouble() <= 40);
            scenarios.insert(r["scenario"].toString());
            if (r["scenario"] == "UrbanCruise") {
                ++plain;
                QCOMPARE(r["takeovers"].toInt(), 0);
            } else {
                QVERIFY2(r["takeovers"].toInt() >= 1, qPrintable(r["name"].toString()));
            }
        }
        QCOMPARE(plain, 1);
        QCOMPARE(int(scenarios.size()), kSessions);
    }

    void sameSeedSameBytes() {
        // Fewer sessions of the same seed: the same first ones, byte for byte.
        const fs::path one = path("one");
        QVERIFY(generate(one, 3, 1).ok);
        const std::string first = "cave/" + m_extra[0].toObject()["name"].toString().toStdString();
        for (const char* f : {"/session.json", "/log.jsonl", "/front.mp4", "/attention.mp4"}) {
            const QByteArray a = readAll(m_sample / (first + f));
            QVERIFY2(!a.isEmpty(), f);
            QVERIFY2(a == readAll(one / (first + f)), f);
        }
        // The fixed sessions do not change with --sessions.
        QCOMPARE(readAll(one / "cave/2025-06-12_s01/log.jsonl"), readAll(m_sample / "cave/2025-06-12_s01/log.jsonl"));
    }

    void importsCleanlyAndTakeoversAreDetected() {
        Project project;
        QVERIFY(project.open(path("p.corevla").string(), Project::Mode::OpenOrCreate));
        std::vector<fs::path> sessions;
        for (const auto& v : m_extra) sessions.push_back(m_sample / v.toObject()["path"].toString().toStdString());
        const auto report = importers::ImportRunner().run(project, sessions, {});
        for (const auto& issue : report.issues) QVERIFY2(false, issue.text().c_str());
        QCOMPARE(int(report.stored.size()), kSessions);
        for (const auto& stored : report.stored) {
            const Recording r = *project.load(stored.id);
            QJsonObject truth;
            for (const auto& v : m_extra)
                if (v.toObject()["name"].toString().toStdString() == r.name) truth = v.toObject();
            QVERIFY2(!truth.isEmpty(), r.name.c_str());
            QCOMPARE(int(r.frames.size()), truth["frames"].toInt());
            int takeovers = 0;
            for (const Segment& s : dataset::detectSegments(r)) takeovers += s.kind == SegmentKind::Takeover;
            QVERIFY2(takeovers == truth["takeovers"].toInt(), r.name.c_str());
            QCOMPARE(r.cameras.front().width, sample::kExtraWidth);
        }
    }
};

QTEST_GUILESS_MAIN(TestSampleSessions)
#include "tst_sample_sessions.moc"
