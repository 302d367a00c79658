// SPDX-License-Identifier: MIT
// Bench2Drive closed-loop results and Bench2Drive-VL inference outputs: the
// evaluation importer (records, infractions, saved frames, alignment), the VL
// importer (decision attachments) and the meta-action rule.
#include <QTemporaryDir>
#include <QtTest>

#include "importers/bench2drive/bench2drive_clip.h"
#include "importers/bench2drive/bench2drive_eval.h"
#include "importers/bench2drive/bench2drive_vl.h"
#include "importers/common/meta_action.h"
#include "tst_bench2drive_fixture.h"

using namespace corevla;
using namespace corevla::importers;
namespace fs = std::filesystem;

namespace {

const std::string kSave = "RouteScenario_1711_rep0_Town12_HardBreakRoute_Weather3_07_16_10_22_31";
const std::string kUnsaved = "RouteScenario_2000_rep0_Town13_Accident_Weather9_07_16_11_00_00";

std::string allIssues(const ImportResult& r) {
    std::string text;
    for (const auto& i : r.issues) text += i.text() + "\n";
    return text;
}

bool hasIssue(const ImportResult& r, const std::string& needle, Issue::Severity severity) {
    return std::any_of(r.issues.begin(), r.issues.end(), [&](const Issue& i) {
        return i.severity == severity && i.text().find(needle) != std::string::npos;
    });
}

std::string resultsJson() {
    return R"json({"_checkpoint": {"global_record": {}, "progress": [2, 10], "records": [
  {"index": 0, "route_id": "RouteScenario_1711_rep0", "scenario_name": "HardBreakRoute", "weather_id": 3,
   "town_name": "Town12", "save_name": ")json" + kSave + R"json(", "status": "Completed", "num_infractions": 3,
   "infractions": {"collisions_layout": [], "collisions_vehicle": [
      "Agent collided against object with type=vehicle.audi.a2 and id=305 at (x=107.2, y=-19.5, z=0.031)"],
    "red_light": ["Agent ran a red light 912 at (x=101.9, y=-25.0, z=0.000)"],
    "outside_route_lanes": ["Agent went outside its route lanes for about 12.5 meters (3.1% of the completed route)"],
    "route_timeout": []},
   "scores": {"score_route": 100.0, "score_penalty": 0.42, "score_composed": 42.0},
   "meta": {"route_length": 412.305, "duration_game": 58.2, "duration_system": 911.4}},
  {"index": 1, "route_id": "RouteScenario_2000_rep0", "scenario_name": "Accident", "weather_id": 9,
   "town_name": "Town13", "save_name": ")json" + kUnsaved + R"json(", "status": "Failed - Agent got blocked",
   "num_infractions": 1, "infractions": {"vehicle_blocked": ["Agent got blocked at (x=1.5, y=2.5, z=0.1)"]},
   "scores": {"score_route": 35.5, "score_penalty": 1.0, "score_composed": 35.5},
   "meta": {"route_length": 900.0, "duration_game": 120.0}}]},
 "entry_status": "Finished", "eligible": true, "sensors": [], "values": [], "labels": []})json";
}

std::string inferenceJson(int frame, const std::string& answer50, const std::string& answer43) {
    const auto quote = [](const std::string& s) { return "\"" + s + "\""; };
    return "{\"scenario\": " + quote(kSave) + ", \"frame_number\": " + std::to_string(frame) +
           ", \"key_object_infos\": {}, \"QA\": {\"Category\": ["
           "{\"Q\": \"What is the correct action for the ego vehicle to take now?\", \"qid\": 43, "
           "\"VLM_answer\": " + quote(answer43) + "},"
           "{\"Q\": \"Provide the appropriate behavior keys.\", \"A\": \"FOLLOW_LANE, DECELERATE\", \"C\": null, "
           "\"qid\": 50, \"actual_Q\": \"<prompt>\", \"VLM_name\": \"Qwen2.5VL\", \"VLM_answer\": " +
           quote(answer50) + "}]}, \"extra_flags\": {\"ego_speed\": 6.2}}";
}

}  // namespace

class TestBench2DriveEval : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path root() const { return fs::path(m_dir.path().toStdString()); }

