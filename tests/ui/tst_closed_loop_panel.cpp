// SPDX-License-Identifier: MIT
// The closed loop in a real window, against the real `corevla closed-loop`
// child: two tiny models trained here drive a cut-in and a normal scenario;
// the tables equal the JSON the CLI prints for the same arguments, a run
// opens at its first infraction, two runs play side by side on one clock,
// and Cancel stops a batch with its finished runs imported.
// Screenshots: $COREVLA_ARTIFACTS/evaluation/closed_loop*.png.
#include <QApplication>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/run_store.h"
#include "tests/common/artifacts.h"
#include "tests/common/cli_run.h"
#include "tests/ui/tiny_models_fixture.h"
#include "ui/camera_panel.h"
#include "ui/closed_loop_panel.h"
#include "ui/evaluation_panel.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/side_by_side_view.h"
#include "ui/timeline_widget.h"
#include "ui/transport.h"

using namespace corevla;
using Panel = ui::ClosedLoopPanel;

class TestClosedLoopPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<ui::MainWindow> m_window;

    Panel* panel() const { return m_window->evaluation()->closedLoop(); }

    void chooseKinds(const QStringList& kinds) {
        for (QCheckBox* box : panel()->kindBoxes()) box->setChecked(kinds.contains(box->objectName()));
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests-closed-loop");
        QSettings().clear();
        qputenv("COREVLA_NO_DIALOGS", "1");
        m_project = testing::makeTinyModelsProject(m_dir, {{"tiny a", 7}, {"tiny b", 8}});
        QVERIFY(!m_project.isEmpty());
        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->openProject(m_project, false));
        m_window->evaluation()->focusPanel();
        m_window->evaluation()->tabs()->setCurrentWidget(panel());
        QCOMPARE(panel()->modelList()->count(), 2);
    }

    void theFormSaysWhatToRun() {
        // At first the two newest models are ticked, every kind, 3 of each from seed 1.
        QString error;
        QStringList args = panel()->arguments(&error);
        QVERIFY2(!args.isEmpty(), qPrintable(error));
        QCOMPARE(args.count("--model"), 2);
        QCOMPARE(args.at(args.indexOf("--kinds") + 1), QString("cut-in,blocked-lane,pedestrian-crossing,emergency-vehicle,normal"));
        QCOMPARE(args.at(args.indexOf("--scenarios") + 1), QString("3"));
        chooseKinds({});
        QVERIFY(panel()->arguments(&error).isEmpty());
        QVERIFY2(error.contains("kind"), qPrintable(error));
        QVERIFY(!panel()->run());
        QVERIFY(panel()->errorLabel()->text().contains("kind"));
        for (int i = 0; i < 2; ++i) panel()->modelList()->item(i)->setCheckState(Qt::Unchecked);
        chooseKinds({"cut-in"});
        QVERIFY(panel()->arguments(&error).isEmpty());
        QVERIFY2(error.contains("1 to 4"), qPrintable(error));
        for (int i = 0; i < 2; ++i) panel()->modelList()->item(i)->setCheckState(Qt::Checked);
    }

    // The tables show what `corevla closed-loop --json` prints for the same
    // scenarios (the same seeds drive the same way: the models are greedy).
    void aBatchFillsTheTablesAsTheCliScoresIt() {
        chooseKinds({"cut-in", "normal"});
        panel()->scenarios()->setValue(1);
        panel()->seed()->setValue(11);
        QSignalSpy done(panel(), &Panel::finished);
        QTest::mouseClick(panel()->runButton(), Qt::LeftButton);
        QVERIFY(panel()->busy());
        QVERIFY(done.wait(300000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(panel()->errorLabel()->text() + " " + panel()->errorLabel()->toolTip()));
        QCOMPARE(panel()->scenarioTable()->rowCount(), 2);
        QCOMPARE(panel()->summary()->rowCount(), 2);

        QString error;
        QStringList args = panel()->arguments(&error);
        args << "--no-record";
        const auto cli = testing::runCli(args);
        QVERIFY2(cli.code == 0, qPrintable(cli.err));
        const QJsonObject expected = QJsonDocument::fromJson(cli.out.toUtf8()).object()["models"].toObject();
        const QJsonObject shown = panel()->result()["models"].toObject();
        QCOMPARE(shown.keys(), expected.keys());
        // Each scenario's cells: the driving score each model got there, by the CLI's own run.
        const QJsonArray cliScenarios = QJsonDocument::fromJson(cli.out.toUtf8()).object()["scenarios"].toArray();
        QCOMPARE(cliScenarios.size(), panel()->scenarioTable()->rowCount());
        for (const QJsonValue& s : cliScenarios) {
            int row = -1;
            for (int r = 0; r < panel()->scenarioTable()->rowCount(); ++r)
                if (panel()->scenarioTable()->item(r, Panel::Kind)->text() == s.toObject()["kind"].toString()) row = r;
            QVERIFY(row >= 0);
            for (const QJsonValue& run : s.toObject()["runs"].toArray()) {
                int column = -1;
                for (int c = Panel::FirstModel; c < panel()->scenarioTable()->columnCount(); ++c)
                    if (panel()->scenarioTable()->horizontalHeaderItem(c)->text() == run.toObject()["model"].toString()) column = c;
                QVERIFY(column >= 0);
                const QString cell = panel()->scenarioTable()->item(row, column)->text();
                QVERIFY2(cell.startsWith(QString::number(run.toObject()["driving_score"].toDouble(), 'f', 1) + "  "), qPrintable(cell));
            }
        }
        for (const QString& model : expected.keys()) {
            QCOMPARE(shown[model].toObject()["driving_score"].toDouble(), expected[model].toObject()["driving_score"].toDouble());
            QCOMPARE(shown[model].toObject()["route_completion"].toDouble(), expected[model].toObject()["route_completion"].toDouble());
            const auto rows = panel()->summary()->findItems(model, Qt::MatchExactly);
            QCOMPARE(rows.size(), 1);
            const QString ds = panel()->summary()->item(rows[0]->row(), 2)->text();
            QCOMPARE(ds, QString::number(expected[model].toObject()["driving_score"].toDouble(), 'f', 1));
        }
        // Every run is a recording of the project, named for its scenario and model.
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        for (const QJsonValue& s : panel()->result()["scenarios"].toArray())
            for (const QJsonValue& r : s.toObject()["runs"].toArray()) {
                const auto summary = p.summary(r.toObject()["recording"].toInteger());
                QVERIFY(summary);
                QVERIFY2(QString::fromStdString(summary->name).startsWith("cl-" + s.toObject()["kind"].toString()), summary->name.c_str());
            }
        QVERIFY(m_window->grab().save(testing::artifactsDir("evaluation") + "/closed_loop.png"));
    }

    void aRunOpensAtItsFirstInfraction() {
        const QJsonObject run = panel()->result()["scenarios"].toArray()[0].toObject()["runs"].toArray()[0].toObject();
        QTableWidget* table = panel()->scenarioTable();
        const QRect cell = table->visualItemRect(table->item(0, Panel::FirstModel));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        const Recording* open = m_window->playback()->recording();
        QVERIFY(open);
        QCOMPARE(open->id, run["recording"].toInteger());
        const int frame = run["first_infraction_frame"].isNull() ? 0 : run["first_infraction_frame"].toInt();
        QCOMPARE(m_window->playback()->transport()->frame(), frame);
        // Its infractions are on the timeline.
        int infractions = 0;
        for (const Event& e : open->events) infractions += e.kind == EventKind::Infraction;
        QCOMPARE(infractions, int(run["infractions"].toArray().size()));
    }

    void twoRunsPlaySideBySideOnOneClock() {
        QTableWidget* table = panel()->scenarioTable();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(table->item(0, Panel::BothColumn)).center());
        ui::SideBySideView* view = m_window->sideBySide();
        QVERIFY(view && view->isVisible());
        const QJsonArray runs = panel()->result()["scenarios"].toArray()[0].toObject()["runs"].toArray();
        QCOMPARE(view->pane(0).recording->id, runs[0].toObject()["recording"].toInteger());
        QCOMPARE(view->pane(1).recording->id, runs[1].toObject()["recording"].toInteger());
        view->transport()->seek(20);
        QCOMPARE(view->frameOf(0), 20);
        QCOMPARE(view->frameOf(1), 20);
        QCOMPARE(view->pane(0).camera->frame(), 20);
        QCOMPARE(view->pane(1).camera->frame(), 20);
        // Playing moves both, frame for frame.
        view->transport()->play();
        QTest::qWait(600);
        view->transport()->pause();
        QVERIFY(view->frame() > 20);
        QCOMPARE(view->pane(0).camera->frame(), view->pane(1).camera->frame());
        // A seek in one timeline moves both.
        Q_EMIT view->pane(1).timeline->seekRequested(7);
        QCOMPARE(view->pane(0).camera->frame(), 7);
        QCOMPARE(view->pane(1).camera->frame(), 7);
        // The clock runs to the end of the longer run; the shorter one's last frame stays.
        const int lengths[2] = {int(view->pane(0).recording->frames.size()), int(view->pane(1).recording->frames.size())};
        QCOMPARE(view->transport()->frameCount(), std::max(lengths[0], lengths[1]));
        view->transport()->seek(view->transport()->frameCount() - 1);
        const int shorter = lengths[0] <= lengths[1] ? 0 : 1;
        QCOMPARE(view->pane(shorter).camera->frame(), lengths[shorter] - 1);
        QCOMPARE(view->pane(1 - shorter).camera->frame(), lengths[1 - shorter] - 1);
        QVERIFY(view->grab().save(testing::artifactsDir("evaluation") + "/closed_loop_side_by_side.png"));
    }

    // SIGTERM: the child stops inside the run in progress and prints the
    // runs that finished; they stay imported.
    void cancelKeepsTheFinishedRuns() {
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        const std::size_t before = p.recordings()->size();
        chooseKinds({"cut-in", "blocked-lane", "pedestrian-crossing", "emergency-vehicle", "normal"});
        panel()->scenarios()->setValue(5);
        QSignalSpy done(panel(), &Panel::finished);
        QVERIFY(panel()->run());
        // Until the third run is under way: two have finished.
        QTRY_VERIFY_WITH_TIMEOUT(panel()->stateLabel()->text().contains("(3/"), 120000);
        QTest::mouseClick(panel()->cancelButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        QVERIFY(panel()->result()["cancelled"].toBool());
        const int kept = panel()->scenarioTable()->rowCount();
        QVERIFY2(kept >= 1 && kept < 25, qPrintable(QString::number(kept)));
        QVERIFY2(panel()->stateLabel()->text().startsWith("Cancelled"), qPrintable(panel()->stateLabel()->text()));
        int runs = 0;
        for (const QJsonValue& s : panel()->result()["scenarios"].toArray()) runs += int(s.toObject()["runs"].toArray().size());
        QCOMPARE(p.recordings()->size(), before + std::size_t(runs));
        QVERIFY(!panel()->busy());
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestClosedLoopPanel)
#include "tst_closed_loop_panel.moc"
