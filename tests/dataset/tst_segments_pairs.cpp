// SPDX-License-Identifier: MIT
// Segments and pairs on real recordings and a real project file: detection
// against the sample's known takeovers, detection that never touches a
// person's edit, the driver's action read from controls and motion, drafts,
// lint, and versioned saves from two connections.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>

#include "dataset/pair_drafter.h"
#include "dataset/pair_lint.h"
#include "dataset/scene.h"
#include "dataset/segment_detector.h"
#include "importers/import_runner.h"
#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/recording_time.h"
#include "tests/common/shared_sample.h"

using namespace corevla;

namespace {

// A straight road along +x at 10 Hz: speed and lateral offset per frame from
// the given functions; driver controls as given.
Recording straightDrive(int frames, const std::function<double(int)>& speed, const std::function<double(int)>& lateral,
                        const std::function<Controls(int)>& driver) {
    Recording r;
    r.id = 1;
    r.fps = 10;
    r.name = "synthetic";
    double x = 0;
    for (int i = 0; i < frames; ++i) {
        Frame f;
        f.index = i;
        f.t = i / 10.0;
        x += speed(i) / 10.0;
        f.egoX = x;
        f.egoY = lateral(i);  // CARLA: +y is to the right when heading +x
        f.speed = speed(i);
        f.driver = driver(i);
        r.frames.push_back(f);
    }
    return r;
}

}  // namespace

class TestSegmentsPairs : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::filesystem::path m_sample;
    QJsonObject m_truth;
    std::string m_project;

    // A copy of the shared project in `dir`, so a test's edits stay its own.
    bool openCopy(const QTemporaryDir& dir, Project& p) {
        const std::string path = dir.filePath("p.corevla").toStdString();
        return std::filesystem::copy_file(m_project, path) && p.open(path, Project::Mode::OpenExisting);
    }

    std::int64_t recordingNamed(Project& p, const QString& name) {
        const auto all = p.recordings();
        for (const auto& r : *all)
            if (QString::fromStdString(r.name) == name) return r.id;
        return 0;
    }

