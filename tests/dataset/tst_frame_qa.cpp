// SPDX-License-Identifier: MIT
// SFT examples from recordings' frames (`export --from frames`): sampling,
// the answers' decisions against the expert rule, --exclude-segments against
// the stored segments, a clean and deterministic export, and recordings that
// cannot give examples (no camera, missing frame files) named as such.
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <clocale>
#include <cmath>
#include <set>

#include "dataset/dataset_check.h"
#include "dataset/export_dataset.h"
#include "dataset/frame_qa.h"
#include "dataset/normal_pairs.h"
#include "dataset/pair_drafter.h"
#include "dataset/scene.h"
#include "importers/common/meta_action.h"
#include "pairs_fixture.h"
#include "storage/recording_time.h"

using namespace corevla;
namespace fs = std::filesystem;

namespace {

// A recording of `seconds` at 10 Hz with one JPEG camera "front" (img/%05d.jpg),
// driving straight at 8 m/s; stored in the project, its id returned.
// missingAt: a frame whose image was missing at import (-1: none).
std::int64_t storeSynthetic(Project& project, const fs::path& root, const std::string& name, bool withCamera, int seconds,
                            int missingAt = -1) {
    Recording r;
    r.source = SourceKind::CaveSession;
    r.name = name;
    r.root = root.string();
    r.fps = 10;
    r.durationS = seconds;
    if (withCamera) {
        Camera c;
        c.name = "front", c.kind = MediaKind::JpegSequence, c.pattern = "img/%05d.jpg", c.width = 64, c.height = 32;
        r.cameras.push_back(c);
    }
    for (int i = 0; i < seconds * 10; ++i) {
        Frame f;
        f.index = i;
        f.t = i / 10.0;
        f.egoX = 8.0 * f.t;
        f.speed = 8.0;
        f.missingCameras = i == missingAt ? 1u : 0u;
        r.frames.push_back(f);
    }
    const auto stored = project.store(r);
    return stored.id;
}

// 12 s at 10 Hz driving straight along x at 10 m/s, `other` 25 m ahead at
// the same speed (in our lane at lateral 0); `braking`: the ego brakes to a
// halt over its last 8 s instead.
Recording following(const std::string& otherClass, double otherLateral, bool braking) {
    Recording r;
    r.fps = 10;
    Camera c;
    c.name = "front", c.kind = MediaKind::JpegSequence, c.pattern = "img/%05d.jpg";
    r.cameras.push_back(c);
    double x = 0, v = 10;
    for (int i = 0; i < 120; ++i) {
        Frame f;
        f.index = i;
        f.t = i / 10.0;
        if (braking && f.t >= 4.0) v = std::max(0.0, v - 0.2);
        x += v / 10.0;
        f.egoX = x, f.speed = v;
        f.model.throttle = braking && f.t >= 4.0 ? 0.0 : 0.3;
        f.model.brake = braking && f.t >= 4.0 ? 0.6 : 0.0;
        SceneObject o;
        o.cls = otherClass, o.id = "1", o.x = float(x + 25), o.y = float(otherLateral), o.length = 4.5f, o.width = 1.9f;
        o.speed = 10;
        f.objects.push_back(o);
        r.frames.push_back(f);
    }
    return r;
}

}  // namespace

