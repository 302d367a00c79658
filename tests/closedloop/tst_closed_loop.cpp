// SPDX-License-Identifier: MIT
// The closed loop without a model: Bench2Drive's route scores on
// constructed routes, the scenarios and the runner driven by scripted
// drivers that read the truth, and batches written and imported into a real
// project (CAVE sessions with real H.264 videos), cancelled halfway.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <opencv2/imgcodecs.hpp>

#include "closedloop/batch.h"
#include "importers/media/frame_source.h"
#include "importers/sample/scenario_common.h"
#include "scripted_drivers.h"
#include "storage/project.h"

#include "tests/common/recording_events.h"

using namespace corevla;
using namespace corevla::closedloop;

namespace {

RunOptions noPictures() {
    RunOptions o;
    o.renderPrompts = false;
    return o;
}

bool hasKey(const Run& r, const std::string& key) {
    return std::find(r.outcome.infractions.begin(), r.outcome.infractions.end(), key) != r.outcome.infractions.end();
}

using corevla::testing::eventsOf;

}  // namespace

class TestClosedLoop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kindsParse() {
        std::string error;
        QCOMPARE(parseKinds("normal, cut-in", &error)->size(), std::size_t(2));
        QCOMPARE(parseKinds("normal,cut-in", &error)->front(), Kind::CutIn);  // the table's order
        QCOMPARE(parseKinds("long-tail", &error)->size(), std::size_t(4));
        QCOMPARE(parseKinds("all", &error)->size(), std::size_t(5));
        QVERIFY(!parseKinds("cut-in,roundabout", &error));
        QVERIFY2(error.find("\"roundabout\"") != std::string::npos, error.c_str());
        QVERIFY(!parseKinds(" , ", &error));
        QCOMPARE(std::string(scenarioType(Kind::EmergencyVehicle)), std::string("YieldToEmergencyVehicle"));
    }

    // score_composed = completion x the product of the factors (formats.md §2.3).
    void scoresEqualHandComputedValues() {
        using bench2drive::DrivenRoute;
        double penalty = 0;
        auto scored = [&](DrivenRoute r) { return bench2drive::scoreRoute(r, &penalty); };

        const auto collision = scored({"r1", "HighwayCutIn", 100, {"collisions_vehicle"}, 0, ""});
        QCOMPARE(collision.status, std::string("Completed"));
        QCOMPARE(collision.drivingScore, 60.0);
        QCOMPARE(penalty, 0.6);

        const auto redLight = scored({"r2", "x", 100, {"red_light", "collisions_pedestrian"}, 0, ""});
        QVERIFY(std::abs(redLight.drivingScore - 100 * 0.7 * 0.5) < 1e-9);
        QVERIFY(!bench2drive::routeSucceeded(redLight));

        const auto timeout = scored({"r3", "x", 62.5, {"route_timeout"}, 0, "Agent timed out"});
        QCOMPARE(timeout.status, std::string("Failed - Agent timed out"));
        QCOMPARE(timeout.drivingScore, 62.5);  // a timeout ends the route: no factor
        QCOMPARE(penalty, 1.0);

        const auto blocked = scored({"r4", "x", 40, {"yield_emergency_vehicle_infractions", "vehicle_blocked"}, 0, "Agent got blocked"});
        QVERIFY(std::abs(blocked.drivingScore - 40 * 0.7) < 1e-9);
        const auto outside = scored({"r5", "x", 80, {"outside_route_lanes"}, 20, "Agent deviated from the route"});
        QVERIFY(std::abs(outside.drivingScore - 80 * 0.8) < 1e-9);
        const auto perfect = scored({"r6", "x", 100, {}, 0, ""});
        QCOMPARE(perfect.status, std::string("Perfect"));
        QVERIFY(bench2drive::routeSucceeded(perfect));
        QCOMPARE(scored({"r7", "x", 130, {}, 0, ""}).routeCompletion, 100.0);  // clamped
        QCOMPARE(bench2drive::penaltyFactor("stop_infraction"), 0.8);
        QCOMPARE(bench2drive::penaltyFactor("scenario_timeouts"), 0.7);
        QCOMPARE(bench2drive::penaltyFactor("min_speed_infractions"), 1.0);
    }

    // The scores of a real run follow from what happened in it.
    void aRunsScoreFollowsFromItsTimeline() {
        const Run r = runScenario(makeScenario(Kind::PedestrianCrossing, 5), scripted::neverBrakes, noPictures());
        QVERIFY(hasKey(r, "collisions_pedestrian"));
        QCOMPARE(r.outcome.drivingScore, r.outcome.routeCompletion * 0.5);
        QCOMPARE(r.penalty, 0.5);
        // Logged on an even (10 Hz) tick, within a step of the contact.
        const int tick = r.firstInfractionTick();
        QVERIFY(tick >= 0 && tick % 2 == 0);
        QVERIFY(r.timeline.ticks[std::size_t(tick)].events.at(0).starts_with("infraction:collisions_pedestrian Agent collided"));
        // It ran into the walker at speed: it never braked.
        QVERIFY(r.timeline.infractions.front().text.find("type=walker.") != std::string::npos);
        const sample::Tick& before = r.timeline.ticks[std::size_t(std::max(0, tick - 2))];
        QVERIFY(before.ego.v > 5);
        // The same kind and seed give the same run.
        const Run again = runScenario(makeScenario(Kind::PedestrianCrossing, 5), scripted::neverBrakes, noPictures());
        QCOMPARE(again.timeline.ticks.size(), r.timeline.ticks.size());
        QCOMPARE(again.timeline.ticks.back().ego.s, r.timeline.ticks.back().ego.s);
    }

    // On seeds nobody tuned for: the driver that brakes, overtakes and makes
    // way beats the one that never does, kind by kind, for the reason each
    // kind is there.
    void brakingForHazardsScoresHigherThanNeverBraking() {
        std::vector<bench2drive::RouteOutcome> never, careful;
        for (const std::uint64_t seed : {101ull, 20261201ull, 1ull << 40}) {
            for (const Kind kind : allKinds()) {
                const Run n = runScenario(makeScenario(kind, seed), scripted::neverBrakes, noPictures());
                const Run c = runScenario(makeScenario(kind, seed), scripted::brakesForHazards, noPictures());
                const std::string what = std::string(kindName(kind)) + " seed " + std::to_string(seed) + ": " + n.outcome.status +
                                         " / " + c.outcome.status;
                QVERIFY2(n.decisions > 10 && c.decisions > 10, what.c_str());
                if (kind == Kind::CutIn) QVERIFY2(hasKey(n, "collisions_vehicle"), what.c_str());
                if (kind == Kind::BlockedLane)  // it stays behind the van until the route times out
                    QVERIFY2(n.outcome.status == "Failed - Agent timed out" && n.outcome.routeCompletion < 60, what.c_str());
                if (kind == Kind::PedestrianCrossing) QVERIFY2(hasKey(n, "collisions_pedestrian"), what.c_str());
                if (kind == Kind::EmergencyVehicle) QVERIFY2(hasKey(n, "yield_emergency_vehicle_infractions"), what.c_str());
                if (kind != Kind::Normal) QVERIFY2(bench2drive::routeSucceeded(c.outcome), what.c_str());
                QVERIFY2(c.outcome.drivingScore >= n.outcome.drivingScore, what.c_str());
                never.push_back(n.outcome);
                careful.push_back(c.outcome);
            }
        }
        const auto n = bench2drive::summarise(never), c = bench2drive::summarise(careful);
        QVERIFY2(c.drivingScore > n.drivingScore + 20, qPrintable(QString("%1 vs %2").arg(c.drivingScore).arg(n.drivingScore)));
        QVERIFY(c.successRate > n.successRate + 0.5);
        QCOMPARE(c.abilities.size(), std::size_t(4));  // Merging, Overtaking, Emergency_Brake, Give_Way
        QCOMPARE(c.abilities.at("Give_Way").rate(), 1.0);
        QCOMPARE(n.abilities.at("Give_Way").rate(), 0.0);
    }

    // What the model is asked: the last five front-camera frames, 0.5 s
    // apart, as JPEG, and the question with the ego's state; never fewer.
    void theDriverIsAskedThePairsPrompt() {
        std::vector<DriveQuestion> asked;
        runScenario(makeScenario(Kind::Normal, 3), [&](const DriveQuestion& q) {
            asked.push_back(q);
            return scripted::neverBrakes(q);
        });
        QVERIFY(asked.size() > 20);
        for (const DriveQuestion& q : asked) QCOMPARE(q.images.size(), std::size_t(5));  // first asked 2 s in
        const cv::Mat image = cv::imdecode(std::vector<unsigned char>(asked[5].images[4].begin(), asked[5].images[4].end()), cv::IMREAD_COLOR);
        QCOMPARE(image.cols, 256);
        QCOMPARE(image.rows, 144);
        QVERIFY(asked[5].images[0] != asked[5].images[4]);
        QVERIFY2(asked[5].prompt.starts_with("<image><image><image><image><image>\nEgo speed "), asked[5].prompt.c_str());
        QVERIFY2(asked[5].prompt.ends_with("m/s^2. What should the ego vehicle do now, and why?"), asked[5].prompt.c_str());
    }

    // A model with no answer (an error) or an answer naming no decision
    // keeps the command in force; both are counted.
    void aFailingModelKeepsItsCommandAndIsCounted() {
        int n = 0;
        const Run r = runScenario(makeScenario(Kind::Normal, 4), [&](const DriveQuestion& q) {
            ++n;
            if (n % 3 == 0) return DriveAnswer{{}, {}, false, "no answer within 30 s"};
            if (n % 3 == 1) return DriveAnswer{"I am not sure.", {}, false, {}};
            return scripted::neverBrakes(q);
        }, noPictures());
        QCOMPARE(r.errors, r.decisions / 3);
        QVERIFY(r.unreadable >= r.decisions / 3);
        QCOMPARE(r.firstError, std::string("no answer within 30 s"));
        QVERIFY(r.outcome.routeCompletion > 50);
    }

    // Every run is a CAVE session imported into the project: the model's
    // reasoning as decisions, its infractions on the timeline, the video
    // decodable at the infraction.
    void runsAreRecordedAndImported() {
        QTemporaryDir dir;
        Project project;
        QVERIFY(project.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        BatchOptions o;
        o.kinds = {Kind::PedestrianCrossing};
        o.perKind = 1;
        o.seed = 5;
        o.folder = dir.filePath("runs").toStdString();
        o.run.renderPrompts = false;
        const BatchResult result = runBatch({{"never brakes", scripted::neverBrakes}, {"Careful 2.0", scripted::brakesForHazards}}, o, &project);
        QCOMPARE(result.runs.size(), std::size_t(2));
        const BatchRun& crash = result.runs[0];
        QVERIFY2(crash.error.empty(), crash.error.c_str());
        QVERIFY(crash.recording > 0);
        QVERIFY(crash.session.ends_with("cave/cl-pedestrian-crossing-s5-never-brakes"));
        QVERIFY(result.runs[1].session.ends_with("cave/cl-pedestrian-crossing-s5-careful-2-0"));

        const auto rec = project.load(crash.recording);
        QVERIFY(rec);
        QCOMPARE(rec->scenario, std::string("DynamicObjectCrossing"));
        QCOMPARE(int(rec->frames.size()), int(crash.run.simulatedS * 10 + 0.5));
        const auto infractions = eventsOf(*rec, EventKind::Infraction);
        QCOMPARE(infractions.size(), std::size_t(1));
        QCOMPARE(infractions[0].category, std::string("collisions_pedestrian"));
        QCOMPARE(infractions[0].frame, crash.run.firstInfractionTick() / 2);
        QVERIFY(rec->decisions.size() >= 20);
        QVERIFY2(rec->decisions.front().reasoning.starts_with("Handed over cruising at "), rec->decisions.front().reasoning.c_str());
        QCOMPARE(rec->decisions[1].t, 2.0);  // the first question
        QVERIFY(rec->decisions[1].reasoning.starts_with("Scripted: "));
        QVERIFY(eventsOf(*rec, EventKind::TakeoverStart).empty());  // nobody took over
        auto source = importers::makeFrameSource(*rec, 0);
        std::string error;
        const cv::Mat frame = source->read(infractions[0].frame, rec->frames[std::size_t(infractions[0].frame)].t, 0, &error);
        QVERIFY2(!frame.empty(), error.c_str());
        QCOMPARE(frame.cols, 256);
        const auto careful = project.load(result.runs[1].recording);
        QVERIFY(careful && eventsOf(*careful, EventKind::Infraction).empty());
    }

    // Cancel stops the batch inside a run; the runs that finished stay
    // written and imported, the cancelled one is not imported.
    void cancelKeepsTheFinishedRuns() {
        QTemporaryDir dir;
        Project project;
        QVERIFY(project.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        CancelToken cancel;
        int asked = 0;
        BatchOptions o;
        o.kinds = {Kind::Normal, Kind::CutIn};
        o.perKind = 2;
        o.folder = dir.filePath("runs").toStdString();
        o.run.renderPrompts = false;
        o.run.cancel = &cancel;
        const Driver driver = [&](const DriveQuestion& q) {
            if (++asked == 40) cancel.cancel();  // in the second run
            return scripted::neverBrakes(q);
        };
        const BatchResult result = runBatch({{"m", driver}}, o, &project);
        QVERIFY(result.cancelled);
        QCOMPARE(result.runs.size(), std::size_t(1));
        QVERIFY(result.runs[0].recording > 0);
        const auto recordings = project.recordings();
        QVERIFY(recordings);
        QCOMPARE(recordings->size(), std::size_t(1));
        QCOMPARE(recordings->front().id, result.runs[0].recording);
        const auto scores = scoreBatch(result);
        QCOMPARE(scores.at("m").all.routes, 1);
    }
};

QTEST_GUILESS_MAIN(TestClosedLoop)
#include "tst_closed_loop.moc"