private Q_SLOTS:
    void initTestCase() {
        const auto made = testing::sharedSmallSample(&m_sample);
        QVERIFY2(made.ok, made.error.c_str());
        QFile truth(QString::fromStdString((m_sample / "truth.json").string()));
        QVERIFY(truth.open(QIODevice::ReadOnly));
        m_truth = QJsonDocument::fromJson(truth.readAll()).object();
        m_project = m_dir.filePath("segments.corevla").toStdString();
        Project project;
        QVERIFY(project.open(m_project, Project::Mode::OpenOrCreate));
        QVERIFY(importers::ImportRunner().run(project, {m_sample}, {}).ok());
    }

    // Every takeover of the sample, from the generator's truth: the event at
    // its first driver frame, the segment from 3 s before it to the frame
    // where the model has authority again.
    void detectionFindsExactlyTheKnownTakeovers() {
        Project p;
        QVERIFY(p.open(m_project, Project::Mode::OpenExisting));
        int checked = 0;
        for (const auto& v : m_truth.value("recordings").toArray()) {
            const QJsonObject truth = v.toObject();
            const auto id = recordingNamed(p, truth.value("name").toString());
            QVERIFY(id);
            const auto recording = p.load(id);
            QVERIFY(recording);
            std::vector<Segment> takeovers;
            for (const Segment& s : dataset::detectSegments(*recording))
                if (s.kind == SegmentKind::Takeover) takeovers.push_back(s);
            const QJsonArray expected = truth.value("takeover_frames").toArray();
            QCOMPARE(int(takeovers.size()), expected.size());
            for (int i = 0; i < expected.size(); ++i) {
                const int first = expected[i].toArray()[0].toInt(), last = expected[i].toArray()[1].toInt();
                const Segment& s = takeovers[std::size_t(i)];
                QCOMPARE(s.eventFrame, first);
                QCOMPARE(s.endFrame, std::min(last + 1, recording->frames.back().index));
                QCOMPARE(s.startFrame, std::max(0, first - 30));
                QCOMPARE(s.eventS, recording->frames[std::size_t(first)].t);
                QCOMPARE(s.category, recording->scenario);
                ++checked;
            }
        }
        QCOMPARE(checked, 4);  // s01: 1, s02: 2, s03: 1 (derived from authority)
    }

    void infractionsBecomeFailureSegments() {
        Project p;
        QVERIFY(p.open(m_project, Project::Mode::OpenExisting));
        for (const auto& v : m_truth.value("recordings").toArray()) {
            const QJsonObject truth = v.toObject();
            if (truth.value("source") != "bench2drive_eval") continue;
            const auto recording = p.load(recordingNamed(p, truth.value("name").toString()));
            QVERIFY(recording);
            std::vector<int> events;
            for (const Segment& s : dataset::detectSegments(*recording))
                if (s.kind == SegmentKind::Infraction) events.push_back(s.eventFrame);
            std::vector<int> expected;
            for (const auto& f : truth.value("infraction_frames").toArray()) expected.push_back(f.toInt());
            QCOMPARE(events, expected);
        }
    }

    // Detecting twice adds nothing; a segment a person edited is never touched.
    void detectionIsIdempotentAndLeavesEditsAlone() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(openCopy(dir, p));
        AnnotationStore store(p);
        const auto id = recordingNamed(p, "2025-06-12_s02");
        const auto recording = p.load(id);
        const auto first = store.storeDetected(id, dataset::detectSegments(*recording));
        QVERIFY(first);
        QCOMPARE(first->inserted, 2);
        Segment edited = first->segments[0];
        edited.startFrame += 5;
        edited.note = "starts when the van brakes";
        edited.edited = true;
        QVERIFY(store.saveSegment(edited).ok());
        dataset::DetectOptions longer;
        longer.leadInS = 5;  // would move every detected start
        const auto again = store.storeDetected(id, dataset::detectSegments(*recording, longer));
        QVERIFY(again);
        QCOMPARE(again->inserted, 0);
        QCOMPARE(again->keptEdited, 1);
        QCOMPARE(again->updated, 1);
        QCOMPARE(int(store.segments(id)->size()), 2);
        const auto kept = store.segment(edited.id);
        QCOMPARE(kept->startFrame, edited.startFrame);
        QCOMPARE(kept->note, edited.note);
    }

    // A detection a person deleted stays deleted when detecting again; an
    // undo of the delete brings it back as it was.
    void aDeletedDetectionStaysDeleted() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(openCopy(dir, p));
        AnnotationStore store(p);
        const auto id = recordingNamed(p, "2025-06-12_s02");
        const auto recording = p.load(id);
        const auto first = store.storeDetected(id, dataset::detectSegments(*recording));
        QVERIFY(first && first->inserted == 2);
        const Segment gone = first->segments[1];
        QVERIFY(store.removeSegment(gone.id));
        const auto again = store.storeDetected(id, dataset::detectSegments(*recording));
        QCOMPARE(again->inserted, 0);
        QCOMPARE(again->dismissed, 1);
        QCOMPARE(int(store.segments(id)->size()), 1);
        QCOMPARE(store.insertSegment(gone), std::optional<std::int64_t>(gone.id));  // the undo
        const auto back = store.storeDetected(id, dataset::detectSegments(*recording));
        QCOMPARE(back->unchanged, 2);
        QCOMPARE(back->dismissed, 0);
    }

    void divergenceWithoutAnAuthoritySignal() {
        // The driver steers against the model for 1.5 s, later for 0.4 s (noise).
        auto r = straightDrive(200, [](int) { return 8.0; }, [](int) { return 0.0; }, [](int i) {
            const bool long_ = i >= 100 && i < 115, short_ = i >= 160 && i < 164;
            return Controls{0.3f, long_ || short_ ? 0.5f : 0.0f, 0.f};
        });
        const auto found = dataset::detectSegments(r);
        QCOMPARE(found.size(), size_t(1));
        QCOMPARE(found[0].kind, SegmentKind::Divergence);
        QCOMPARE(found[0].eventFrame, 100);
        QCOMPARE(found[0].endFrame, 114);
        QCOMPARE(found[0].startFrame, 70);
    }

    void driverActionReadsControlsAndMotion_data() {
        QTest::addColumn<double>("v0");
        QTest::addColumn<double>("v1");
        QTest::addColumn<double>("lateral");  // metres right at the end of the window
        QTest::addColumn<QString>("speed");
        QTest::addColumn<QString>("direction");
        QTest::newRow("brakes to a halt") << 10.0 << 0.0 << 0.0 << "STOP" << "FOLLOW_LANE";
        QTest::newRow("slows") << 10.0 << 6.0 << 0.0 << "DECELERATE" << "FOLLOW_LANE";
        QTest::newRow("speeds up") << 6.0 << 10.0 << 0.0 << "ACCELERATE" << "FOLLOW_LANE";
        QTest::newRow("keeps") << 8.0 << 8.2 << 0.1 << "KEEP" << "FOLLOW_LANE";
        QTest::newRow("changes lane left") << 8.0 << 8.0 << -3.5 << "KEEP" << "CHANGE_LANE_LEFT";
        QTest::newRow("changes lane right, slowing") << 10.0 << 7.0 << 3.4 << "DECELERATE" << "CHANGE_LANE_RIGHT";
        QTest::newRow("edges left") << 8.0 << 8.0 << -0.9 << "KEEP" << "DEVIATE_LEFT";
        QTest::newRow("standing, then moves off") << 0.0 << 3.0 << 0.0 << "ACCELERATE" << "FOLLOW_LANE";
    }
    void driverActionReadsControlsAndMotion() {
        QFETCH(double, v0);
        QFETCH(double, v1);
        QFETCH(double, lateral);
        QFETCH(QString, speed);
        QFETCH(QString, direction);
        // The change happens over frames 20..50 (3 s); the window starts at 20.
        const auto ramp = [](int i) { return std::clamp((i - 20) / 30.0, 0.0, 1.0); };
        const auto r = straightDrive(80, [&](int i) { return v0 + (v1 - v0) * ramp(i); },
                                     [&](int i) { return lateral * ramp(i); }, [](int) { return Controls{}; });
        const MetaAction action = dataset::driverAction(r, 20, 3.0);
        QCOMPARE(QString::fromStdString(action.speed), speed);
        QCOMPARE(QString::fromStdString(action.direction), direction);
    }

    // Drafts on the sample: rejected is the model's decision before the
    // takeover, chosen what the driver did, with the cause from the scene.
    void draftsOnTheSample() {
        Project p;
        QVERIFY(p.open(m_project, Project::Mode::OpenExisting));
        const struct {
            const char* session;
            const char* direction;
            std::vector<std::string> speeds;
            const char* cause;
        } cases[] = {
            {"2025-06-12_s01", "FOLLOW_LANE", {"DECELERATE", "STOP"}, "vehicle"},         // the cut-in
            {"2025-06-13_s03", "CHANGE_LANE_RIGHT", {"DECELERATE", "KEEP"}, "emergency vehicle"},  // yielding
        };
        for (const auto& c : cases) {
            const auto recording = p.load(recordingNamed(p, c.session));
            QVERIFY(recording);
            const auto segments = dataset::detectSegments(*recording);
            const auto takeover = std::find_if(segments.begin(), segments.end(),
                                               [](const Segment& s) { return s.kind == SegmentKind::Takeover; });
            QVERIFY(takeover != segments.end());
            const PreferencePair pair = dataset::draftPair(*recording, *takeover);
            QCOMPARE(pair.question, dataset::egoStateLine(*recording, pair.decisionFrame) + " " + dataset::kDefaultQuestion);
            QCOMPARE(dataset::withoutEgoState(pair.question), std::string(dataset::kDefaultQuestion));
            QCOMPARE(pair.camera, std::string("front"));
            QCOMPARE(pair.promptFrames.size(), size_t(5));
            QCOMPARE(pair.promptFrames.back(), pair.decisionFrame);
            QVERIFY(pair.decisionFrame <= takeover->eventFrame && pair.decisionFrame >= takeover->startFrame);
            const auto decision = std::find_if(recording->decisions.rbegin(), recording->decisions.rend(),
                                               [&](const Decision& d) { return d.frame == pair.decisionFrame; });
            QVERIFY(decision != recording->decisions.rend());
            QCOMPARE(pair.rejectedAction.speed, decision->speedCmd);
            QVERIFY2(pair.rejected.find(decision->reasoning) == 0, pair.rejected.c_str());
            QCOMPARE(pair.chosenAction.direction, std::string(c.direction));
            QVERIFY2(std::find(c.speeds.begin(), c.speeds.end(), pair.chosenAction.speed) != c.speeds.end(),
                     pair.chosenAction.speed.c_str());
            QVERIFY2(pair.chosen.find(c.cause) != std::string::npos, pair.chosen.c_str());
            QVERIFY2(pair.chosen.ends_with("Decision: " + pair.chosenAction.direction + ", " + pair.chosenAction.speed + "."),
                     pair.chosen.c_str());
            QVERIFY(dataset::lintPair(pair, {&*takeover, &*recording}).empty());
        }
    }

    void lintFlagsWhatAReviewerWouldMiss() {
        Project p;
        QVERIFY(p.open(m_project, Project::Mode::OpenExisting));
        const auto recording = p.load(recordingNamed(p, "2025-06-12_s01"));
        const auto segments = dataset::detectSegments(*recording);
        const Segment& s = segments.front();
        const PreferencePair good = dataset::draftPair(*recording, s);
        const auto codes = [&](const PreferencePair& pair) {
            QStringList list;
            for (const auto& issue : dataset::lintPair(pair, {&s, &*recording})) list << QString::fromStdString(issue.code);
            return list;
        };
        PreferencePair same = good;
        same.chosenAction = same.rejectedAction;
        same.chosen = dataset::composeAnswer("Keep going.", same.chosenAction);
        QCOMPARE(codes(same), QStringList{"same-action"});
        PreferencePair contradicts = good;
        contradicts.chosen = "Change lanes now. Decision: CHANGE_LANE_LEFT, KEEP.";
        QCOMPARE(codes(contradicts), QStringList{"chosen-contradicts-chips"});
        PreferencePair silent = good;
        silent.chosen = "Just be careful.";
        QCOMPARE(codes(silent), QStringList{"chosen-names-no-action"});
        PreferencePair outside = good;
        outside.decisionFrame = s.endFrame + 5;
        QCOMPARE(codes(outside), QStringList{"decision-outside-segment"});
        PreferencePair noFrames = good;
        noFrames.promptFrames.push_back(100000);
        QCOMPARE(codes(noFrames), QStringList{"prompt-frames-missing"});
        PreferencePair token = good;
        token.question = "Look at <image> and answer.";
        QCOMPARE(codes(token), QStringList{"image-token-in-text"});
        PreferencePair twin = good;
        twin.id = 2;
        PreferencePair one = good;
        one.id = 1;
        const auto all = dataset::lintPairs({one, twin}, [&](const PreferencePair&) { return dataset::LintContext{&s, &*recording}; });
        QVERIFY(all.at(1).empty());
        QCOMPARE(all.at(2).size(), size_t(1));
        QCOMPARE(all.at(2)[0].code, std::string("duplicate"));
    }

    // Two workstations on one project file: the later save of a pair read at
    // the same version is a conflict that returns the other text.
    void aStaleSaveIsAConflictNotAnOverwrite() {
        Project a, b;
        QVERIFY(a.open(m_project, Project::Mode::OpenExisting));
        QVERIFY(b.open(m_project, Project::Mode::OpenExisting));
        AnnotationStore storeA(a), storeB(b);
        const auto recording = a.load(recordingNamed(a, "2025-06-12_s01"));
        const auto segments = storeA.storeDetected(recording->id, dataset::detectSegments(*recording));
        const auto id = storeA.insertPair(dataset::draftPair(*recording, segments->segments.front()));
        QVERIFY(id);
        auto mine = *storeA.pair(*id), theirs = *storeB.pair(*id);
        theirs.chosen = "Their text. Decision: FOLLOW_LANE, STOP.";
        QVERIFY(storeB.savePair(theirs).ok());
        mine.chosen = "My text. Decision: FOLLOW_LANE, DECELERATE.";
        const auto saved = storeA.savePair(mine);
        QCOMPARE(saved.outcome, SaveOutcome::Conflict);
        QCOMPARE(saved.current->chosen, theirs.chosen);
        QCOMPARE(saved.current->version, 2);
        QCOMPARE(storeA.pair(*id)->chosen, theirs.chosen);  // nothing overwritten
        mine.version = saved.current->version;             // saving over it is a deliberate second save
        QVERIFY(storeA.savePair(mine).ok());
        QCOMPARE(storeB.pair(*id)->chosen, mine.chosen);
        QCOMPARE(storeB.pair(*id)->version, 3);
    }
};

QTEST_GUILESS_MAIN(TestSegmentsPairs)
#include "tst_segments_pairs.moc"
