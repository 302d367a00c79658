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

#include "tests/common/bench2drive_results.h"
#include "tests/common/cli_run.h"

namespace {

using corevla::testing::runCli;

using corevla::testing::writeBaseAndRefined;

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
        QVERIFY(writeBaseAndRefined(m_dir.path()));
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
