// SPDX-License-Identifier: MIT
// The CAVE session importer on real folders written here: session.json, a
// log.jsonl and H.264 videos encoded with our VideoWriter.
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <map>

#include <opencv2/core.hpp>

#include "importers/cave/cave_session.h"
#include "importers/media/frame_source.h"
#include "importers/media/video_writer.h"

#include "tests/common/recording_events.h"

using namespace corevla;
using namespace corevla::importers;

namespace {

// A small gray-ramp H.264 video (frame i has luma 4·i); enough for probing.
bool encodeVideo(const std::string& path, int frames, int fps = 10, int width = 64, int height = 48) {
    VideoWriter writer;
    if (!writer.open(path, width, height, fps, 2 * fps)) return false;
    for (int i = 0; i < frames; ++i)
        if (!writer.write(cv::Mat(height, width, CV_8UC3, cv::Scalar::all((4 * i) % 256)))) return false;
    return writer.finish();
}

void writeText(const QString& path, const std::string& text) { std::ofstream(path.toStdString()) << text; }

std::string sessionJson(int version = 1, const std::string& extra = {}) {
    return R"({"format": "cave-session", "version": )" + std::to_string(version) + R"(,
  "session_id": "2025-06-12_s03", "scenario": "FourLaneCutIn", "town": "Town05", "weather": "Rain",
  "driver_id": "D07", "model": {"name": "CoReVLA-SFT", "version": "2025-06-01"},
  "control_hz": 10, "custom_key": [1, 2])" +
           extra + "}\n";
}

// 30 ticks at 10 Hz; the driver drives ticks 10-14 and 20-24. The model
// decides with reasoning at 0, 10 and 20 and switches to KEEP at 25 without
// reasoning; tick 16 logs no speed_cmd.
std::string tickLine(int i, const std::vector<std::string>& events = {}) {
    const bool driver = (i >= 10 && i <= 14) || (i >= 20 && i <= 24);
    const char* speed = i < 10 ? "KEEP" : i < 20 ? "DECELERATE" : i < 25 ? "STOP" : "KEEP";
    std::string line = "{\"t\": " + std::to_string(i * 0.1) + ", \"ego\": {\"x\": " + std::to_string(i) +
                       ", \"y\": -3.1, \"yaw\": 0.02, \"speed\": 8.4, \"accel\": -0.3}, \"authority\": \"" +
                       (driver ? "driver" : "model") + "\", \"model\": {\"throttle\": 0.3, \"steer\": 0.1";
    if (i != 16) line += std::string(", \"speed_cmd\": \"") + speed + "\", \"dir_cmd\": \"FOLLOW_LANE\"";
    if (i == 0 || i == 10 || i == 20) line += ", \"reasoning\": \"Reason " + std::to_string(i) + "\"";
    if (i == 0) line += ", \"waypoints\": [[2.0, 0.0], [4.1, 0.1]]";
    line += "}, \"driver\": {\"throttle\": 0.0, \"steer\": -0.12, \"brake\": 0.4}";
    if (!events.empty()) {
        line += ", \"events\": [";
        for (std::size_t e = 0; e < events.size(); ++e) line += (e ? ", \"" : "\"") + events[e] + "\"";
        line += "]";
    }
    return line + "}\n";
}

// events[i]: the events of tick i.
std::string logText(std::map<int, std::vector<std::string>> events = {}) {
    events[5].push_back("bookmark");
    events[7].push_back("car cut in, driver nervous");
    events[12].push_back("collision");
    events[18].push_back("infraction:collisions_pedestrian Agent collided against object with type=walker.pedestrian.0001 and id=7 at (x=1.000, y=2.000, z=0.032)");
    events[19].push_back("infraction:route_timeout");
    std::string text;
    for (int i = 0; i < 30; ++i) text += tickLine(i, events.count(i) ? events[i] : std::vector<std::string>{});
    return text;
}

const Issue* findIssue(const ImportResult& r, const std::string& fileEnd, const std::string& messageStart = {}) {
    for (const Issue& issue : r.issues) {
        const bool fileMatches = issue.file.size() >= fileEnd.size() &&
                                 issue.file.compare(issue.file.size() - fileEnd.size(), fileEnd.size(), fileEnd) == 0;
        if (fileMatches && issue.message.rfind(messageStart, 0) == 0) return &issue;
    }
    return nullptr;
}

std::string issuesText(const ImportResult& r) {
    std::string text;
    for (const Issue& issue : r.issues) text += issue.text() + "\n";
    return text;
}

using corevla::testing::eventsOf;

}  // namespace

