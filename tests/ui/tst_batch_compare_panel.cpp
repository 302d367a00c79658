// SPDX-License-Identifier: MIT
// The batch comparison in a real window, against the real `corevla compare`
// child: two tiny models trained here (a few steps each) answer the
// project's takeover decisions; the tables equal the JSON the CLI prints
// for the same arguments, a decision opens its recording at its frame, an
// unknown model shows the child's error, and Cancel kills the child.
// Screenshot: $COREVLA_ARTIFACTS/evaluation/batch_compare.png.
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

#include "storage/recording_time.h"
#include "storage/run_store.h"
#include "tests/common/artifacts.h"
#include "tests/common/cli_run.h"
#include "tests/ui/tiny_models_fixture.h"
#include "tests/ui/table_lookup.h"
#include "ui/batch_compare_panel.h"
#include "ui/evaluation_panel.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/table_cells.h"
#include "ui/transport.h"

using namespace corevla;
using Panel = ui::BatchComparePanel;

namespace {

using testing::rowWith;
using testing::valueAt;

}  // namespace

class TestBatchComparePanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<ui::MainWindow> m_window;

    Panel* panel() const { return m_window->evaluation()->batch(); }

    void tick(const QStringList& names) {
        for (int i = 0; i < panel()->modelList()->count(); ++i) {
            QListWidgetItem* item = panel()->modelList()->item(i);
            item->setCheckState(names.contains(item->text().section("  ", 0, 0)) ? Qt::Checked : Qt::Unchecked);
        }
    }

    bool runAndWait(bool expected) {
        QSignalSpy done(panel(), &Panel::finished);
        QTest::mouseClick(panel()->runButton(), Qt::LeftButton);
        return done.wait(300000) && done.first().at(0).toBool() == expected;
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests-batch-compare");
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
        QCOMPARE(panel()->modelList()->count(), 2);
    }

    void twoToFourModels() {
        tick({"tiny a"});
        QString error;
        QVERIFY(panel()->arguments(&error).isEmpty());
        QVERIFY2(error.contains("2 to 4"), qPrintable(error));
        QVERIFY(!panel()->run());
    }

    // The tables hold what `corevla compare --json` prints for the same question.
    void tablesEqualTheJson() {
        tick({"tiny a", "tiny b"});
        QString error;
        const QStringList args = panel()->arguments(&error);
        QVERIFY2(args.contains("--json") && args.count("--model") == 2, qPrintable(error));
        QVERIFY(runAndWait(true));
        const auto r = testing::runCli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject models = json["models"].toObject();
        QCOMPARE(models.keys(), (QStringList{"tiny a", "tiny b"}));
        const QTableWidget* summary = panel()->summary();
        QCOMPARE(summary->rowCount(), 2);
        int categories = 0;
        for (const QString& name : models.keys()) {
            const QJsonObject m = models[name].toObject();
            const int row = rowWith(summary, 0, name);
            QVERIFY(row >= 0);
            QCOMPARE(valueAt(summary, row, 1), m["n"].toDouble());
            QCOMPARE(valueAt(summary, row, 2), m["agreement"].toDouble());
            QCOMPARE(valueAt(summary, row, 3), m["bleu4"].toDouble());
            QCOMPARE(valueAt(summary, row, 4), m["rouge1"].toDouble());
            QCOMPARE(valueAt(summary, row, 5), m["rouge_l"].toDouble());
            QCOMPARE(summary->item(row, 6)->text(), QString("–"));  // not refined from a registered model: no margin
            categories += int(m["by_category"].toObject().size());
        }
        QCOMPARE(panel()->byCategory()->rowCount(), categories);
        const QJsonArray decisions = json["decisions"].toArray();
        const QTableWidget* table = panel()->decisions();
        QVERIFY(decisions.size() >= 2);
        QCOMPARE(table->rowCount(), decisions.size());
        for (const QJsonValue& v : decisions) {
            const QJsonObject d = v.toObject();
            const int row = rowWith(table, Panel::Pair, QString::number(d["pair"].toInteger()));
            QVERIFY(row >= 0);
            QCOMPARE(valueAt(table, row, Panel::Frame), d["frame"].toDouble());
            QCOMPARE(table->item(row, Panel::Reference)->text(), d["reference"].toString());
            QCOMPARE(table->item(row, Panel::Category)->text(), d["category"].toString());
            int column = Panel::FirstModel;
            for (const QString& name : models.keys()) {
                const QJsonObject answer = d["models"].toObject()[name].toObject();
                QCOMPARE(table->horizontalHeaderItem(column)->text(), name);
                QCOMPARE(table->item(row, column)->text(), answer["action"].toString());
                QCOMPARE(table->item(row, column)->background().color(),
                         answer["agrees"].toBool() ? ui::kBetterBackground : ui::kWorseBackground);
                QVERIFY(table->item(row, column)->toolTip().contains(answer["answer"].toString().left(20).toHtmlEscaped()));
                QCOMPARE(valueAt(table, row, column + 1), answer["bleu4"].toDouble());
                QCOMPARE(valueAt(table, row, column + 2), answer["rouge_l"].toDouble());
                column += 3;
            }
        }
        QApplication::processEvents();
        const QString png = testing::artifactsDir("evaluation") + "/batch_compare.png";
        QVERIFY(m_window->grab().save(png));
        qInfo("screenshot: %s", qPrintable(png));
    }

    // A click, or Enter, on a decision: its recording, the playhead at its frame.
    void aDecisionOpensItsRecordingAtItsFrame() {
        QTableWidget* table = panel()->decisions();
        QVERIFY(table->rowCount() >= 2);
        for (int row : {table->rowCount() - 1, 0}) {
            QTableWidgetItem* item = table->item(row, Panel::Frame);
            table->scrollToItem(item);
            if (row == 0) {
                table->setFocus();
                table->setCurrentItem(item);
                QTest::keyClick(table, Qt::Key_Return);
            } else {
                QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(item).center());
            }
            const Recording* open = m_window->playback()->recording();
            QVERIFY(open);
            const QString recordingTip = table->item(row, Panel::Recording)->toolTip();
            QCOMPARE(recordingTip, QString("recording %1").arg(open->id));
            QCOMPARE(m_window->playback()->transport()->frame(), framePosition(*open, int(static_cast<ui::NumberItem*>(item)->value())));
        }
    }

    void anUnknownModelShowsTheChildsError() {
        tick({"tiny a"});
        panel()->otherModel()->setText("no such model");
        QVERIFY(runAndWait(false));
        const QString error = panel()->findChild<QLabel*>("compareError")->text();
        QVERIFY2(error.contains("no such model") && error.contains("neither a registered model"), qPrintable(error));
        panel()->otherModel()->clear();
    }

    void cancelKillsTheChild() {
        tick({"tiny a", "tiny b"});
        QSignalSpy done(panel(), &Panel::finished);
        QVERIFY(panel()->run());
        QTRY_VERIFY(panel()->childPid() > 0);
        const qint64 pid = panel()->childPid();
        QVERIFY(panel()->cancelButton()->isEnabled());
        QTest::mouseClick(panel()->cancelButton(), Qt::LeftButton);
        QVERIFY(done.wait(10000));
        QCOMPARE(done.first().at(0).toBool(), false);
        QCOMPARE(panel()->stateLabel()->text(), QString("Cancelled"));
        QVERIFY(!panel()->busy());
        QVERIFY(panel()->runButton()->isEnabled());
        QVERIFY(::kill(pid_t(pid), 0) != 0);  // gone, and reaped
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestBatchComparePanel)
#include "tst_batch_compare_panel.moc"
