// SPDX-License-Identifier: MIT
// `corevla eval-summary`: Bench2Drive's driving score, success rate and
// abilities of imported results files, against values computed by hand
// from formats.md §2.3 (Bench2Drive's ability_benchmark.py, v0.0.4).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/common/cli_run.h"

namespace {

using corevla::testing::runCli;

// One results record; `infractions` is the body of the infractions object.
QByteArray record(int index, const char* route, const char* scenario, const char* status, const char* infractions,
                  double completion, double composed) {
    const QString save = QString("RouteScenario_%1_rep0_Town12_%2_Weather3_07_16_10_22_%3").arg(route, scenario).arg(10 + index);
    return QString(R"({"index": %1, "route_id": "RouteScenario_%2_rep0", "scenario_name": "%3", "weather_id": 3,
      "town_name": "Town12", "save_name": "%4", "status": "%5", "infractions": {%6},
      "scores": {"score_route": %7, "score_penalty": %8, "score_composed": %9},
      "meta": {"route_length": 500.0, "duration_game": 60.0}})")
        .arg(index).arg(route, scenario, save, status, infractions)
        .arg(completion).arg(composed / completion).arg(composed)
        .toUtf8();
}

bool writeResults(const QString& path, const QList<QByteArray>& records) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    const QByteArray body = R"({"_checkpoint": {"global_record": {}, "progress": [1, 1], "records": [)" +
                            records.join(",\n") + R"(]}, "entry_status": "Finished", "eligible": true})";
    return f.open(QIODevice::WriteOnly) && f.write(body) == body.size();
}

const char* const kVehicle = "\"collisions_vehicle\": [\"Agent collided against object with type=vehicle.audi.a2 and id=305 at (x=1.0, y=2.0, z=0.0)\"]";
const char* const kRedLight = "\"red_light\": [\"Agent ran a red light 912 at (x=3.0, y=4.0, z=0.0)\"]";
const char* const kBlocked = "\"vehicle_blocked\": [\"Agent got blocked at (x=5.0, y=6.0, z=0.0)\"]";
const char* const kSlow = "\"min_speed_infractions\": [\"Average speed is 40% of the surrounding traffic's one\"]";

QJsonObject evaluationNamed(const QJsonArray& list, const QString& name) {
    for (const auto& v : list)
        if (v.toObject().value("name").toString() == name) return v.toObject();
    return {};
}

}  // namespace