class TestCaveSession : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    CaveSessionImporter m_importer;

    // A session folder with front.mp4 (30 frames unless told) and the texts given.
    QString makeSession(const QString& name, const std::string& session, const std::string& log,
                        int videoFrames = 30) {
        QDir(m_dir.path()).mkpath(name);
        const QString dir = m_dir.filePath(name);
        writeText(dir + "/session.json", session);
        writeText(dir + "/log.jsonl", log);
        if (videoFrames > 0 && !encodeVideo((dir + "/front.mp4").toStdString(), videoFrames)) return {};
        return dir;
    }
    ImportResult import(const QString& dir) {
        ImportOptions options;
        return m_importer.read(dir.toStdString(), options);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
    }

    void readsASession() {
        const QString dir = makeSession("full", sessionJson(), logText());
        QVERIFY(!dir.isEmpty());
        QVERIFY(m_importer.recognises(dir.toStdString()));
        QVERIFY(m_importer.recognises((dir + "/session.json").toStdString()));
        const ImportResult r = import(dir);
        QVERIFY2(r.issues.empty(), issuesText(r).c_str());
        QCOMPARE(r.recordings.size(), std::size_t(1));
        const Recording& rec = r.recordings[0];
        QCOMPARE(rec.source, SourceKind::CaveSession);
        QCOMPARE(rec.name, std::string("2025-06-12_s03"));
        QCOMPARE(rec.scenario, std::string("FourLaneCutIn"));
        QCOMPARE(rec.town, std::string("Town05"));
        QCOMPARE(rec.weather, std::string("Rain"));
        QCOMPARE(rec.fps, 10.0);
        QVERIFY(std::abs(rec.durationS - 3.0) < 1e-9);
        QCOMPARE(rec.root, QDir(dir).absolutePath().toStdString());

        QCOMPARE(rec.frames.size(), std::size_t(30));
        const Frame& f12 = rec.frames[12];
        QCOMPARE(f12.index, 12);
        QVERIFY(std::abs(f12.t - 1.2) < 1e-9);
        QCOMPARE(f12.egoX, 12.0);
        QCOMPARE(*f12.speed, 8.4);
        QCOMPARE(f12.authority, Authority::Driver);
        QCOMPARE(f12.model.throttle, 0.3f);
        QCOMPARE(f12.driver->brake, 0.4f);
        QCOMPARE(rec.frames[0].waypoints.size(), std::size_t(2));
        QCOMPARE(rec.frames[0].waypoints[1].second, 0.1f);

        // Decisions: three with reasoning, one meta-action change without.
        QCOMPARE(rec.decisions.size(), std::size_t(4));
        QCOMPARE(rec.decisions[1].frame, 10);
        QCOMPARE(rec.decisions[1].reasoning, std::string("Reason 10"));
        QCOMPARE(rec.decisions[1].speedCmd, std::string("DECELERATE"));
        QCOMPARE(rec.decisions[1].origin, std::string("log"));
        QCOMPARE(rec.decisions[3].frame, 25);
        QVERIFY(rec.decisions[3].reasoning.empty());
        QCOMPARE(rec.frames[16].speedCmd, std::string("DECELERATE"));  // the one in force
        QCOMPARE(rec.frames[16].dirCmd, std::string("FOLLOW_LANE"));
        QCOMPARE(rec.frames[27].speedCmd, std::string("KEEP"));

        // No takeover events in the log: both derived from authority.
        QCOMPARE(countTakeovers(rec.events), 2);
        const auto starts = eventsOf(rec, EventKind::TakeoverStart), ends = eventsOf(rec, EventKind::TakeoverEnd);
        QCOMPARE(starts[0].frame, 10);
        QCOMPARE(ends[0].frame, 14);
        QCOMPARE(starts[1].frame, 20);
        QCOMPARE(ends[1].frame, 24);
        QCOMPARE(starts[0].text, std::string("derived from authority"));
        QCOMPARE(eventsOf(rec, EventKind::Collision).at(0).frame, 12);
        QCOMPARE(eventsOf(rec, EventKind::Bookmark).at(0).frame, 5);
        QCOMPARE(eventsOf(rec, EventKind::Note).at(0).text, std::string("car cut in, driver nervous"));
        // Our extension: a closed-loop run's infractions, key and text (docs/cave-session.md).
        const auto infractions = eventsOf(rec, EventKind::Infraction);
        QCOMPARE(infractions.size(), std::size_t(2));
        QCOMPARE(infractions[0].frame, 18);
        QCOMPARE(infractions[0].category, std::string("collisions_pedestrian"));
        QVERIFY(infractions[0].text.starts_with("Agent collided against object with type=walker.pedestrian.0001"));
        QCOMPARE(infractions[1].category, std::string("route_timeout"));
        QCOMPARE(infractions[1].text, std::string());
        QVERIFY(std::is_sorted(rec.events.begin(), rec.events.end(),
                               [](const Event& a, const Event& b) { return a.frame < b.frame; }));

        // Cameras: the default front camera, probed.
        QCOMPARE(rec.cameras.size(), std::size_t(1));
        const Camera& front = rec.cameras[0];
        QCOMPARE(front.name, std::string("front"));
        QCOMPARE(front.kind, MediaKind::Video);
        QCOMPARE(front.pattern, std::string("front.mp4"));
        QCOMPARE(front.width, 64);
        QCOMPARE(front.height, 48);
        QCOMPARE(front.videoFps, 10.0);
        QCOMPARE(front.fovDeg, 90.0);
        QVERIFY(std::none_of(rec.frames.begin(), rec.frames.end(), [](const Frame& f) { return f.missingCameras; }));

        // Unknown and unmapped keys are kept; mapped ones are not repeated.
        QVERIFY(rec.metadataJson.find("\"driver_id\":\"D07\"") != std::string::npos);
        QVERIFY(rec.metadataJson.find("\"custom_key\":[1,2]") != std::string::npos);
        QVERIFY(rec.metadataJson.find("\"CoReVLA-SFT\"") != std::string::npos);
        QVERIFY(rec.metadataJson.find("session_id") == std::string::npos);

        QCOMPARE(rec.media.size(), std::size_t(3));
        for (const MediaFile& m : rec.media) QVERIFY(m.size > 0 && m.hash != 0);
        QCOMPARE(rec.media[2].relPath, std::string("front.mp4"));

        // The recording's frame source shows the tick's video frame.
        auto source = makeFrameSource(rec, 0);
        std::string error;
        const cv::Mat image = source->read(f12.index, f12.t, 0, &error);
        QVERIFY2(!image.empty(), error.c_str());
        QCOMPARE(image.cols, 64);
    }

    void trustsLoggedTakeoversAndCoversTheRest() {
        // The log marks the first takeover (end at the first model tick) but not the second.
        const QString dir =
            makeSession("explicit", sessionJson(), logText({{10, {"takeover_start"}}, {15, {"takeover_end"}}}));
        const ImportResult r = import(dir);
        QVERIFY(!r.hasErrors());
        const Recording& rec = r.recordings.at(0);
        QCOMPARE(countTakeovers(rec.events), 2);
        const auto starts = eventsOf(rec, EventKind::TakeoverStart), ends = eventsOf(rec, EventKind::TakeoverEnd);
        QCOMPARE(starts[0].frame, 10);
        QVERIFY(starts[0].text.empty());  // the log's own
        QCOMPARE(ends[0].frame, 15);
        QCOMPARE(starts[1].frame, 20);
        QCOMPARE(starts[1].text, std::string("derived from authority"));
        QCOMPARE(ends[1].frame, 24);
        QVERIFY2(findIssue(r, "log.jsonl", "the driver drives from t = 2"), issuesText(r).c_str());

        // An end without its start: the start is derived, nothing doubles.
        const QString endOnly = makeSession("endonly", sessionJson(), logText({{15, {"takeover_end"}}}), 0);
        const ImportResult r2 = import(endOnly);
        const Recording& rec2 = r2.recordings.at(0);
        QCOMPARE(countTakeovers(rec2.events), 2);
        QCOMPARE(eventsOf(rec2, EventKind::TakeoverEnd).size(), std::size_t(2));
        QCOMPARE(eventsOf(rec2, EventKind::TakeoverStart)[0].frame, 10);
    }

    void badLinesAreReportedAndSkipped() {
        std::string log = logText();
        // Line 6 broken, line 9 repeats line 8's time.
        std::vector<std::string> lines;
        for (std::size_t pos = 0; pos < log.size();) {
            const std::size_t end = log.find('\n', pos);
            lines.push_back(log.substr(pos, end - pos + 1));
            pos = end + 1;
        }
        lines.insert(lines.begin() + 5, "{\"t\": 0.45, \"ego\": {\"x\": \n");
        lines.insert(lines.begin() + 8, tickLine(6));  // t = 0.6 after 0.6
        lines.insert(lines.begin() + 2, "\n");          // blank lines are not ticks
        std::string text;
        for (const auto& l : lines) text += l;
        const QString dir = makeSession("malformed", sessionJson(), text, 0);
        const ImportResult r = import(dir);
        const Issue* broken = findIssue(r, "log.jsonl:7", "malformed JSON: ");
        QVERIFY2(broken, issuesText(r).c_str());
        QCOMPARE(broken->severity, Issue::Severity::Error);
        QVERIFY2(findIssue(r, "log.jsonl:10", "t = 0.6 is not after"), issuesText(r).c_str());
        QVERIFY(r.hasErrors());
        QCOMPARE(r.recordings.size(), std::size_t(1));
        QCOMPARE(r.recordings[0].frames.size(), std::size_t(30));  // every good line kept
        QCOMPARE(r.recordings[0].frames[29].index, 29);
    }

    void refusesANewerMajorVersion() {
        const QString dir = makeSession("v2", sessionJson(2), logText(), 0);
        const ImportResult r = import(dir);
        QVERIFY(r.recordings.empty());
        const Issue* issue = findIssue(r, "session.json");
        QVERIFY(issue);
        QCOMPARE(issue->message,
                 std::string("format version 2 is newer than this program reads (1); update CoReVLA Workstation"));
        // A newer minor version is fine (the missing video is another matter).
        writeText(dir + "/session.json", R"({"format": "cave-session", "version": "1.4", "control_hz": 10})");
        const ImportResult minor = import(dir);
        QCOMPARE(minor.recordings.size(), std::size_t(1));
        QVERIFY2(!findIssue(minor, "session.json"), issuesText(minor).c_str());
    }

    void recognisesOnlyCaveSessions() {
        QDir(m_dir.path()).mkpath("other");
        writeText(m_dir.filePath("other/session.json"), R"({"format": "something-else", "version": 1})");
        QVERIFY(!m_importer.recognises(m_dir.filePath("other").toStdString()));
        QDir(m_dir.path()).mkpath("empty");
        QVERIFY(!m_importer.recognises(m_dir.filePath("empty").toStdString()));
        const ImportResult r = import(m_dir.filePath("other"));
        QVERIFY(r.recordings.empty());
        QVERIFY(findIssue(r, "session.json", "format is \"something-else\""));
    }

    void brokenVideoStillImportsTheLog_data() {
        QTest::addColumn<bool>("garbage");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing") << false << "file is missing";
        QTest::newRow("garbage") << true << "does not decode: ";
    }
    void brokenVideoStillImportsTheLog() {
        QFETCH(bool, garbage);
        QFETCH(QString, message);
        const QString dir = makeSession(garbage ? "garbage" : "novideo", sessionJson(), logText(), 0);
        if (garbage) writeText(dir + "/front.mp4", "definitely not an mp4 file");
        const ImportResult r = import(dir);
        QVERIFY(r.hasErrors());
        const Issue* issue = findIssue(r, "front.mp4", message.toStdString());
        QVERIFY2(issue, issuesText(r).c_str());
        QVERIFY(issue->text().find("front.mp4: " + message.toStdString()) != std::string::npos);
        QCOMPARE(r.recordings.size(), std::size_t(1));
        const Recording& rec = r.recordings[0];
        QCOMPARE(rec.frames.size(), std::size_t(30));
        QCOMPARE(countTakeovers(rec.events), 2);
        QCOMPARE(rec.cameras.size(), std::size_t(1));
        QVERIFY(std::all_of(rec.frames.begin(), rec.frames.end(),
                            [](const Frame& f) { return (f.missingCameras & 1u) != 0; }));
    }

    void camerasAttentionAndShortVideos() {
        const std::string extra = R"(, "cameras": [{"name": "front", "file": "front.mp4", "fov_deg": 100},
            {"name": "left", "file": "left.mp4", "fov_deg": 90}], "attention": "attention.mp4")";
        const QString dir = makeSession("cameras", sessionJson(1, extra), logText(), 30);
        QVERIFY(encodeVideo((dir + "/left.mp4").toStdString(), 20));  // 2 s: the last 10 ticks have no image
        QVERIFY(encodeVideo((dir + "/attention.mp4").toStdString(), 30));
        const ImportResult r = import(dir);
        QVERIFY2(!r.hasErrors(), issuesText(r).c_str());
        QVERIFY2(findIssue(r, "left.mp4", "has 20 frames"), issuesText(r).c_str());
        const Recording& rec = r.recordings.at(0);
        QCOMPARE(rec.cameras.size(), std::size_t(3));
        QCOMPARE(rec.cameras[0].fovDeg, 100.0);
        QCOMPARE(rec.cameras[1].name, std::string("left"));
        QCOMPARE(rec.cameras[2].name, std::string("attention"));
        QVERIFY(rec.cameras[2].isAttention);
        QVERIFY(!rec.cameras[1].isAttention);
        QCOMPARE(rec.frames[19].missingCameras, 0u);
        QCOMPARE(rec.frames[20].missingCameras, 2u);
        QCOMPARE(rec.media.size(), std::size_t(5));
        std::string error;
        const cv::Mat attention = makeFrameSource(rec, 2)->read(3, 0.3, 0, &error);
        QCOMPARE(attention.type(), CV_8UC1);
    }
};

QTEST_GUILESS_MAIN(TestCaveSession)
#include "tst_cave_session.moc"