class TestFrameQa : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Project m_project;

    fs::path path(const std::string& name) const { return fs::path(m_dir.path().toStdString()) / name; }
    std::vector<std::int64_t> sampleIds() {
        std::vector<std::int64_t> ids;
        const auto all = m_project.recordings();
        for (const auto& s : *all) ids.push_back(s.id);
        return ids;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const std::string made = testing::makePairsProject(m_project, path("p.corevla"), 0);
        QVERIFY2(made.empty(), made.c_str());
    }

    void samplesEveryHalfSecondWithHistoryAndHorizon() {
        const dataset::FrameQaOptions o;
        int total = 0;
        for (std::int64_t id : sampleIds()) {
            const Recording r = *m_project.load(id);
            const std::vector<int> frames = dataset::sampledFrames(r, o);
            total += int(frames.size());
            for (std::size_t k = 0; k < frames.size(); ++k) {
                const double t = frameTime(r, frames[k]);
                QVERIFY2(t >= r.frames.front().t + 2.0 - 0.06, r.name.c_str());
                QVERIFY2(t <= r.frames.back().t - 3.0 + 0.06, r.name.c_str());
                if (k) QVERIFY2(std::abs(t - frameTime(r, frames[k - 1]) - 0.5) < 0.06, r.name.c_str());
            }
        }
        QVERIFY(total > 10);
    }

    void answersStateTheExpertsDecision() {
        const dataset::FrameQaResult qa = dataset::frameExamples(m_project, {});
        QVERIFY2(qa.ok, qa.error.c_str());
        int decisions = 0, ahead = 0;
        std::set<std::string> speeds;
        for (const dataset::FrameExample& e : qa.examples) {
            QCOMPARE(int(e.promptFrames.size()), 5);
            QCOMPARE(e.promptFrames.back(), e.frame);
            const Recording r = *m_project.load(e.recording);
            // The prompt states the ego's measured state at the frame, never what comes next.
            const std::string state = dataset::egoStateLine(r, e.frame);
            QVERIFY2(state.starts_with("Ego speed ") && e.question.starts_with(state + " "), e.question.c_str());
            if (e.question.ends_with(dataset::kAheadQuestion)) {
                ++ahead;
                QVERIFY(e.action.empty());
                QVERIFY2(e.answer.find("Decision:") == std::string::npos, e.answer.c_str());
                continue;
            }
            ++decisions;
            QCOMPARE(e.question, state + " " + dataset::kDefaultQuestion);
            QVERIFY(e.action == dataset::drivenAction(r, e.frame, 3.0));
            QVERIFY(importers::parseMetaAction(e.answer, {}) == e.action);
            const std::string tail = "Decision: " + e.action.direction + ", " + e.action.speed + ".";
            QVERIFY2(e.answer.size() > tail.size() && e.answer.ends_with(" " + tail), e.answer.c_str());
            speeds.insert(e.action.speed);
        }
        QVERIFY(ahead > 0);
        QVERIFY2(decisions >= 2 * ahead, "the decision question stays dominant");
        QVERIFY2(speeds.size() >= 2, "the expert does more than one thing");
    }

    void egoStateIsMeasuredBeforeTheDecision() {
        Recording r;
        for (int i = 0; i < 20; ++i) {  // 10 Hz, braking at 2 m/s^2 from 10 m/s
            Frame f;
            f.index = 100 + i;
            f.t = 0.1 * i;
            f.speed = 10.0 - 0.2 * i;
            r.frames.push_back(f);
        }
        QCOMPARE(dataset::egoStateLine(r, 110), std::string("Ego speed 8.0 m/s, acceleration -2.0 m/s^2."));
        QCOMPARE(dataset::egoStateLine(r, 100), std::string("Ego speed 10.0 m/s."));  // nothing before it
        // What happens from the decision on changes nothing.
        for (std::size_t i = 11; i < r.frames.size(); ++i) r.frames[i].speed = 30.0, r.frames[i].accel = 50.0;
        QCOMPARE(dataset::egoStateLine(r, 110), std::string("Ego speed 8.0 m/s, acceleration -2.0 m/s^2."));
        r.frames[5].speed = 8.02;  // a steady speed never reads "-0.0"
        QCOMPARE(dataset::egoStateLine(r, 110), std::string("Ego speed 8.0 m/s, acceleration 0.0 m/s^2."));
        r.frames[10].speed = std::nan("");
        QCOMPARE(dataset::egoStateLine(r, 110), std::string());
        r.frames[10].speed.reset();
        QCOMPARE(dataset::questionAt(r, 110, "Q?"), std::string("Q?"));
        r.frames[10].speed = 8.0;
        const std::string asked = dataset::questionAt(r, 110, "What now?");
        QCOMPARE(asked, std::string("Ego speed 8.0 m/s, acceleration 0.0 m/s^2. What now?"));
        QCOMPARE(dataset::withoutEgoState(asked), std::string("What now?"));
        QCOMPARE(dataset::withoutEgoState("What now?"), std::string("What now?"));
        // The GUI runs in the user's locale: still a decimal point.
        if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8") || std::setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
            QCOMPARE(dataset::egoStateLine(r, 100), std::string("Ego speed 10.0 m/s."));
            std::setlocale(LC_NUMERIC, "C");
        }
    }

    void excludeSegmentsLeavesOutExactlyTheFramesInside() {
        AnnotationStore store(m_project);
        dataset::FrameQaOptions o;
        int excluded = 0;
        std::vector<std::pair<std::int64_t, int>> kept;
        for (std::int64_t id : sampleIds()) {
            const Recording r = *m_project.load(id);
            const std::vector<Segment> segments = *store.segments(id);
            std::vector<int> want;
            for (int f : dataset::sampledFrames(r, o)) {
                const bool inside = std::any_of(segments.begin(), segments.end(),
                                                [&](const Segment& s) { return f >= s.startFrame && f <= s.endFrame; });
                if (!inside) want.push_back(f);
            }
            int n = 0;
            const std::vector<int> got = dataset::sampledFrames(r, o, segments, &n);
            QVERIFY2(got == want, r.name.c_str());
            excluded += n;
            for (int f : got) kept.push_back({id, f});
        }
        QVERIFY2(excluded > 0, "the sample's takeovers lie on sampled frames");
        o.excludeSegments = true;
        const dataset::FrameQaResult qa = dataset::frameExamples(m_project, o);
        QVERIFY2(qa.ok, qa.error.c_str());
        QCOMPARE(qa.excluded, excluded);
        std::vector<std::pair<std::int64_t, int>> got;
        for (const auto& e : qa.examples) got.push_back({e.recording, e.frame});
        QVERIFY(got == kept);
    }

    // Normal-driving pairs: kept or gained speed behind a vehicle, beside
    // one or on a clear road is chosen, braking to a stop rejected (and
    // keeping the speed, for a speed-up); never in the long tail's moments.
    void normalDrivingPairsRejectStoppingForTheCarAhead() {
        const Recording behind = following("vehicle", 0, false);
        const std::vector<PreferencePair> pairs = dataset::normalDrivingPairs(behind, {}, {{}, "me"});
        QCOMPARE(pairs.size(), dataset::sampledFrames(behind, {}).size());  // every sampled frame qualifies
        for (const PreferencePair& p : pairs) {
            QCOMPARE(p.segment, std::int64_t(0));
            QCOMPARE(p.author, std::string("me"));
            QCOMPARE(p.promptFrames.back(), p.decisionFrame);
            QCOMPARE(p.question, dataset::questionAt(behind, p.decisionFrame, dataset::kDefaultQuestion));
            QVERIFY(p.chosenAction == (MetaAction{"KEEP", "FOLLOW_LANE"}));
            QVERIFY(p.rejectedAction == (MetaAction{"STOP", "FOLLOW_LANE"}));
            QVERIFY(importers::parseMetaAction(p.chosen, {}) == p.chosenAction);
            QVERIFY(importers::parseMetaAction(p.rejected, {}) == p.rejectedAction);
            QCOMPARE(p.rejected, std::string("Brake to a stop: a vehicle is 20 m ahead in our lane. Decision: FOLLOW_LANE, STOP."));
            QCOMPARE(dataset::answerExplanation(p.chosen), std::string("Keep the lane and the speed: a vehicle is 20 m ahead in our lane."));
        }
        // Frames inside a segment are a takeover's, not normal driving.
        Segment s;
        s.startFrame = 30, s.endFrame = 60;
        for (const PreferencePair& p : dataset::normalDrivingPairs(behind, {s}))
            QVERIFY2(p.decisionFrame < 30 || p.decisionFrame > 60, std::to_string(p.decisionFrame).c_str());
        QVERIFY(dataset::normalDrivingPairs(behind, {s}).size() < pairs.size());
        // An image the prompt needs was missing on import, or no camera at
        // all: no pair there (the export would refuse it).
        Recording gap = behind;
        gap.frames[50].missingCameras = 1;
        const auto withGap = dataset::normalDrivingPairs(gap, {});
        QVERIFY(!withGap.empty() && withGap.size() < pairs.size());
        for (const PreferencePair& p : withGap)
            QVERIFY(std::find(p.promptFrames.begin(), p.promptFrames.end(), 50) == p.promptFrames.end());
        gap.cameras.clear();
        QVERIFY(dataset::normalDrivingPairs(gap, {}).empty());
        // Braking for it: not normal driving's answer.
        QVERIFY(dataset::normalDrivingPairs(following("vehicle", 0, true), {}).size() < pairs.size() / 2);
        // Beside us or nobody ahead: the same lesson, with that reason.
        const auto beside = dataset::normalDrivingPairs(following("vehicle", 3.8, false), {});
        QCOMPARE(beside.size(), pairs.size());
        QVERIFY2(beside[0].rejected.starts_with("Brake to a stop: a vehicle is 20 m ahead on the"), beside[0].rejected.c_str());
        Recording clear = following("vehicle", 0, false);
        for (Frame& f : clear.frames) f.objects[0].x += 200;
        const auto open = dataset::normalDrivingPairs(clear, {});
        QCOMPARE(open.size(), pairs.size());
        QCOMPARE(open[0].rejected, std::string("Brake to a stop: the road ahead is clear. Decision: FOLLOW_LANE, STOP."));
        // Speeding up rejects keeping the crawl as well: two pairs a frame.
        Recording speedingUp = clear;
        for (Frame& f : speedingUp.frames) f.speed = 4.0 + 0.05 * f.index, f.model.throttle = 0.8;
        const auto sped = dataset::normalDrivingPairs(speedingUp, {});
        QCOMPARE(sped.size(), 2 * pairs.size());
        for (std::size_t k = 0; k < sped.size(); k += 2) {
            QVERIFY(sped[k].chosenAction == (MetaAction{"ACCELERATE", "FOLLOW_LANE"}));
            QCOMPARE(sped[k + 1].decisionFrame, sped[k].decisionFrame);
            QCOMPARE(sped[k].rejected, std::string("Brake to a stop: the road ahead is clear. Decision: FOLLOW_LANE, STOP."));
            QCOMPARE(sped[k + 1].rejected,
                     std::string("Keep the lane and the speed: the road ahead is clear. Decision: FOLLOW_LANE, KEEP."));
        }
        // The long tail's moments never: a walker ahead, a car moving into our lane, an ambulance near.
        QVERIFY(dataset::normalDrivingPairs(following("walker", 0, false), {}).empty());
        QVERIFY(dataset::normalDrivingPairs(following("vehicle", 2.6, false), {}).empty());
        Recording ambulance = following("vehicle", 0, false);
        for (Frame& f : ambulance.frames) {
            SceneObject e;
            e.cls = "emergency_vehicle", e.id = "2", e.x = float(f.egoX - 15), e.length = 6, e.width = 2.2f, e.speed = 12;
            f.objects.push_back(e);
        }
        QVERIFY(dataset::normalDrivingPairs(ambulance, {}).empty());
    }

    void exportIsCleanAndDeterministic() {
        const dataset::FrameQaOptions frames;  // the small sample's frames all lie in segments: keep them
        dataset::ExportOptions options;
        options.format = dataset::ExportFormat::LlamaFactorySft;
        options.maxWidth = 128;
        options.out = path("sft-a");
        const dataset::ExportResult a = dataset::exportFrames(m_project, frames, options);
        QVERIFY2(a.ok, a.errors.empty() ? "" : a.errors.front().c_str());
        options.out = path("sft-b");
        options.threads = 1;
        const dataset::ExportResult b = dataset::exportFrames(m_project, frames, options);
        QVERIFY(b.ok);
        QCOMPARE(a.contentHash, b.contentHash);
        QCOMPARE(testing::readBytes(path("sft-a/sft.json")), testing::readBytes(path("sft-b/sft.json")));
        const dataset::CheckReport report = dataset::checkDataset(path("sft-a"));
        QVERIFY2(report.clean(), report.problems.empty() ? "" : report.problems.front().text().c_str());
        const QJsonArray examples = testing::readExamples(path("sft-a/sft.json"));
        QCOMPARE(examples.size(), a.pairs);
        QCOMPARE(a.images, 5 * a.pairs);
        const cv::Mat first = cv::imread(path("sft-a/images/0/0.jpg").string());
        QVERIFY(!first.empty() && first.cols == 128);
        // Pair exports refuse the frames' options' format: SFT only.
        options.format = dataset::ExportFormat::TrlDpo;
        options.out = path("sft-c");
        QVERIFY(!dataset::exportFrames(m_project, frames, options).ok);
    }

    void recordingWithoutCameraIsSkippedByName() {
        const fs::path root = path("no-camera");
        fs::create_directories(root);
        const std::int64_t id = storeSynthetic(m_project, root, "no_camera", false, 8);
        QVERIFY(id > 0);
        dataset::FrameQaOptions o;
        o.recordings = {id};
        const dataset::FrameQaResult qa = dataset::frameExamples(m_project, o);
        QVERIFY(qa.ok);
        QVERIFY(qa.examples.empty());
        QCOMPARE(int(qa.skipped.size()), 1);
        const std::string want = "recording " + std::to_string(id) + " (no_camera): no camera in " + root.string();
        QVERIFY2(qa.skipped[0].starts_with(want), qa.skipped[0].c_str());
        dataset::ExportOptions options;
        options.format = dataset::ExportFormat::LlamaFactorySft;
        options.out = path("none");
        const dataset::ExportResult r = dataset::exportFrames(m_project, o, options);
        QVERIFY(!r.ok && !fs::exists(path("none")));
        QCOMPARE(r.warnings, qa.skipped);
    }

    void missingFrameFilesAreNamed() {
        const fs::path root = path("jpegs");
        fs::create_directories(root / "img");
        const cv::Mat image(32, 64, CV_8UC3, cv::Scalar(40, 90, 160));
        for (int i = 0; i < 80; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "img/%05d.jpg", i);
            QVERIFY(cv::imwrite((root / name).string(), image));
        }
        const std::int64_t id = storeSynthetic(m_project, root, "jpegs", true, 8);
        QVERIFY(id > 0);
        dataset::FrameQaOptions o;
        o.recordings = {id};
        dataset::ExportOptions options;
        options.format = dataset::ExportFormat::LlamaFactorySft;
        options.out = path("jpegs-ok");
        QVERIFY(dataset::exportFrames(m_project, o, options).ok);
        // A frame file deleted since the import fails the export, naming it.
        fs::remove(root / "img/00040.jpg");
        options.out = path("jpegs-broken");
        const dataset::ExportResult r = dataset::exportFrames(m_project, o, options);
        QVERIFY(!r.ok && !fs::exists(options.out));
        QVERIFY(!r.errors.empty());
        const bool named = std::any_of(r.errors.begin(), r.errors.end(), [](const std::string& e) {
            return e.starts_with("recording ") && e.find("00040.jpg") != std::string::npos;
        });
        QVERIFY2(named, r.errors.front().c_str());
        // A prompt frame without an image since the import: that example is skipped, by name.
        const std::int64_t gap = storeSynthetic(m_project, root, "jpegs_gap", true, 8, 30);
        o.recordings = {gap};
        const dataset::FrameQaResult qa = dataset::frameExamples(m_project, o);
        QVERIFY(qa.ok && !qa.examples.empty() && !qa.skipped.empty());
        for (const auto& e : qa.examples)
            QVERIFY(std::find(e.promptFrames.begin(), e.promptFrames.end(), 30) == e.promptFrames.end());
        QVERIFY2(qa.skipped[0].find("prompt frame 30 (" + root.string() + "/img/%05d.jpg) was missing on import") !=
                     std::string::npos,
                 qa.skipped[0].c_str());
    }
};

QTEST_GUILESS_MAIN(TestFrameQa)
#include "tst_frame_qa.moc"
