// SPDX-License-Identifier: MIT
// The `corevla` command-line contract, end to end: the sample generator's
// recordings imported into a real project and checked against its truth.json,
// and every kind of bad input the issue lists.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/project.h"
#include "tests/common/cli_run.h"
#include "tests/common/copy_tree.h"

namespace {

using Run = corevla::testing::CliRun;
Run cli(const QStringList& args) { return corevla::testing::runCli(args); }

QJsonObject readJson(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

QJsonArray info(const QString& project) {
    const Run r = cli({"info", "--project", project, "--json"});
    return QJsonDocument::fromJson(r.out.toUtf8()).object().value("recordings").toArray();
}

QJsonObject findRecording(const QJsonArray& list, const QString& source, const QString& name) {
    for (const auto& v : list)
        if (v.toObject().value("source") == source && v.toObject().value("name") == name) return v.toObject();
    return {};
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_sample, m_project;
    QJsonObject m_truth;

    QString truthPath(const QString& source, int nth = 0) const {
        for (const auto& v : m_truth.value("recordings").toArray())
            if (v.toObject().value("source") == source && nth-- == 0) return m_sample + "/" + v.toObject().value("path").toString();
        return {};
    }
    // A private copy of one sample recording, to break without touching the shared sample.
    QString copyOf(const QString& source, const QString& name, int nth = 0) const {
        const QString to = m_dir.filePath("broken/" + name);
        corevla::testing::copyTree(truthPath(source, nth), to);
        return to;
    }
    QString freshProject(const QString& name) const { return m_dir.filePath(name + ".corevla"); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_sample = m_dir.filePath("sample");
        m_project = m_dir.filePath("sample.corevla");
        const Run gen = cli({"sample", "--out", m_sample, "--seed", "5", "--sessions", "0", "--quiet"});
        QVERIFY2(gen.code == 0, qPrintable(gen.err));
        m_truth = readJson(m_sample + "/truth.json");
        QCOMPARE(m_truth.value("recordings").toArray().size(), 7);
    }

    void importsEverySampleFormatWithTheTruthsCounts() {
        const Run imp = cli({"import", "--project", m_project, m_sample, "--quiet"});
        // The sample deliberately holds a null speed and missing images: warnings, not errors.
        QVERIFY2(imp.code == 0, qPrintable(imp.out + imp.err));
        QVERIFY2(imp.err.contains("speed is null"), qPrintable(imp.err));
        QVERIFY2(imp.err.contains("rgb_back_left"), qPrintable(imp.err));
        const QJsonArray got = info(m_project);
        QCOMPARE(got.size(), 7);
        for (const auto& v : m_truth.value("recordings").toArray()) {
            const QJsonObject want = v.toObject();
            const QJsonObject rec = findRecording(got, want.value("source").toString(), want.value("name").toString());
            const QByteArray what = want.value("name").toString().toUtf8();
            QVERIFY2(!rec.isEmpty(), what);
            QVERIFY2(rec.value("frames").toInt() == want.value("frames").toInt(), what);
            QStringList cameras;
            for (const auto& c : rec.value("cameras").toArray()) cameras << c.toString();
            cameras.sort();
            QVERIFY2(QJsonArray::fromStringList(cameras) == want.value("cameras").toArray(), what);
            QVERIFY2(rec.value("takeovers").toInt() == want.value("takeovers").toInt(), what);
            QVERIFY2(rec.value("infractions").toInt() == want.value("infractions").toInt(), what);
            QVERIFY2(rec.value("has_reasoning").toBool() == want.value("has_reasoning").toBool(), what);
            QVERIFY2(rec.value("decisions").toInt() == want.value("decisions").toInt(), what);
            QVERIFY2(rec.value("missing_images").toInt() == want.value("missing_images").toInt(), what);
            QVERIFY2(rec.value("scenario").toString() == want.value("scenario").toString(), what);
            QVERIFY(rec.value("duration_s").toDouble() > 0);
        }
    }

    void reimportChangesNothing() {
        const Run again = cli({"import", "--project", m_project, m_sample, "--quiet"});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains("imported 0, unchanged 7"), qPrintable(again.out));
        QCOMPARE(info(m_project).size(), 7);
    }

    void writesDecodedFrames() {
        const QJsonArray got = info(m_project);
        for (const auto& source : {QString("bench2drive_clip"), QString("cave_session")}) {
            QJsonObject rec;
            for (const auto& v : got)
                if (v.toObject().value("source") == source) rec = v.toObject();
            const QString out = m_dir.filePath(source + ".png");
            const QString camera = rec.value("cameras").toArray().first().toString();
            const Run r = cli({"frame", "--project", m_project, "--recording", QString::number(rec.value("id").toInt()),
                                   "--frame", "7", "--camera", camera, "--out", out});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const QImage image(out);
            QVERIFY2(!image.isNull(), qPrintable(out));
            QCOMPARE(image.width(), source == "cave_session" ? 960 : 1600);
        }
        const Run bad = cli({"frame", "--project", m_project, "--recording", "1", "--frame", "0", "--camera",
                                 "no_such_camera", "--out", m_dir.filePath("x.png")});
        QVERIFY(bad.code != 0);
        QVERIFY2(bad.err.contains("no_such_camera"), qPrintable(bad.err));
    }

    void benchPlaybackPrintsItsContract() {
        for (const auto& v : info(m_project)) {
            const QJsonObject rec = v.toObject();
            if (rec.value("source") != "cave_session" && rec.value("cameras").toArray().size() != 6) continue;
            const Run r = cli({"bench", "playback", "--project", m_project, "--recording",
                                   QString::number(rec.value("id").toInt()), "--seconds", "2", "--seeks", "5", "--json"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const QJsonObject out = QJsonDocument::fromJson(r.out.toUtf8()).object();
            for (const char* key : {"decoded_fps", "realtime_x", "seek_p50_ms", "seek_p95_ms"})
                QVERIFY2(out.value(key).toDouble() > 0, key);
            QVERIFY(out.value("seek_p95_ms").toDouble() >= out.value("seek_p50_ms").toDouble());
            const double expected = out.value("decoded_fps").toDouble() / rec.value("fps").toDouble();
            QVERIFY(qAbs(out.value("realtime_x").toDouble() - expected) <= 1e-3 * expected);  // printed rounded
        }
        const Run bad = cli({"bench", "playback", "--project", m_project, "--recording", "999", "--json"});
        QVERIFY(bad.code != 0);
        QVERIFY2(bad.err.contains("999"), qPrintable(bad.err));
    }

    void importsTheDistributedTarGz() {
        const QString clip = truthPath("bench2drive_clip");
        const QString name = QFileInfo(clip).fileName();
        const QString archive = m_dir.filePath(name + ".tar.gz");
        QCOMPARE(QProcess::execute("tar", {"czf", archive, "-C", QFileInfo(clip).path(), name}), 0);
        const QString project = freshProject("tar");
        const Run r = cli({"import", "--project", project, archive, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray got = info(project);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].toObject().value("name").toString(), name);
        QVERIFY2(got[0].toObject().value("root").toString().contains("tar-media"), qPrintable(got[0].toObject().value("root").toString()));
        const QString root = got[0].toObject().value("root").toString();
        QVERIFY(QFileInfo::exists(root + "/anno/00000.json.gz"));
        QCOMPARE(got[0].toObject().value("frames").toInt(), findRecording(info(m_project), "bench2drive_clip", name).value("frames").toInt());
    }

    // Each bad input: non-zero exit, a line naming the file and the problem, the
    // good inputs beside it still imported, and nothing else changed.
    void badInputs_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("breakage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated anno") << "bench2drive_clip" << "truncate:anno/00003.json.gz" << "anno/00003.json.gz";
        QTest::newRow("malformed anno") << "bench2drive_clip" << "garbage-gz:anno/00004.json.gz" << "anno/00004.json.gz";
        QTest::newRow("malformed log line") << "cave_session" << "log-line" << "log.jsonl:3";
        QTest::newRow("video does not decode") << "cave_session" << "garbage:front.mp4" << "front.mp4";
        QTest::newRow("newer session version") << "cave_session" << "version" << "session.json";
        QTest::newRow("missing path") << "" << "" << "does not exist";
        QTest::newRow("unreadable path (a FIFO)") << "" << "fifo" << "cannot be read";
    }
    void badInputs() {
        QFETCH(QString, source);
        QFETCH(QString, breakage);
        QFETCH(QString, expected);
        const QString project = freshProject(QString("bad-%1").arg(QTest::currentDataTag()).replace(' ', '-'));
        // A good recording first: it must survive untouched.
        const QString good = truthPath("cave_session", 2);
        QCOMPARE(cli({"import", "--project", project, good, "--quiet"}).code, 0);
        const QJsonArray before = info(project);

        QString target = m_dir.filePath("nowhere/at/all");
        if (breakage == "fifo") {
            target = m_dir.filePath("results.json");  // a name the results importer would open
            QCOMPARE(QProcess::execute("mkfifo", {target}), 0);
        } else if (!source.isEmpty()) {
            target = copyOf(source, QString(QTest::currentDataTag()).replace(' ', '-'));
            const QString file = target + "/" + breakage.section(':', 1);
            if (breakage.startsWith("truncate:")) {
                QFile f(file);
                QVERIFY(f.open(QIODevice::ReadWrite));
                QVERIFY(f.resize(f.size() / 2));
            } else if (breakage.startsWith("garbage-gz:")) {
                QFile::remove(file);
                QProcess gz;
                gz.start("gzip", {"-c"});
                gz.write("{\"x\": 1, \"bounding_boxes\": [ oops");
                gz.closeWriteChannel();
                gz.waitForFinished();
                QFile f(file);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(gz.readAllStandardOutput());
            } else if (breakage.startsWith("garbage:")) {
                QFile f(file);
                QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
                f.write(QByteArray(50000, 'z'));
            } else if (breakage == "log-line") {
                QFile f(target + "/log.jsonl");
                QVERIFY(f.open(QIODevice::ReadOnly));
                QList<QByteArray> lines = f.readAll().split('\n');
                f.close();
                lines[2] = "{\"t\": 0.2, \"ego\": {broken";
                QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
                f.write(lines.join('\n'));
            } else if (breakage == "version") {
                QFile f(target + "/session.json");
                QVERIFY(f.open(QIODevice::ReadOnly));
                QString text = QString::fromUtf8(f.readAll());
                f.close();
                text.replace(QRegularExpression("\"version\"\\s*:\\s*1"), "\"version\": 2");
                QVERIFY(text.contains("\"version\": 2"));
                QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
                f.write(text.toUtf8());
            }
        }
        const QString other = truthPath("cave_session", 1);  // a good input in the same call
        const Run r = cli({"import", "--project", project, target, other, "--quiet"});
        QVERIFY2(r.code != 0, qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        const QJsonArray after = info(project);
        for (const auto& v : before) {  // everything that was there is still there, unchanged
            const QJsonObject old = v.toObject();
            QCOMPARE(findRecording(after, old.value("source").toString(), old.value("name").toString()), old);
        }
        QVERIFY2(!findRecording(after, "cave_session", QFileInfo(other).fileName()).isEmpty(), "the good input imported");
    }

    void changedFilesAreReportedNotDuplicated() {
        const QString copy = copyOf("cave_session", "changed");
        const QString project = freshProject("changed");
        QCOMPARE(cli({"import", "--project", project, copy, "--quiet"}).code, 0);
        QFile log(copy + "/log.jsonl");
        QVERIFY(log.open(QIODevice::Append));
        log.write("\n");
        log.close();
        const Run r = cli({"import", "--project", project, copy, "--quiet"});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("log.jsonl") && r.err.contains("changed since the import"), qPrintable(r.err));
        QCOMPARE(info(project).size(), 1);
        const Run replaced = cli({"import", "--project", project, copy, "--replace", "--quiet"});
        QVERIFY2(replaced.code == 0, qPrintable(replaced.err));
        QCOMPARE(info(project).size(), 1);
    }

    // The common case of an evaluation: only its results file. Every route is
    // its own recording with its own scores and infractions.
    void resultsWithoutSavedFramesImportEveryRoute() {
        const QString dir = m_dir.filePath("results-only");
        QDir().mkpath(dir);
        QVERIFY(QFile::copy(m_sample + "/eval/results.json", dir + "/results.json"));
        const QString project = freshProject("results-only");
        const Run r = cli({"import", "--project", project, dir + "/results.json", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("imported 2"), qPrintable(r.out));
        const QJsonArray got = info(project);
        QCOMPARE(got.size(), 2);
        for (const auto& v : m_truth.value("recordings").toArray()) {
            const QJsonObject want = v.toObject();
            if (want.value("source") != "bench2drive_eval") continue;
            const QJsonObject rec = findRecording(got, "bench2drive_eval", want.value("name").toString());
            QVERIFY2(!rec.isEmpty(), qPrintable(want.value("name").toString()));
            QCOMPARE(rec.value("infractions").toInt(), want.value("infractions").toInt());
            QCOMPARE(rec.value("frames").toInt(), 0);
            QCOMPARE(rec.value("eval").toObject().value("driving_score").toDouble(), want.value("driving_score").toDouble());
        }
        const Run again = cli({"import", "--project", project, dir + "/results.json", "--quiet"});
        QVERIFY2(again.code == 0, qPrintable(again.out + again.err));
        QVERIFY2(again.out.contains("imported 0, unchanged 2"), qPrintable(again.out));
        QVERIFY2(!again.err.contains("changed"), qPrintable(again.err));
    }

    // --replace of a changed recording keeps its id and what hangs on it: the
    // Bench2-Drive-VL decisions attached to it and a person's bookmark.
    void replaceKeepsIdDecisionsAndBookmark() {
        const QString eval = m_dir.filePath("replace-eval");
        corevla::testing::copyTree(m_sample + "/eval", eval);
        const QString project = freshProject("replace");
        QCOMPARE(cli({"import", "--project", project, eval, "--quiet"}).code, 0);
        QJsonObject before;
        for (const auto& v : info(project))
            if (v.toObject().value("decisions").toInt() > 0) before = v.toObject();
        QVERIFY(!before.isEmpty());
        const std::int64_t id = before.value("id").toInteger();
        const int last = before.value("frames").toInt() - 1;
        {
            corevla::Project p;
            QVERIFY(p.open(project.toStdString(), corevla::Project::Mode::OpenExisting));
            QVERIFY(p.addEvent(id, corevla::Event{corevla::EventKind::Bookmark, 3, 0.3, "", "a person's note", {}, {}, {}}));
            QVERIFY(p.addEvent(id, corevla::Event{corevla::EventKind::Bookmark, last, last / 10.0, "", "at the end", {}, {}, {}}));
        }
        // The agent saved one frame fewer this time.
        const QString frames = eval + "/Qwen2.5VL+all_cams/" + before.value("name").toString();
        const QString tail = QString("%1").arg(last, 5, 10, QChar('0'));
        QVERIFY(QFile::remove(frames + "/anno/" + tail + ".json.gz"));
        for (const QString& camera : QDir(frames + "/camera").entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QFile::remove(frames + "/camera/" + camera + "/" + tail + ".jpg");
        const Run kept = cli({"import", "--project", project, eval, "--quiet"});
        QVERIFY(kept.code != 0);
        QVERIFY2(kept.err.contains("stored copy was kept"), qPrintable(kept.err));
        const Run replaced = cli({"import", "--project", project, eval, "--replace", "--quiet"});
        QVERIFY2(replaced.code == 0, qPrintable(replaced.out + replaced.err));
        QVERIFY2(replaced.out.contains("replaced 1"), qPrintable(replaced.out));
        const QJsonObject after = findRecording(info(project), "bench2drive_eval", before.value("name").toString());
        QCOMPARE(after.value("id").toInteger(), id);
        QCOMPARE(after.value("frames").toInt(), last);
        QCOMPARE(after.value("decisions").toInt(), before.value("decisions").toInt());
        QCOMPARE(after.value("has_reasoning").toBool(), true);
        corevla::Project p;
        QVERIFY(p.open(project.toStdString(), corevla::Project::Mode::OpenExisting));
        QStringList bookmarks;
        const auto events = p.events(id);
        QVERIFY(events);
        for (const corevla::Event& e : *events)
            if (e.userMade) bookmarks << QString::fromStdString(e.text) + (e.detached ? " (detached)" : "");
        QCOMPARE(bookmarks, QStringList({"a person's note", "at the end (detached)"}));
    }

    // A folder moved and imported again: the same recording, its root updated.
    void movedFolderUpdatesTheRoot() {
        const QString from = m_dir.filePath("moving/before/session"), to = m_dir.filePath("moving/after/session");
        corevla::testing::copyTree(truthPath("cave_session"), from);
        const QString project = freshProject("moved");
        QCOMPARE(cli({"import", "--project", project, from, "--quiet"}).code, 0);
        const std::int64_t id = info(project)[0].toObject().value("id").toInteger();
        QDir().mkpath(m_dir.filePath("moving/after"));
        QVERIFY(QDir().rename(from, to));
        const Run r = cli({"import", "--project", project, to, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("moved 1") && r.err.contains("moved from") && r.err.contains(from),
                 qPrintable(r.out + r.err));
        const QJsonArray got = info(project);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].toObject().value("id").toInteger(), id);
        QCOMPARE(QDir(got[0].toObject().value("root").toString()).canonicalPath(), QDir(to).canonicalPath());
        const QString out = m_dir.filePath("moved.png");
        const Run frame = cli({"frame", "--project", project, "--recording", QString::number(id), "--frame", "10",
                                   "--camera", "front", "--out", out});
        QVERIFY2(frame.code == 0, qPrintable(frame.err));
        QVERIFY(!QImage(out).isNull());
    }

    // --frame is a Frame::index: with anno 00005 missing, frame 6 is the
    // sixth frame and shows image 00006 (painted red here), frame 5 does not
    // exist, and an output name nobody can write is refused.
    void frameTakesAnIndex() {
        const QString clip = copyOf("bench2drive_clip", "gap");
        QVERIFY(QFile::remove(clip + "/anno/00005.json.gz"));
        const auto paint = [&](int index, QColor color) {
            QImage image(1600, 900, QImage::Format_RGB32);
            image.fill(color);
            QVERIFY(image.save(clip + QString("/camera/rgb_front/%1.jpg").arg(index, 5, 10, QChar('0')), "JPG", 95));
        };
        paint(5, Qt::blue);
        paint(6, Qt::red);
        const QString project = freshProject("gap");
        QCOMPARE(cli({"import", "--project", project, clip, "--quiet"}).code, 0);
        const QString id = QString::number(info(project)[0].toObject().value("id").toInteger());
        const QString out = m_dir.filePath("gap6.png");
        const Run six = cli({"frame", "--project", project, "--recording", id, "--frame", "6", "--camera", "rgb_front", "--out", out});
        QVERIFY2(six.code == 0, qPrintable(six.err));
        const QColor pixel = QImage(out).pixelColor(800, 450);
        QVERIFY2(pixel.red() > 200 && pixel.blue() < 60, qPrintable(pixel.name()));

        const Run five = cli({"frame", "--project", project, "--recording", id, "--frame", "5", "--camera", "rgb_front",
                                  "--out", m_dir.filePath("gap5.png")});
        QVERIFY(five.code != 0);
        QVERIFY2(five.err.contains("has no frame 5"), qPrintable(five.err));
        const Run ext = cli({"frame", "--project", project, "--recording", id, "--frame", "6", "--camera", "rgb_front",
                                 "--out", m_dir.filePath("gap.xyz")});
        QVERIFY(ext.code != 0);
        QVERIFY2(ext.err.contains("gap.xyz") && ext.err.contains("cannot write"), qPrintable(ext.err));
    }

    // segments detect: the JSON contract, frames as Frame::index, nothing
    // duplicated on a second run.
    void segmentsDetectPrintsItsContract() {
        const QString project = freshProject("segments");
        QCOMPARE(cli({"import", "--project", project, m_sample, "--quiet"}).code, 0);
        const Run first = cli({"segments", "detect", "--project", project, "--json"});
        QVERIFY2(first.code == 0, qPrintable(first.err));
        const QJsonArray segments = QJsonDocument::fromJson(first.out.toUtf8()).object().value("segments").toArray();
        int takeovers = 0;
        for (const auto& v : m_truth.value("recordings").toArray()) takeovers += v.toObject().value("takeovers").toInt();
        int found = 0;
        for (const auto& v : segments) {
            const QJsonObject s = v.toObject();
            for (const char* key : {"id", "recording", "kind", "start_frame", "end_frame", "start_s", "end_s", "event_s"})
                QVERIFY2(s.contains(key), key);
            QVERIFY(s.value("start_frame").toInt() <= s.value("end_frame").toInt());
            QVERIFY(s.value("start_s").toDouble() <= s.value("event_s").toDouble());
            found += s.value("kind") == "takeover";
        }
        QCOMPARE(found, takeovers);
        const Run second = cli({"segments", "detect", "--project", project, "--json"});
        QCOMPARE(QJsonDocument::fromJson(second.out.toUtf8()).object().value("segments").toArray(), segments);
        const Run lead = cli({"segments", "detect", "--project", project, "--lead-in", "-1"});
        QCOMPARE(lead.code, 2);
    }

    // pairs set refuses a stale version with exit 3, naming the pair and both
    // versions, and changes nothing.
    void pairsSetRefusesAStaleVersion() {
        const QString project = freshProject("pairs");
        QCOMPARE(cli({"import", "--project", project, m_sample, "--quiet"}).code, 0);
        QCOMPARE(cli({"segments", "detect", "--project", project}).code, 0);
        QCOMPARE(cli({"pairs", "draft", "--project", project, "--author", "ana"}).code, 0);
        const auto pairs = [&] {
            return QJsonDocument::fromJson(cli({"pairs", "list", "--project", project, "--json"}).out.toUtf8())
                .object().value("pairs").toArray();
        };
        const QJsonObject pair = pairs()[0].toObject();
        for (const char* key : {"id", "segment", "recording", "status", "version", "chosen", "rejected", "chosen_action",
                                "rejected_action", "lint"})
            QVERIFY2(pair.contains(key), key);
        QCOMPARE(pair.value("status").toString(), QString("draft"));
        const QString id = QString::number(pair.value("id").toInt());
        const Run ok = cli({"pairs", "set", "--project", project, "--id", id, "--version", "1", "--status", "approved",
                            "--reviewer", "rob"});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        const Run stale = cli({"pairs", "set", "--project", project, "--id", id, "--version", "1", "--chosen", "Mine."});
        QCOMPARE(stale.code, 3);
        QVERIFY2(stale.err.contains("pair " + id) && stale.err.contains("version 2") && stale.err.contains("not 1"),
                 qPrintable(stale.err));
        const QJsonObject after = pairs()[0].toObject();
        QCOMPARE(after.value("version").toInt(), 2);
        QCOMPARE(after.value("status").toString(), QString("approved"));
        QCOMPARE(after.value("reviewer").toString(), QString("rob"));
        QCOMPARE(after.value("chosen").toString(), pair.value("chosen").toString());
        QCOMPARE(cli({"pairs", "list", "--project", project, "--status", "approved", "--json"}).code, 0);
    }

    void refusesANewerProject() {
        const QString project = freshProject("newer");
        QCOMPARE(cli({"import", "--project", project, truthPath("cave_session"), "--quiet"}).code, 0);
        QCOMPARE(QProcess::execute("sqlite3", {project, "PRAGMA user_version = 42"}), 0);
        const Run r = cli({"import", "--project", project, truthPath("cave_session", 1), "--quiet"});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(project) && r.err.contains("newer than this program"), qPrintable(r.err));
        const Run i = cli({"info", "--project", project, "--json"});
        QVERIFY(i.code != 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
