// SPDX-License-Identifier: MIT
// The Bench2Drive summary in a real window: two hand-made results files and
// the sample's evaluation (with saved frames), imported by the real
// importer; the panel's numbers equal `corevla eval-summary`'s, two
// evaluations compare route by route as `eval-summary --diff` does, and a
// route opens its recording with the playhead at its first infraction.
// Screenshot: $COREVLA_ARTIFACTS/evaluation/bench2drive.png.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "importers/import_runner.h"
#include "storage/project.h"
#include "storage/recording_time.h"
#include "tests/common/artifacts.h"
#include "tests/common/bench2drive_results.h"
#include "tests/common/cli_run.h"
#include "tests/ui/table_lookup.h"
#include "tests/common/shared_sample.h"
#include "ui/bench2drive_panel.h"
#include "ui/evaluation_panel.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/table_cells.h"
#include "ui/transport.h"

using namespace corevla;
using Panel = ui::Bench2DrivePanel;

namespace {

using testing::rowWith;
using testing::valueAt;

QStringList jsonStrings(const QJsonValue& list) {
    QStringList out;
    for (const QJsonValue& v : list.toArray()) out << v.toString();
    return out;
}

}  // namespace

class TestBench2DrivePanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<ui::MainWindow> m_window;

    Panel* panel() const { return m_window->evaluation()->bench2drive(); }

    int evaluationIndex(const QString& name) const {
        const auto& list = panel()->evaluationList();
        for (std::size_t i = 0; i < list.size(); ++i)
            if (QString::fromStdString(bench2drive::evaluationName(list[i].results)) == name) return int(i);
        return -1;
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests-bench2drive-panel");
        QSettings().clear();
        qputenv("COREVLA_NO_DIALOGS", "1");
        std::filesystem::path sample;
        QVERIFY(testing::sharedSmallSample(&sample).ok);
        QVERIFY(testing::writeBaseAndRefined(m_dir.path()));
        m_project = m_dir.filePath("p.corevla");
        {
            Project p;
            QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenOrCreate));
            const std::vector<std::filesystem::path> paths{sample / "eval" / "results.json", m_dir.filePath("base/results.json").toStdString(),
                                                           m_dir.filePath("refined/results.json").toStdString()};
            QVERIFY(importers::ImportRunner().run(p, paths, {}).ok());
        }
        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->openProject(m_project, false));
        m_window->evaluation()->focusPanel();
        m_window->evaluation()->tabs()->setCurrentWidget(panel());
    }

    // Every number of every evaluation as eval-summary prints it, and base's by hand.
    void numbersEqualTheCli() {
        const auto r = testing::runCli({"eval-summary", "--project", m_project, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray evaluations = QJsonDocument::fromJson(r.out.toUtf8()).object()["evaluations"].toArray();
        QCOMPARE(evaluations.size(), 3);
        const QTableWidget* table = panel()->evaluations();
        QCOMPARE(table->rowCount(), 3);
        for (const QJsonValue& v : evaluations) {
            const QJsonObject e = v.toObject();
            const int row = rowWith(table, Panel::Name, e["name"].toString());
            QVERIFY2(row >= 0, qPrintable(e["name"].toString()));
            QCOMPARE(valueAt(table, row, Panel::Routes), e["routes"].toDouble());
            QCOMPARE(valueAt(table, row, Panel::DrivingScore), e["driving_score"].toDouble());
            QCOMPARE(valueAt(table, row, Panel::SuccessRate), e["success_rate"].toDouble());
            QVERIFY(table->item(row, Panel::SuccessRate)->text().endsWith(QString("(%1/%2)").arg(e["successes"].toInt()).arg(e["routes"].toInt())));
            const QJsonObject abilities = e["abilities"].toObject(), counts = e["ability_routes"].toObject();
            for (int column = Panel::FirstAbility; column < table->columnCount() - 1; ++column) {
                const QString ability = table->horizontalHeaderItem(column)->text();
                if (!abilities.contains(ability)) {
                    QCOMPARE(table->item(row, column)->text(), QString("–"));
                    continue;
                }
                QCOMPARE(valueAt(table, row, column), abilities[ability].toDouble());
                QVERIFY(table->item(row, column)->text().endsWith(QString("/%1)").arg(counts[ability].toInt())));
            }
            if (abilities.contains("mean")) QCOMPARE(valueAt(table, row, table->columnCount() - 1), abilities["mean"].toDouble());
        }
        const int base = rowWith(table, Panel::Name, "base/results.json");
        QCOMPARE(valueAt(table, base, Panel::DrivingScore), 530.0 / 7);
        QCOMPARE(table->item(base, Panel::DrivingScore)->text(), QString("75.71"));
        QCOMPARE(table->item(base, Panel::SuccessRate)->text(), QString("42.9% (3/7)"));
    }

    // base -> refined, route by route, as `eval-summary --diff` says.
    void twoEvaluationsSideBySide() {
        const int base = evaluationIndex("base/results.json"), refined = evaluationIndex("refined/results.json");
        QVERIFY(base >= 0 && refined >= 0);
        // Two evaluations selected in the list (base above refined: their order by name).
        QTableWidget* list = panel()->evaluations();
        list->clearSelection();
        list->selectRow(rowWith(list, Panel::Name, "base/results.json"));
        list->selectionModel()->select(list->model()->index(rowWith(list, Panel::Name, "refined/results.json"), 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(panel()->fromBox()->currentText(), QString("base/results.json"));
        QCOMPARE(panel()->toBox()->currentText(), QString("refined/results.json"));
        QVERIFY2(panel()->diffSummary()->text().contains("75.71 → 100.00"), qPrintable(panel()->diffSummary()->text()));

        const auto r = testing::runCli({"eval-summary", "--project", m_project, "--diff", "base/results.json,refined/results.json", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray routes = QJsonDocument::fromJson(r.out.toUtf8()).object()["routes"].toArray();
        const QTableWidget* table = panel()->routes();
        QCOMPARE(table->rowCount(), routes.size());
        for (const QJsonValue& v : routes) {
            const QJsonObject c = v.toObject();
            const int row = rowWith(table, Panel::Route, c["route_id"].toString());
            QVERIFY(row >= 0);
            QCOMPARE(table->item(row, Panel::Gained)->text(), jsonStrings(c["infractions_gained"]).join(", "));
            QCOMPARE(table->item(row, Panel::Lost)->text(), jsonStrings(c["infractions_lost"]).join(", "));
            const QJsonObject from = c["from"].toObject(), to = c["to"].toObject();
            QCOMPARE(table->item(row, Panel::StatusBefore)->text(), c["from"].isNull() ? QString("–") : from["status"].toString());
            QCOMPARE(table->item(row, Panel::StatusAfter)->text(), c["to"].isNull() ? QString("–") : to["status"].toString());
            if (!c["from"].isNull() && !c["to"].isNull())
                QCOMPARE(valueAt(table, row, Panel::ScoreDelta), to["driving_score"].toDouble() - from["driving_score"].toDouble());
        }
        const int hard = rowWith(table, Panel::Route, "RouteScenario_1711_rep0");
        QCOMPARE(table->item(hard, Panel::Gained)->text(), QString("min_speed_infractions"));
        QCOMPARE(table->item(hard, Panel::Route)->background().color(), ui::kWorseBackground);  // same score, one infraction more
        const int yield = rowWith(table, Panel::Route, "RouteScenario_1712_rep0");
        QCOMPARE(table->item(yield, Panel::Lost)->text(), QString("collisions_vehicle"));
        QCOMPARE(table->item(yield, Panel::StatusAfter)->text(), QString("–"));

        // An evaluation against itself: nothing changed, nothing left with "changed only".
        panel()->compare(base, base);
        panel()->changedOnly()->setChecked(true);
        int shown = 0;
        for (int row = 0; row < panel()->routes()->rowCount(); ++row) shown += !panel()->routes()->isRowHidden(row);
        QCOMPARE(shown, 0);
        panel()->changedOnly()->setChecked(false);
        QCOMPARE(panel()->routes()->isRowHidden(0), false);
    }

    // A click on a route of the sample's evaluation (saved frames, infractions
    // placed on them) opens its recording at the earliest infraction.
    void aRouteOpensAtItsFirstInfraction() {
        const int eval = evaluationIndex("eval/results.json");
        QVERIFY(eval >= 0);
        panel()->compare(eval, eval);
        QTableWidget* table = panel()->routes();
        QVERIFY(table->rowCount() >= 1);
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        int withInfraction = 0;
        for (int row = 0; row < table->rowCount(); ++row) {
            QTableWidgetItem* item = table->item(row, Panel::ScoreAfter);
            table->scrollToItem(item);
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(item).center());
            const Recording* open = m_window->playback()->recording();
            QVERIFY(open);
            int expected = -1;
            const std::vector<Event> events = p.events(open->id).value();
            for (const Event& e : events)
                if ((e.kind == EventKind::Infraction || e.kind == EventKind::Collision) && e.frame >= 0 && (expected < 0 || e.frame < expected))
                    expected = e.frame;
            withInfraction += expected > 0;

            const auto& evaluation = panel()->evaluationList()[eval];
            for (std::size_t i = 0; i < evaluation.routes.size(); ++i)
                if (QString::fromStdString(evaluation.routes[i].routeId) == table->item(row, Panel::Route)->text())
                    QCOMPARE(open->id, evaluation.recordings[i]);
            QCOMPARE(m_window->playback()->transport()->frame(), framePosition(*open, std::max(expected, 0)));
        }
        QVERIFY2(withInfraction >= 1, "the sample's evaluation should have a route with an infraction past its first frame");

        // A hand-made results file has no saved frames: nothing opens, the hint says why.
        const std::int64_t wasOpen = m_window->playback()->recording()->id;
        panel()->compare(evaluationIndex("base/results.json"), evaluationIndex("refined/results.json"));
        panel()->openRoute(0, Panel::Route);
        QCOMPARE(m_window->playback()->recording()->id, wasOpen);
        QVERIFY2(panel()->hint()->text().contains("no frames"), qPrintable(panel()->hint()->text()));
        QApplication::processEvents();
        const QString png = testing::artifactsDir("evaluation") + "/bench2drive.png";
        QVERIFY(m_window->grab().save(png));
        qInfo("screenshot: %s", qPrintable(png));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestBench2DrivePanel)
#include "tst_bench2drive_panel.moc"
