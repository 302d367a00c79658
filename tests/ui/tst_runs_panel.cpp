// SPDX-License-Identifier: MIT
// The runs panel in a real window: the pair count follows the filters, a
// launched run fills the charts live and lands in the history with its
// curves, two runs compare side by side, a workstation restarted over a run
// left "running" shows it interrupted, and the model registry forgets a
// model others depend on only when asked twice. Screenshots go to
// $COREVLA_ARTIFACTS/runs.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/run_store.h"
#include "tests/common/artifacts.h"
#include "tests/common/pixels.h"
#include "tests/ui/runs_fixture.h"
#include "ui/main_window.h"
#include "ui/model_registry_panel.h"
#include "ui/run_charts.h"
#include "ui/runs_panel.h"
#include "ui/training_run.h"

using namespace corevla;

class TestRunsPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    QList<qint64> m_approved;
    std::unique_ptr<ui::MainWindow> m_window;

    ui::RunsPanel* panel() const { return m_window->runs(); }

    void shoot(const QString& name) {
        QApplication::processEvents();
        const QImage image = m_window->grab().toImage();
        QVERIFY2(testing::distinctColors(image) > 50, qPrintable(name));
        QVERIFY(image.save(testing::artifactsDir("runs") + "/" + name));
        qInfo("screenshot: %s", qPrintable(testing::artifactsDir("runs") + "/" + name));
    }

    QString historyCell(qint64 run, int column) const {
        for (int row = 0; row < panel()->history()->rowCount(); ++row)
            if (panel()->history()->item(row, 0)->text() == QString::number(run)) return panel()->history()->item(row, column)->text();
        return {};
    }

    qint64 launchAndFinish(RunStatus expected = RunStatus::Completed) {
        QSignalSpy done(panel(), &ui::RunsPanel::runFinished);
        QTest::mouseClick(panel()->launchButton(), Qt::LeftButton);
        if (!done.wait(300000)) return 0;
        if (done.first().at(1).toInt() != int(expected)) return 0;
        return done.first().at(0).toLongLong();
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests-runs");
        QSettings().clear();
        qputenv("COREVLA_NO_DIALOGS", "1");
        m_project = m_dir.filePath("runs.corevla");
        m_approved = testing::makeRunsProject(m_project);
        QVERIFY(m_approved.size() >= 4);
        QVERIFY(testing::writeTinyModelConfig(m_dir.filePath("tiny.json")));
        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->openProject(m_project, false));
        panel()->setModelConfig(m_dir.filePath("tiny.json"));
        panel()->focusPanel();
    }

    void theCountFollowsTheFilters() {
        QCOMPARE(panel()->matchingPairs(), m_approved.size());
        QVERIFY(panel()->countLabel()->text().contains(QString::number(m_approved.size())));
        panel()->statusBox()->setCurrentIndex(panel()->statusBox()->findData("draft"));
        QCOMPARE(panel()->matchingPairs(), 0);
        QVERIFY(panel()->countLabel()->text().contains("0 pair"));
        panel()->statusBox()->setCurrentIndex(panel()->statusBox()->findData("approved"));
        QCOMPARE(panel()->matchingPairs(), m_approved.size());
    }

    // SFT then DPO launched from the form; the charts fill while it runs.
    void aLaunchedRunFillsTheChartsAndTheHistory() {
        panel()->kindBox()->setCurrentIndex(panel()->kindBox()->findData("sft"));
        QCOMPARE(panel()->baseModelBox()->currentData().toLongLong(), 0);  // a new model
        panel()->stepsBox()->setValue(40);
        QSignalSpy metrics(panel()->training(), &ui::TrainingRun::metricsAdded);
        QSignalSpy done(panel(), &ui::RunsPanel::runFinished);
        QTest::mouseClick(panel()->launchButton(), Qt::LeftButton);
        QVERIFY(!panel()->launchButton()->isEnabled() && panel()->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(metrics.size() >= 3, 120000);
        QVERIFY(panel()->charts()->pointCount("loss") >= 1);  // live, before the end
        QVERIFY(panel()->progress()->value() > 0);
        shoot("runs-panel-during-a-run.png");
        QVERIFY(done.wait(300000));
        const qint64 sft = done.first().at(0).toLongLong();
        QCOMPARE(done.first().at(1).toInt(), int(RunStatus::Completed));
        QCOMPARE(historyCell(sft, 2), QString("completed"));
        QVERIFY(panel()->charts()->pointCount("loss") >= 40 / 10);
        QCOMPARE(panel()->progress()->value(), panel()->progress()->maximum());
        QVERIFY(panel()->launchButton()->isEnabled());

        panel()->kindBox()->setCurrentIndex(panel()->kindBox()->findData("dpo"));
        QVERIFY(panel()->baseModelBox()->currentText().contains(QString("run %1").arg(sft)));  // the model it just made
        panel()->stepsBox()->setValue(20);
        const qint64 dpo = launchAndFinish();
        QVERIFY(dpo);
        QVERIFY(panel()->charts()->seriesCount("rewards/margins") >= 1);
        QVERIFY(panel()->selectRuns({sft, dpo}));
        QCOMPARE(panel()->comparison()->columnCount(), 2);
        QCOMPARE(panel()->charts()->seriesCount("loss"), 4);  // train and eval of each
        shoot("runs-panel-two-runs-compared.png");
    }

    void cancelFromThePanel() {
        panel()->kindBox()->setCurrentIndex(panel()->kindBox()->findData("sft"));
        panel()->baseModelBox()->setCurrentIndex(0);
        panel()->stepsBox()->setValue(100000);
        QSignalSpy metrics(panel()->training(), &ui::TrainingRun::metricsAdded);
        QSignalSpy done(panel(), &ui::RunsPanel::runFinished);
        QTest::mouseClick(panel()->launchButton(), Qt::LeftButton);
        QVERIFY(metrics.wait(120000));
        QTest::mouseClick(panel()->cancelButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        QCOMPARE(historyCell(done.first().at(0).toLongLong(), 2), QString("cancelled"));
        QCOMPARE(historyCell(done.first().at(0).toLongLong(), 5), QString());  // no model
    }

    // A model a run depends on is forgotten only when the person says so twice.
    void aModelOthersDependOnIsKeptUntilAskedTwice() {
        ui::ModelRegistryPanel* models = panel()->models();
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        const auto all = testing::rows(RunStore(p).models());
        QVERIFY(all.size() >= 2);
        const std::int64_t sftModel = all.front().id;  // the DPO run refined it
        int asked = 0;
        models->confirm = [&](const QString&) { return ++asked == 1; };  // yes, then no
        QVERIFY(!models->removeModel(sftModel));
        QCOMPARE(asked, 2);
        QVERIFY(RunStore(p).model(sftModel));
        asked = 0;
        models->confirm = [&](const QString&) { return ++asked > 0; };
        QVERIFY(models->removeModel(sftModel));
        QCOMPARE(asked, 2);
        QVERIFY(!RunStore(p).model(sftModel));
        QCOMPARE(models->table()->rowCount(), int(all.size()) - 1);
    }

    // The workstation died mid-run: the next start shows the run interrupted.
    void aRestartShowsARunLeftRunningAsInterrupted() {
        std::int64_t ghost = 0;
        {
            Project p;
            QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
            Run r;
            r.kind = RunKind::Dpo;
            r.config = R"({"filter":"approved"})";
            r.folder = m_dir.filePath("ghost").toStdString();
            ghost = RunStore(p).insertRun(r).value_or(0);
            const pid_t child = fork();
            if (child == 0) _exit(0);
            QVERIFY(child > 0 && waitpid(child, nullptr, 0) == child);
            QVERIFY(p.database().exec("UPDATE runs SET owner_pid = " + std::to_string(child) + " WHERE id = " + std::to_string(ghost)));
        }
        m_window.reset();
        m_window = std::make_unique<ui::MainWindow>();
        m_window->show();
        QVERIFY(m_window->openProject(m_project, false));
        QCOMPARE(historyCell(ghost, 2), QString("interrupted"));
        panel()->focusPanel();
        shoot("runs-panel-after-restart.png");
    }
};

QTEST_MAIN(TestRunsPanel)
#include "tst_runs_panel.moc"
