// SPDX-License-Identifier: MIT
// Bench2Drive clips: the anno parser, the clip importer (folders and
// .tar.gz archives) and the safe tar reader, on real files.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <numbers>

#include "importers/bench2drive/anno_parser.h"
#include "importers/bench2drive/bench2drive_clip.h"
#include "importers/bench2drive/bench2drive_folder.h"
#include "importers/common/tar_reader.h"
#include "storage/hash.h"
#include "tst_bench2drive_fixture.h"

using namespace corevla;
using namespace corevla::importers;
namespace fs = std::filesystem;

namespace {

// The issues whose text contains needle.
std::vector<Issue> issuesWith(const ImportResult& r, const std::string& needle, Issue::Severity severity) {
    std::vector<Issue> out;
    for (const auto& i : r.issues)
        if (i.severity == severity && i.text().find(needle) != std::string::npos) out.push_back(i);
    return out;
}

std::string allIssues(const ImportResult& r) {
    std::string text;
    for (const auto& i : r.issues) text += i.text() + "\n";
    return text;
}

}  // namespace

class TestBench2Drive : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path path(const char* rel) const { return fs::path(m_dir.path().toStdString()) / rel; }

private Q_SLOTS:
    void annoParserFields() {
        const fs::path file = path("single/00000.json.gz");
        fixture::Anno a;
        a.x = 312.4;
        a.y = -18.2;
        a.theta = "1.5707963267948966";  // east: CARLA yaw 0
        QVERIFY(fixture::writeGz(file, fixture::annoJson(a)));
        AnnoParser parser;
        AnnoFrame out;
        FileDigest digest;
        std::string error;
        QVERIFY2(parser.parseFile(file, out, true, &digest, &error), error.c_str());
        const Frame& f = out.frame;
        QCOMPARE(f.egoX, 312.4);
        QCOMPARE(f.egoY, -18.2);
        QVERIFY(std::abs(f.egoYaw) < 1e-9);
        QVERIFY(f.speed.has_value());
        QCOMPARE(*f.speed, 5.0);
        QCOMPARE(f.model.throttle, 0.5f);
        QCOMPARE(f.model.steer, -0.1f);
        QCOMPARE(f.accel, 1.25);
        QCOMPARE(f.objects.size(), size_t(4));  // ego, 2 vehicles, 1 traffic light
        QCOMPARE(f.objects[0].cls, std::string("ego_vehicle"));
        const SceneObject& v = f.objects[1];
        QCOMPARE(v.cls, std::string("vehicle"));
        QCOMPARE(v.id, std::string("300"));  // numeric id reads as text
        QCOMPARE(v.length, 3.8f);
        QCOMPARE(v.width, 1.8f);
        QVERIFY(std::abs(v.yaw - float(std::numbers::pi / 2)) < 1e-6);
        QCOMPARE(v.speed, 4.0f);
        // Cameras only (LIDAR_TOP is not one), with the compact calibration.
        QCOMPARE(out.cameras.size(), size_t(4));
        QCOMPARE(out.cameras[0].folder, std::string("rgb_front"));
        QCOMPARE(out.cameras[0].width, 1600);
        QCOMPARE(out.cameras[0].height, 900);
        QCOMPARE(out.cameras[0].fovDeg, 70.0);
        const std::string& json = out.cameras[0].json;
        for (const char* key : {"\"intrinsic\":[[1142.5,0,800]", "\"cam2ego\":[[", "\"world2cam\":[[", "\"fov\":70",
                                "\"width\":1600", "\"height\":900"})
            QVERIFY2(json.find(key) != std::string::npos, json.c_str());
        QCOMPARE(digest.size, std::int64_t(fs::file_size(file)));
        QCOMPARE(digest.hash, hashFile(file)->hash);
    }

    void annoParserTheta_data() {
        QTest::addColumn<QString>("theta");
        QTest::addColumn<double>("yaw");
        QTest::newRow("north") << "0" << -std::numbers::pi / 2;
        QTest::newRow("south") << "3.141592653589793" << std::numbers::pi / 2;
        QTest::newRow("NaN word (Python json)") << "NaN" << -std::numbers::pi / 2;
        QTest::newRow("null") << "null" << -std::numbers::pi / 2;
    }
    void annoParserTheta() {
        QFETCH(QString, theta);
        QFETCH(double, yaw);
        fixture::Anno a;
        a.theta = theta.toStdString();
        const fs::path file = path("theta/00000.json.gz");
        QVERIFY(fixture::writeGz(file, fixture::annoJson(a)));
        AnnoParser parser;
        AnnoFrame out;
        std::string error;
        QVERIFY2(parser.parseFile(file, out, false, nullptr, &error), error.c_str());
        QVERIFY(std::abs(out.frame.egoYaw - yaw) < 1e-9);
        QVERIFY(out.cameras.empty());
    }

    void parallelParseIsOrderedAndCancellable() {
        const fs::path root = path("parallel");
        std::vector<fs::path> files;
        for (int i = 0; i < 40; ++i) {
            fixture::Anno a;
            a.x = i;
            files.push_back(root / (fixture::number5(i) + ".json.gz"));
            QVERIFY(fixture::writeGz(files.back(), fixture::annoJson(a)));
        }
        AnnoBatchOptions options;
        options.threads = 4;
        std::vector<std::string> labels;
        options.progress = [&](double, const std::string& what) { labels.push_back(what); };
        const auto results = parseAnnoFiles(files, options);
        QVERIFY(results.has_value());
        for (int i = 0; i < 40; ++i) QCOMPARE((*results)[i].anno.frame.egoX, double(i));
        QVERIFY(!(*results)[0].anno.cameras.empty());
        QVERIFY((*results)[1].anno.cameras.empty());  // calibration once per clip
        QVERIFY(!labels.empty());
        QCOMPARE(labels.back(), std::string("anno 40/40"));
        CancelToken cancel;
        cancel.cancel();
        options.cancel = &cancel;
        QVERIFY(!parseAnnoFiles(files, options).has_value());
    }

    void clipNames_data() {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("parent");
        QTest::addColumn<QStringList>("expected");  // scenario, town, route, weather
        QTest::newRow("flat") << "Accident_Town03_Route156_Weather0" << "x"
                              << QStringList{"Accident", "Town03", "156", "Weather0"};
        QTest::newRow("underscore scenario") << "Parking_Cut_In_Town12_Route9_Weather21" << "x"
                                             << QStringList{"Parking_Cut_In", "Town12", "9", "Weather21"};
        QTest::newRow("scenario folder") << "Town05_Weather3_Route12" << "HardBreakRoute"
                                         << QStringList{"HardBreakRoute", "Town05", "12", "Weather3"};
        QTest::newRow("evaluation save_name")
            << "RouteScenario_1711_rep0_Town12_HardBreakRoute_Weather3_07_16_10_22_31" << "x"
            << QStringList{"HardBreakRoute", "Town12", "RouteScenario_1711_rep0", "Weather3"};
        QTest::newRow("unparsable") << "my_clip" << "x" << QStringList{"", "", "", ""};
    }
    void clipNames() {
        QFETCH(QString, folder);
        QFETCH(QString, parent);
        QFETCH(QStringList, expected);
        const ClipName n = parseClipName(folder.toStdString(), parent.toStdString());
        QCOMPARE(QStringList({QString::fromStdString(n.scenario), QString::fromStdString(n.town),
                              QString::fromStdString(n.routeId), QString::fromStdString(n.weather)}),
                 expected);
    }

    void clipFolder() {
        const fs::path root = path("clips/Accident_Town03_Route156_Weather0");
        fixture::writeClip(root, 12);
        Bench2DriveClipImporter importer;
        QVERIFY(importer.recognises(root));
        QVERIFY(!importer.recognises(root / "camera"));
        ImportOptions options;
        options.threads = 2;
        const ImportResult r = importer.read(root, options);
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        QCOMPARE(r.recordings.size(), size_t(1));
        const Recording& rec = r.recordings[0];
        QCOMPARE(rec.source, SourceKind::Bench2DriveClip);
        QCOMPARE(rec.name, std::string("Accident_Town03_Route156_Weather0"));
        QCOMPARE(rec.scenario, std::string("Accident"));
        QCOMPARE(rec.town, std::string("Town03"));
        QCOMPARE(rec.routeId, std::string("156"));
        QCOMPARE(rec.weather, std::string("Weather0"));
        QCOMPARE(rec.fps, 10.0);
        QCOMPARE(rec.frames.size(), size_t(12));
        QCOMPARE(rec.durationS, 1.2);
        QCOMPARE(rec.frames[7].index, 7);
        QCOMPARE(rec.frames[7].t, 0.7);
        QCOMPARE(rec.frames[7].egoX, 107.0);
        QCOMPARE(rec.frames[7].objects.size(), size_t(4));
        QCOMPARE(rec.frames[7].missingCameras, 0u);
        QCOMPARE(rec.cameras.size(), size_t(2));  // rgb_top_down is a debug view
        QCOMPARE(rec.cameras[0].name, std::string("rgb_front"));
        QCOMPARE(rec.cameras[1].name, std::string("rgb_back_left"));
        QCOMPARE(rec.cameras[0].pattern, std::string("camera/rgb_front/%05d.jpg"));
        QCOMPARE(rec.cameras[0].width, 1600);  // from the anno sensors, not the tiny test JPEG
        QCOMPARE(rec.cameras[0].fovDeg, 70.0);
        QVERIFY(rec.cameras[1].calibrationJson.find("\"cam2ego\"") != std::string::npos);
        QCOMPARE(rec.media.size(), size_t(12 * 3));  // annos + front + back_left
        QCOMPARE(rec.media[0].relPath, std::string("anno/00000.json.gz"));
        for (const MediaFile& m : rec.media) {
            const auto digest = hashFile(root / m.relPath);
            QVERIFY(digest.has_value());
            QCOMPARE(m.size, digest->size);
            QCOMPARE(m.hash, digest->hash);
        }
        options.hashMedia = false;
        const ImportResult fast = importer.read(root, options);
        QCOMPARE(fast.recordings.at(0).media.size(), size_t(36));
        QCOMPARE(fast.recordings.at(0).media.back().hash, std::uint64_t(0));
        QVERIFY(fast.recordings.at(0).media.back().size > 0);

        CancelToken cancel;
        cancel.cancel();
        options.cancel = &cancel;
        const ImportResult cancelled = importer.read(root, options);
        QVERIFY(cancelled.cancelled);
        QVERIFY(cancelled.recordings.empty());
    }

    void speedNullKeepsFrame() {
        const fs::path root = path("clips/speednull");
        fixture::writeClip(root, 3);
        fixture::Anno a;
        a.speed = "null";
        QVERIFY(fixture::writeGz(root / "anno/00001.json.gz", fixture::annoJson(a)));
        const ImportResult r = Bench2DriveClipImporter().read(root, {});
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        const auto& frames = r.recordings.at(0).frames;
        QCOMPARE(frames.size(), size_t(3));
        QVERIFY(!frames[1].speed.has_value());
        QVERIFY(frames[0].speed.has_value());
        const auto warnings = issuesWith(r, "speed is null; frame kept without speed", Issue::Severity::Warning);
        QCOMPARE(warnings.size(), size_t(1));
        QVERIFY(warnings[0].file.ends_with("anno/00001.json.gz"));
    }

    void missingImages() {
        const fs::path root = path("clips/missing");
        fixture::writeClip(root, 6);
        fs::remove(root / "camera/rgb_back_left/00002.jpg");
        fs::remove(root / "camera/rgb_back_left/00003.jpg");
        const ImportResult r = Bench2DriveClipImporter().read(root, {});
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        const Recording& rec = r.recordings.at(0);
        QCOMPARE(rec.cameras[1].name, std::string("rgb_back_left"));
        QCOMPARE(rec.frames[1].missingCameras, 0u);
        QCOMPARE(rec.frames[2].missingCameras, 2u);
        QCOMPARE(rec.frames[3].missingCameras, 2u);
        const auto w = issuesWith(r, "camera/rgb_back_left: 2 of 6 images missing (frames 2, 3)", Issue::Severity::Warning);
        QVERIFY2(w.size() == 1, allIssues(r).c_str());
        QCOMPARE(rec.media.size(), size_t(6 * 3 - 2));
    }

    void brokenAnnos_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated gzip") << 0 << "anno/00004.json.gz: is truncated or corrupt";
        QTest::newRow("malformed JSON") << 1 << "anno/00004.json.gz: malformed JSON: ";
        QTest::newRow("not gzip") << 2 << "anno/00004.json.gz: is not gzip data";
    }
    void brokenAnnos() {
        QFETCH(int, kind);
        QFETCH(QString, expected);
        const fs::path root = path("clips/broken") / std::to_string(kind);
        fixture::writeClip(root, 8);
        const fs::path bad = root / "anno/00004.json.gz";
        if (kind == 0) {
            fs::resize_file(bad, fs::file_size(bad) / 2);
        } else if (kind == 1) {
            QVERIFY(fixture::writeGz(bad, "{\"x\": 1.0, \"y\": [1, 2,, }"));
        } else {
            fixture::writeText(bad, "{\"x\": 1.0}");
        }
        const ImportResult r = Bench2DriveClipImporter().read(root, {});
        QVERIFY(r.hasErrors());
        const auto errors = issuesWith(r, expected.toStdString(), Issue::Severity::Error);
        QVERIFY2(errors.size() == 1, allIssues(r).c_str());
        QVERIFY(fs::path(errors[0].file).is_absolute());
        // The other frames still import; the broken one is left out.
        QCOMPARE(r.recordings.at(0).frames.size(), size_t(7));
        QCOMPARE(r.recordings.at(0).frames[4].index, 5);
    }

    void tarArchive_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("gnu") << "gnu";
        QTest::newRow("pax") << "pax";
        QTest::newRow("ustar") << "ustar";
    }
    void tarArchive() {
        QFETCH(QString, format);
        const std::string name = "HardBreakRoute_Town12_Route1711_Weather3";
        const fs::path src = path("tarsrc") / format.toStdString();
        fixture::writeClip(src / name, 5);
        // A path over 100 chars: an 'L' record (gnu), a pax path, or the ustar prefix field.
        const std::string longRel = "extra/" + std::string(60, 'd') + "/" + std::string(60, 'n') + ".txt";
        fixture::writeText(src / name / longRel, "long");
        const fs::path archive = src / (name + ".tar.gz");
        QProcess tar;
        tar.setWorkingDirectory(QString::fromStdString(src.string()));
        tar.start("tar", {"--format=" + format, "-czf", QString::fromStdString(archive.string()),
                          QString::fromStdString(name)});
        QVERIFY(tar.waitForFinished(60000));
        QCOMPARE(tar.exitCode(), 0);

        Bench2DriveClipImporter importer;
        QVERIFY(importer.recognises(archive));
        ImportOptions options;
        options.mediaDir = path("media") / format.toStdString();
        std::vector<std::string> labels;
        options.progress = [&](double, const std::string& what) { labels.push_back(what); };
        ImportResult r = importer.read(archive, options);
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        QCOMPARE(r.recordings.size(), size_t(1));
        const Recording& rec = r.recordings[0];
        QCOMPARE(rec.name, name);
        QCOMPARE(rec.scenario, std::string("HardBreakRoute"));
        QCOMPARE(rec.frames.size(), size_t(5));
        QCOMPARE(rec.cameras.size(), size_t(2));
        QCOMPARE(fs::path(rec.root), options.mediaDir / name / name);
        QCOMPARE(fs::file_size(fs::path(rec.root) / longRel), std::uintmax_t(4));
        const auto unpacking = [&] {
            return std::any_of(labels.begin(), labels.end(), [](const std::string& l) { return l.starts_with("unpacking "); });
        };
        QVERIFY(unpacking());

        labels.clear();  // the same sizes on disk: reused, not unpacked again
        r = importer.read(archive, options);
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        QCOMPARE(r.recordings.at(0).frames.size(), size_t(5));
        QVERIFY(!unpacking());
        fs::resize_file(options.mediaDir / name / name / "anno/00001.json.gz", 3);  // damaged copy: unpack again
        r = importer.read(archive, options);
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        QVERIFY(unpacking());
    }

    // An archive that changed is unpacked whole into a fresh folder that then
    // takes the old one's place: no frame of the earlier content survives.
    void reUnpackingAChangedArchiveLeavesNoStaleFrame() {
        const std::string name = "ChangedClip_Town01_Route7_Weather1";
        const fs::path archive = path("changed") / (name + ".tar.gz");
        const auto pack = [&](int frames) {
            const fs::path src = path(("changed-src-" + std::to_string(frames)).c_str());
            fixture::writeClip(src / name, frames);
            QProcess tar;
            tar.setWorkingDirectory(QString::fromStdString(src.string()));
            tar.start("tar", {"-czf", QString::fromStdString(archive.string()), QString::fromStdString(name)});
            QVERIFY(tar.waitForFinished(60000));
            QCOMPARE(tar.exitCode(), 0);
        };
        fs::create_directories(path("changed"));
        Bench2DriveClipImporter importer;
        ImportOptions options;
        options.mediaDir = path("changed-media");
        pack(8);
        ImportResult r = importer.read(archive, options);
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        QCOMPARE(r.recordings.at(0).frames.size(), size_t(8));

        pack(5);
        r = importer.read(archive, options);
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        QCOMPARE(r.recordings.at(0).frames.size(), size_t(5));
        QCOMPARE(issuesWith(r, "changed since it was last unpacked", Issue::Severity::Warning).size(), size_t(1));
        const fs::path root = r.recordings.at(0).root;
        const auto count = [](const fs::path& dir) {
            return std::distance(fs::directory_iterator(dir), fs::directory_iterator());
        };
        QCOMPARE(count(root / "anno"), 5L);
        for (const auto& camera : fs::directory_iterator(root / "camera")) QCOMPARE(count(camera.path()), 5L);
        QVERIFY(!fs::exists(options.mediaDir / (name + ".partial")));
        for (const MediaFile& m : r.recordings.at(0).media) QVERIFY2(fs::exists(root / m.relPath), m.relPath.c_str());

        // A folder of the user's own where the unpack would go is never deleted.
        const fs::path theirs = path("theirs-media") / name;
        fixture::writeText(theirs / "notes.txt", "mine");
        options.mediaDir = path("theirs-media");
        r = importer.read(archive, options);
        QCOMPARE(issuesWith(r, "was not unpacked by this program", Issue::Severity::Error).size(), size_t(1));
        QVERIFY(fs::exists(theirs / "notes.txt"));
    }

    void tarPathTraversalRefused() {
        const fs::path src = path("evil/src");
        fixture::writeClip(src / "Clip_Town01_Route1_Weather1", 2);
        fixture::writeText(path("evil/outside.txt"), "gotcha");
        fs::create_symlink("/etc/passwd", src / "Clip_Town01_Route1_Weather1" / "passwd");
        const fs::path archive = src / "Clip_Town01_Route1_Weather1.tar.gz";
        QProcess tar;  // -P keeps the "../" that tar would otherwise strip
        tar.setWorkingDirectory(QString::fromStdString(src.string()));
        tar.start("tar", {"-czPf", QString::fromStdString(archive.string()), "Clip_Town01_Route1_Weather1",
                          "../outside.txt"});
        QVERIFY(tar.waitForFinished(60000));
        QCOMPARE(tar.exitCode(), 0);
        ImportOptions options;
        options.mediaDir = path("evil/media/a/b");
        const ImportResult r = Bench2DriveClipImporter().read(archive, options);
        const auto errors = issuesWith(r, "../outside.txt: refused", Issue::Severity::Error);
        QVERIFY2(errors.size() == 1, allIssues(r).c_str());
        QVERIFY(!fs::exists(path("evil/media/a/b/outside.txt")));
        QVERIFY(!fs::exists(path("evil/media/a/outside.txt")));
        const auto links = issuesWith(r, "passwd: skipped, links are not unpacked", Issue::Severity::Warning);
        QVERIFY2(links.size() == 1, allIssues(r).c_str());
        QVERIFY(!fs::exists(fs::symlink_status(path("evil/media/a/b/Clip_Town01_Route1_Weather1/Clip_Town01_Route1_Weather1/passwd"))));
        QCOMPARE(r.recordings.at(0).frames.size(), size_t(2));  // the rest is still imported

        QVERIFY(safeArchivePath("a/./b").has_value());
        QCOMPARE(safeArchivePath("./a/b/")->generic_string(), std::string("a/b"));
        QVERIFY(!safeArchivePath("/etc/passwd"));
        QVERIFY(!safeArchivePath("a/../../b"));
        QVERIFY(!safeArchivePath(".."));
        QVERIFY(!safeArchivePath(""));
    }

    void truncatedArchive() {
        const fs::path src = path("trunc");
        fixture::writeClip(src / "T_Town01_Route1_Weather1", 3);
        const fs::path archive = src / "T_Town01_Route1_Weather1.tar.gz";
        QProcess tar;
        tar.setWorkingDirectory(QString::fromStdString(src.string()));
        tar.start("tar", {"-czf", QString::fromStdString(archive.string()), "T_Town01_Route1_Weather1"});
        QVERIFY(tar.waitForFinished(60000));
        fs::resize_file(archive, fs::file_size(archive) / 2);
        ImportOptions options;
        options.mediaDir = path("trunc/media");
        const ImportResult r = Bench2DriveClipImporter().read(archive, options);
        QVERIFY2(!issuesWith(r, "T_Town01_Route1_Weather1.tar.gz: is truncated", Issue::Severity::Error).empty(),
                 allIssues(r).c_str());
        QVERIFY(r.recordings.empty());
    }
};

QTEST_GUILESS_MAIN(TestBench2Drive)
#include "tst_bench2drive.moc"