private Q_SLOTS:
    void metaAction_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("speed");
        QTest::addColumn<QString>("direction");
        // previous = {KEEP, TURN_LEFT}
        QTest::newRow("formats 3.3 example") << "... Direction: FOLLOW_LANE, Speed Keys: DECELERATE"
                                             << "DECELERATE" << "FOLLOW_LANE";
        QTest::newRow("GT form") << "CHANGE_LANE_RIGHT, ACCELERATE" << "ACCELERATE" << "CHANGE_LANE_RIGHT";
        QTest::newRow("two speeds: last wins") << "First ACCELERATE, then STOP." << "STOP" << "TURN_LEFT";
        QTest::newRow("two directions: last wins") << "GO_STRAIGHT or DEVIATE_RIGHT" << "KEEP" << "DEVIATE_RIGHT";
        QTest::newRow("no token: previous") << "I am not sure what to do." << "KEEP" << "TURN_LEFT";
        QTest::newRow("empty: previous") << "" << "KEEP" << "TURN_LEFT";
        QTest::newRow("KEEPING is not KEEP") << "KEEPING distance; STOPPED car" << "KEEP" << "TURN_LEFT";
        QTest::newRow("case-sensitive") << "stop and turn_right" << "KEEP" << "TURN_LEFT";
        QTest::newRow("underscore glues words") << "X_STOP FOLLOW_LANE_2 LANE_LEFT" << "KEEP" << "TURN_LEFT";
        QTest::newRow("punctuation separates") << "(STOP)/TURN_RIGHT." << "STOP" << "TURN_RIGHT";
        QTest::newRow("non-ASCII separates") << "速度：ACCELERATE，方向：CHANGE_LANE_LEFT" << "ACCELERATE"
                                             << "CHANGE_LANE_LEFT";
    }
    void metaAction() {
        QFETCH(QString, text);
        QFETCH(QString, speed);
        QFETCH(QString, direction);
        const MetaAction m = parseMetaAction(text.toStdString(), MetaAction{"KEEP", "TURN_LEFT"});
        QCOMPARE(QString::fromStdString(m.speed), speed);
        QCOMPARE(QString::fromStdString(m.direction), direction);
    }

    void infractionLocation() {
        const auto at = parseInfractionLocation(
            "Agent collided against object with type=vehicle.audi.a2 and id=305 at (x=325.112, y=-18.004, z=0.031)");
        QVERIFY(at.has_value());
        QCOMPARE((*at)[0], 325.112);
        QCOMPARE((*at)[1], -18.004);
        QCOMPARE((*at)[2], 0.031);
        QVERIFY(!parseInfractionLocation("Agent timed out a scenario"));
        QVERIFY(!parseInfractionLocation("Route timeout."));
        QVERIFY(!parseInfractionLocation("at (x=1.0, y=oops"));
    }

    void evalResults() {
        const fs::path dir = root() / "eval";
        fixture::writeText(dir / "results.json", resultsJson());
        const fs::path frames = dir / "Qwen2.5VL+front_cam" / kSave;
        fixture::writeClip(frames, 10, {"rgb_front"});  // ego at x = 100..109, y = -20
        fixture::writeText(dir / "unrelated.json", R"json({"records": []})json");

        Bench2DriveEvalImporter importer;
        QVERIFY(importer.recognises(dir / "results.json"));
        QVERIFY(!importer.recognises(dir / "unrelated.json"));
        QVERIFY(!importer.recognises(frames));
        QVERIFY(!Bench2DriveClipImporter().recognises(dir / "results.json"));

        const auto claimed = claimedFolders(dir / "results.json");
        QCOMPARE(claimed.size(), size_t(1));
        QCOMPARE(fs::absolute(claimed[0]).lexically_normal(), fs::absolute(frames).lexically_normal());

        ImportOptions options;
        options.threads = 2;
        const ImportResult r = importer.read(dir / "results.json", options);
        QVERIFY2(!r.hasErrors(), allIssues(r).c_str());
        QCOMPARE(r.recordings.size(), size_t(2));

        const Recording& a = r.recordings[0];
        QCOMPARE(a.source, SourceKind::Bench2DriveEval);
        QCOMPARE(a.name, kSave);
        QCOMPARE(a.routeId, std::string("RouteScenario_1711_rep0"));
        QCOMPARE(a.scenario, std::string("HardBreakRoute"));
        QCOMPARE(a.town, std::string("Town12"));
        QCOMPARE(a.weather, std::string("Weather3"));
        QVERIFY(a.eval.has_value());
        QCOMPARE(a.eval->status, std::string("Completed"));
        QCOMPARE(a.eval->routeCompletion, 100.0);
        QCOMPARE(a.eval->penalty, 0.42);
        QCOMPARE(a.eval->drivingScore, 42.0);
        QCOMPARE(a.eval->routeLength, 412.305);
        QCOMPARE(a.eval->durationGame, 58.2);
        QCOMPARE(a.frames.size(), size_t(10));
        QCOMPARE(a.cameras.size(), size_t(1));
        QCOMPARE(fs::path(a.root), fs::absolute(frames).lexically_normal());
        QVERIFY(a.metadataJson.find("\"duration_system\":911.4") != std::string::npos);

        QCOMPARE(a.events.size(), size_t(3));
        const Event& collision = a.events[0];
        QCOMPARE(collision.kind, EventKind::Infraction);
        QCOMPARE(collision.category, std::string("collisions_vehicle"));
        QVERIFY(collision.text.starts_with("Agent collided against object"));
        QCOMPARE(*collision.x, 107.2);
        QCOMPARE(*collision.y, -19.5);
        QCOMPARE(collision.frame, 7);  // ego at x = 107 is nearest
        QCOMPARE(collision.t, 0.7);
        const Event& redLight = a.events[1];
        QCOMPARE(redLight.category, std::string("red_light"));
        QCOMPARE(redLight.frame, 2);  // nearest to (101.9, -25): x = 102
        const Event& lanes = a.events[2];
        QCOMPARE(lanes.category, std::string("outside_route_lanes"));
        QVERIFY(!lanes.x.has_value());
        QCOMPARE(lanes.frame, -1);
        QCOMPARE(lanes.t, -1.0);

        const Recording& b = r.recordings[1];
        QCOMPARE(b.name, kUnsaved);
        QCOMPARE(b.eval->status, std::string("Failed - Agent got blocked"));
        QCOMPARE(b.weather, std::string("Weather9"));
        QCOMPARE(b.frames.size(), size_t(0));
        QCOMPARE(b.events.size(), size_t(1));
        QCOMPARE(b.events[0].frame, -1);  // a location but no frames to align with
        QVERIFY2(hasIssue(r, "no saved frames found for " + kUnsaved, Issue::Severity::Warning), allIssues(r).c_str());
    }

    void evalMalformed() {
        const fs::path file = root() / "bad" / "results.json";
        fixture::writeText(file, R"json({"_checkpoint": {"records": [ {"index": 0,, ]}})json");
        const ImportResult r = Bench2DriveEvalImporter().read(file, {});
        QVERIFY2(hasIssue(r, "results.json: malformed JSON: ", Issue::Severity::Error), allIssues(r).c_str());
        QVERIFY(r.recordings.empty());
    }

    void vlDecisions() {
        const fs::path dir = root() / "infer_results" / "Qwen2.5VL+front_cam" / kSave;
        fixture::writeText(dir / "00000.json",
                           inferenceJson(0, "... Direction: FOLLOW_LANE, Speed Keys: DECELERATE", "Brake for the car."));
        fixture::writeText(dir / "00010.json", inferenceJson(10, "ACCELERATE first, then STOP", ""));
        fixture::writeText(dir / "00020.json", inferenceJson(20, "Nothing to add.", "Keep waiting."));
        fixture::writeText(dir / "00030.json", "{\"scenario\": \"x\", \"frame_number\": 30, \"QA\": ");
        fixture::writeText(dir / "00040.json", inferenceJson(40, "Direction: TURN_RIGHT KEEPING", "Turn."));

        Bench2DriveVlImporter importer;
        QVERIFY(importer.recognises(dir));
        QVERIFY(!importer.recognises(dir.parent_path()));
        QVERIFY(!Bench2DriveClipImporter().recognises(dir));

        const ImportResult r = importer.read(dir, {});
        QVERIFY2(hasIssue(r, "00030.json: malformed JSON: ", Issue::Severity::Error), allIssues(r).c_str());
        QVERIFY(r.recordings.empty());
        QCOMPARE(r.attachments.size(), size_t(1));
        const DecisionAttachment& att = r.attachments[0];
        QCOMPARE(att.targetSource, SourceKind::Bench2DriveEval);
        QCOMPARE(att.targetName, kSave);
        QCOMPARE(att.decisions.size(), size_t(4));
        const auto& d = att.decisions;
        QCOMPARE(d[0].frame, 0);
        QCOMPARE(d[0].origin, std::string("b2dvl"));
        QCOMPARE(d[0].speedCmd, std::string("DECELERATE"));
        QCOMPARE(d[0].dirCmd, std::string("FOLLOW_LANE"));
        QCOMPARE(d[0].question, std::string("Provide the appropriate behavior keys."));
        QCOMPARE(d[0].reasoning, std::string("Brake for the car."));
        QCOMPARE(d[1].frame, 10);
        QCOMPARE(d[1].t, 1.0);
        QCOMPARE(d[1].speedCmd, std::string("STOP"));  // the last speed token
        QCOMPARE(d[1].dirCmd, std::string("FOLLOW_LANE"));  // carried over
        QCOMPARE(d[1].reasoning, std::string("ACCELERATE first, then STOP"));  // no qid 43 answer: qid 50's
        QCOMPARE(d[2].speedCmd, std::string("STOP"));
        QCOMPARE(d[2].dirCmd, std::string("FOLLOW_LANE"));
        QCOMPARE(d[3].frame, 40);
        QCOMPARE(d[3].speedCmd, std::string("STOP"));  // KEEPING is not KEEP
        QCOMPARE(d[3].dirCmd, std::string("TURN_RIGHT"));
    }
};

QTEST_GUILESS_MAIN(TestBench2DriveEval)
#include "tst_bench2drive_eval.moc"