class TestCliEvalSummary : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void scoresEqualHandComputedValues() {
        const QString base = m_dir.filePath("base/results.json"), refined = m_dir.filePath("refined/results.json");
        QVERIFY(writeResults(base, {
            record(0, "1711", "HardBreakRoute", "Perfect", "", 100, 100),                     // success
            record(1, "1712", "YieldToEmergencyVehicle", "Completed", kVehicle, 100, 60),     // infraction: failed
            record(2, "1713", "ParkedObstacle", "Failed - Agent got blocked", kBlocked, 40, 40),
            record(3, "1714", "SignalizedJunctionLeftTurn", "Perfect", "", 100, 100),         // success, counted twice for signs
            record(4, "1715", "PedestrianCrossing", "Completed", kRedLight, 100, 70),         // red light: failed twice for signs
            record(5, "1716", "UnknownScenario", "Perfect", "", 100, 100),                    // in no ability's list
            record(6, "1717", "SignalizedJunctionRightTurn", "Completed", kVehicle, 100, 60), // failed, yet past its junction
        }));
        // As results files name scenarios: the routes file's "<Type>_<n>".
        QVERIFY(writeResults(refined, {record(0, "1711", "ParkingCrossingPedestrian_1", "Completed", kSlow, 100, 100)}));
        const QString project = m_dir.filePath("p.corevla");
        const auto imported = runCli({"import", "--project", project, base, refined});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));

        const auto r = runCli({"eval-summary", "--project", project, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray evaluations = QJsonDocument::fromJson(r.out.toUtf8()).object().value("evaluations").toArray();
        QCOMPARE(evaluations.size(), 2);

        const QJsonObject a = evaluationNamed(evaluations, "base/results.json");
        QCOMPARE(a.value("routes").toInt(), 7);
        QCOMPARE(a.value("successes").toInt(), 3);
        QCOMPARE(a.value("driving_score").toDouble(), 530.0 / 7);  // (100+60+40+100+70+100+60) / 7
        QCOMPARE(a.value("success_rate").toDouble(), 3.0 / 7);
        const QJsonObject abilities = a.value("abilities").toObject(), counts = a.value("ability_routes").toObject();
        QCOMPARE(abilities.value("Emergency_Brake").toDouble(), 0.5);  // HardBreakRoute yes, PedestrianCrossing no
        QCOMPARE(abilities.value("Give_Way").toDouble(), 0.0);
        QCOMPARE(abilities.value("Overtaking").toDouble(), 0.0);
        QCOMPARE(abilities.value("Merging").toDouble(), 0.5);
        // 2 of 3: the right turn failed (a collision) but finished with no light or sign run.
        QCOMPARE(abilities.value("Traffic_Signs").toDouble(), 2.0 / 3);
        QCOMPARE(counts.value("Traffic_Signs").toInt(), 3);
        QCOMPARE(counts.value("Emergency_Brake").toInt(), 2);
        QCOMPARE(abilities.value("mean").toDouble(), (0.5 + 0 + 0 + 0.5 + 2.0 / 3) / 5);

        const QJsonObject b = evaluationNamed(evaluations, "refined/results.json");
        QCOMPARE(b.value("routes").toInt(), 1);
        QCOMPARE(b.value("success_rate").toDouble(), 1.0);  // a slow route still succeeds
        QCOMPARE(b.value("driving_score").toDouble(), 100.0);
        QCOMPARE(b.value("abilities").toObject().keys(), (QStringList{"Emergency_Brake", "mean"}));

        const auto table = runCli({"eval-summary", "--project", project});
        QCOMPARE(table.code, 0);
        QVERIFY2(table.out.contains("base/results.json: 7 route(s), driving score 75.71, success rate 42.9% (3)"), qPrintable(table.out));
        QVERIFY2(table.out.contains("1 route(s) in no ability: UnknownScenario"), qPrintable(table.out));
    }

    // Route by route between the two evaluations of the first test: the
    // route both hold, and those only one holds.
    void twoEvaluationsRouteByRoute() {
        const QString project = m_dir.filePath("p.corevla");
        const auto r = runCli({"eval-summary", "--project", project, "--diff", "base/results.json,refined/results.json", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j.value("from").toString(), QString("base/results.json"));
        const QJsonArray routes = j.value("routes").toArray();
        QCOMPARE(routes.size(), 7);  // the union: base's seven, refined's one among them
        const QJsonObject hard = routes.at(0).toObject();  // sorted by route id: 1711 first
        QCOMPARE(hard.value("route_id").toString(), QString("RouteScenario_1711_rep0"));
        QCOMPARE(hard.value("from").toObject().value("status").toString(), QString("Perfect"));
        QCOMPARE(hard.value("to").toObject().value("status").toString(), QString("Completed"));
        QCOMPARE(hard.value("infractions_gained").toArray(), QJsonArray{"min_speed_infractions"});
        QVERIFY(hard.value("to").toObject().value("success").toBool());
        QVERIFY(hard.value("to").toObject().value("recording").toInteger() > 0);
        const QJsonObject yield = routes.at(1).toObject();
        QVERIFY(yield.value("to").isNull());  // not in the refined run
        QCOMPARE(yield.value("infractions_lost").toArray(), QJsonArray{"collisions_vehicle"});

        const auto table = runCli({"eval-summary", "--project", project, "--diff", "base/results.json,refined/results.json"});
        QVERIFY2(table.out.contains("driving score 75.71 -> 100.00"), qPrintable(table.out));
        QCOMPARE(runCli({"eval-summary", "--project", project, "--diff", "base/results.json"}).code, 2);
        const auto unknown = runCli({"eval-summary", "--project", project, "--diff", "base/results.json,nope.json"});
        QCOMPARE(unknown.code, 1);
        QVERIFY2(unknown.err.contains("nope.json"), qPrintable(unknown.err));
    }

    void aMissingProjectIsNamed() {
        const auto r = runCli({"eval-summary", "--project", m_dir.filePath("missing.corevla")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("missing.corevla"), qPrintable(r.err));
        QCOMPARE(runCli({"eval-summary"}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliEvalSummary)
#include "tst_cli_eval_summary.moc"
