// SPDX-License-Identifier: MIT
// The live comparison in a real window: two models trained here (tiny, real
// `corevla train` runs) decide at the frame on screen in their own `corevla
// decide` processes; during playback a column only ever shows the answer
// for the decision in force on screen, scrubbing back is answered from the
// cache at once, the answers equal the CLI's for the same frame, and a model
// that cannot load or whose process is killed is a message in its column
// while the others go on; a served model (a chat server inside the test)
// answers in its column, a slow one times out there. Also the decision
// grid, the prompt and the word diff on their own. Screenshot: $COREVLA_ARTIFACTS/compare/live.png.
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QTextBrowser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/types.h>

#include "dataset/frame_prompt.h"
#include "storage/project.h"
#include "storage/run_store.h"
#include "tests/common/artifacts.h"
#include "tests/common/chat_server.h"
#include "tests/common/cli_run.h"
#include "tests/common/pixels.h"
#include "tests/ui/runs_fixture.h"
#include "ui/compare_panel.h"
#include "ui/decision_client.h"
#include "ui/main_window.h"
#include "ui/model_registry_panel.h"
#include "ui/playback_workspace.h"
#include "ui/training_run.h"
#include "ui/transport.h"
#include "ui/word_diff.h"

using namespace corevla;

namespace {

Recording gridRecording(bool withDecisions) {
    Recording r;
    r.id = 1;
    r.fps = 10;
    for (int i = 0; i < 40; ++i) {
        Frame f;
        f.index = i + (i >= 20 ? 3 : 0);  // a gap in the numbering
        f.t = f.index / 10.0;
        r.frames.push_back(f);
    }
    if (withDecisions)
        for (int frame : {12, 30}) r.decisions.push_back(Decision{frame, frame / 10.0, "KEEP", "FOLLOW_LANE"});
    return r;
}

}  // namespace

class TestLiveCompare : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<ui::MainWindow> m_window;

    ui::ComparePanel* panel() const { return m_window->playback()->comparison(); }
    const Recording& recording() const { return *m_window->playback()->recording(); }
    bool answered(int column) const { return panel()->shownFrame(column) == panel()->decisionFrame() && panel()->decisionFrame() >= 0; }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests-live-compare");
        QSettings().clear();
        qputenv("COREVLA_NO_DIALOGS", "1");
        m_project = m_dir.filePath("compare.corevla");
        const QList<qint64> approved = testing::makeRunsProject(m_project);
        QVERIFY(approved.size() >= 4);
        QVERIFY(testing::writeTinyModelConfig(m_dir.filePath("tiny.json")));
        for (const qint64 seed : {1, 2}) {  // two registered models that answer differently
            ui::TrainingRun run(m_project);
            ui::RunConfig config = testing::tinySft(approved, m_dir.filePath("tiny.json"), 6);
            config.seed = seed;
            QSignalSpy done(&run, &ui::TrainingRun::finished);
            QVERIFY2(run.start(config), qPrintable(run.lastError()));
            QVERIFY(done.wait(300000));
            QCOMPARE(done.first().at(1).value<RunStatus>(), RunStatus::Completed);
        }
        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->openProject(m_project, false));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->playback()->isComplete(), 30000);
    }

    void wordDiffMarksWhatOnlyOneSaid() {
        const ui::WordDiff d = ui::diffWords("Slow down: a car is ahead. Decision: FOLLOW_LANE, DECELERATE.",
                                             "slow down, a car ahead. Decision: FOLLOW_LANE, STOP.");
        QCOMPARE(d.a.size(), 9);
        QCOMPARE(d.aShared, (QVector<bool>{true, true, true, true, false, true, true, true, false}));
        QCOMPARE(d.bShared, (QVector<bool>{true, true, true, true, true, true, true, false}));
        const ui::WordDiff empty = ui::diffWords("", "One");
        QVERIFY(empty.a.isEmpty());
        QCOMPARE(empty.bShared, QVector<bool>{false});
        QCOMPARE(ui::markedHtml({"a<b", "c"}, {true, false}, "#ff0"), QString("a&lt;b <span style='background:#ff0'>c</span>"));
    }

    // Where the recording's model decided, else every 0.5 s; frame numbers
    // with a gap.
    void decisionGrid() {
        const Recording decided = gridRecording(true);
        QCOMPARE(dataset::decisionFrameAt(decided, 3), 0);    // before its first decision: the grid
        QCOMPARE(dataset::decisionFrameAt(decided, 7), 5);
        QCOMPARE(dataset::decisionFrameAt(decided, 12), 12);
        QCOMPARE(dataset::decisionFrameAt(decided, 29), 12);
        QCOMPARE(dataset::decisionFrameAt(decided, 42), 30);
        QCOMPARE(dataset::nextDecisionFrame(decided, 5), 10);
        QCOMPARE(dataset::nextDecisionFrame(decided, 10), 12);
        QCOMPARE(dataset::nextDecisionFrame(decided, 12), 30);
        QCOMPARE(dataset::nextDecisionFrame(decided, 30), -1);
        const Recording plain = gridRecording(false);
        QCOMPARE(dataset::decisionFrameAt(plain, 19), 15);
        QCOMPARE(dataset::decisionFrameAt(plain, 21), 15);  // 20-22 are missing
        QCOMPARE(dataset::decisionFrameAt(plain, 23), 23);  // the first frame past 2.0 s
        QCOMPARE(dataset::nextDecisionFrame(plain, 15), 23);
        QCOMPARE(dataset::decisionFrameAt(Recording{}, 3), -1);
    }

    // The prompt at a frame: 5 frames 0.5 s apart from the front camera, as JPEG,
    // with the pairs' question and one <image> per frame.
    void promptAtAFrame() {
        dataset::FramePrompter prompter;
        std::string error;
        const int frame = recording().frames[recording().frames.size() / 2].index;
        const auto p = prompter.at(recording(), frame, &error);
        QVERIFY2(p, error.c_str());
        QCOMPARE(p->frame, frame);
        QCOMPARE(p->images.size(), std::size_t(5));
        QCOMPARE(p->promptFrames.back(), frame);
        for (const std::string& jpeg : p->images) QVERIFY(jpeg.size() > 100 && std::uint8_t(jpeg[0]) == 0xFF && std::uint8_t(jpeg[1]) == 0xD8);
        QVERIFY(QString::fromStdString(p->prompt).startsWith("<image><image><image><image><image>\n"));
        QVERIFY(QString::fromStdString(p->prompt).contains("What should the ego vehicle do now"));
    }

    // The two newest registered models are picked; once the panel is seen both
    // answer the frame on screen, with the CLI's answer for that frame.
    void bothModelsAnswerTheFrameOnScreen() {
        QCOMPARE(panel()->model(0).isEmpty(), false);
        QCOMPARE(panel()->model(1).isEmpty(), false);
        m_window->playback()->action("compareModels")->trigger();
        QTRY_VERIFY(panel()->isVisible());
        m_window->playback()->transport()->seek(int(recording().frames.size()) / 3);
        QTRY_VERIFY_WITH_TIMEOUT(answered(0) && answered(1), 60000);
        QVERIFY(panel()->referenceText().contains("did"));
        QVERIFY(!panel()->shownText(0).isEmpty());

        Project project;
        QVERIFY(project.open(m_project.toStdString(), Project::Mode::OpenExisting));
        const auto models = RunStore(project).models();
        QVERIFY(models && models->size() == 2);
        // The CLI, asked the same, says the same.
        QProcess cli;
        cli.start(qEnvironmentVariable("COREVLA_CLI"), {"decide", "--project", m_project, "--model", panel()->model(0)});
        cli.write(QString("{\"id\":1,\"recording\":%1,\"frame\":%2}\n").arg(recording().id).arg(panel()->decisionFrame()).toUtf8());
        cli.closeWriteChannel();
        QVERIFY(cli.waitForFinished(120000));
        const QList<QByteArray> lines = cli.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].contains("\"ready\":true"));
        const QJsonObject answer = QJsonDocument::fromJson(lines[1]).object();
        QCOMPARE(answer.value("frame").toInt(), panel()->decisionFrame());
        QCOMPARE(answer.value("text").toString(), panel()->shownText(0));
        QCOMPARE(answer.value("error").toString(), QString());
        // The picture of it.
        QApplication::processEvents();
        const QImage image = m_window->grab().toImage();
        QVERIFY(testing::distinctColors(image) > 50);
        QVERIFY(image.save(testing::artifactsDir("compare") + "/live.png"));
    }

    // During playback no column ever shows an answer for another frame than
    // the decision in force; answers do come; scrubbing back is instant.
    void playbackNeverShowsAStaleAnswer() {
        ui::Transport* t = m_window->playback()->transport();
        int frames = 0, stale = 0, shown = 0;
        const auto check = [&] {
            ++frames;
            const int inForce = dataset::decisionFrameAt(recording(), recording().frames[std::size_t(t->frame())].index);
            QCOMPARE(panel()->decisionFrame(), inForce);
            for (int c = 0; c < 2; ++c) {
                // What the column shows, read off the screen: the answer for the decision
                // in force, or nothing.
                const QString onScreen = m_window->findChild<QTextBrowser*>(QString("compareText%1").arg(c))->toPlainText().simplified();
                const ui::LiveAnswer* answer = panel()->client(c)->cached(recording().id, inForce);
                stale += onScreen != (answer ? answer->text.simplified() : QString());
                shown += answer && !onScreen.isEmpty();
            }
        };
        const auto connection = connect(t, &ui::Transport::frameChanged, this, check);
        QSignalSpy answers(panel(), &ui::ComparePanel::answerShown);
        const int start = t->frame();
        t->setRate(2);
        t->play();
        QTest::qWait(4000);
        t->pause();
        disconnect(connection);
        QVERIFY2(frames > 20, qPrintable(QString::number(frames)));
        QCOMPARE(stale, 0);
        QVERIFY2(shown > 0 && answers.count() >= 2, qPrintable(QString("%1 shown, %2 answers").arg(shown).arg(answers.count())));
        for (const QList<QVariant>& a : answers) QVERIFY(a.at(1).toInt() >= 0);
        // Back to where playback started: answered from the cache, in the same event.
        t->seek(start);
        QVERIFY(answered(0) && answered(1));
    }

    // A model that cannot load, and one whose process dies: a message in its
    // column; the other model goes on answering.
    void aFailingModelIsAMessageInItsColumn() {
        panel()->setModel(2, m_dir.filePath("no-such-checkpoint"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel()->shownError(2).isEmpty(), 30000);
        QVERIFY2(panel()->shownError(2).contains("no-such-checkpoint"), qPrintable(panel()->shownError(2)));
        const qint64 pid = panel()->client(1)->processId();
        QVERIFY(pid > 0);
        ::kill(pid_t(pid), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(!panel()->shownError(1).isEmpty(), 10000);
        m_window->playback()->transport()->seek(m_window->playback()->transport()->frameCount() - 1);
        QTRY_VERIFY_WITH_TIMEOUT(answered(0), 60000);
        QVERIFY(!answered(1));
        // Picked again in its list, it starts afresh.
        auto* picker = m_window->findChild<QComboBox*>("comparePicker1");
        QVERIFY(picker);
        Q_EMIT picker->activated(picker->currentIndex());
        QTRY_VERIFY_WITH_TIMEOUT(answered(1), 60000);
        panel()->setModel(2, {});
    }

    // Served models registered as the Models tab registers them: a good one
    // answers in its column; a slow one is a timeout message there, and the
    // others and the window go on meanwhile.
    void aServedModelAnswersOrSaysWhyNot() {
        testing::ChatServer good, slow;
        slow.mode = testing::ChatServer::Mode::Slow;
        Project project;
        QVERIFY(project.open(m_project.toStdString(), Project::Mode::OpenExisting));
        ui::ModelRegistryPanel registry;
        registry.setProject(&project);
        ServedModel served;
        served.model = "qwen2.5-vl-7b";
        served.baseUrl = good.url();
        QVERIFY(registry.addServedModel("served", served));
        served.baseUrl = slow.url();
        served.timeoutS = 0.5;
        QVERIFY(registry.addServedModel("slow served", served));
        const auto models = RunStore(project).models();
        QVERIFY(models && models->size() == 4 && models->back().backend == "openai");
        QCOMPARE(models->back().location, "openai:qwen2.5-vl-7b@" + slow.url() + "?timeout=0.5");
        panel()->setModel(2, QString::number((*models)[2].id));
        panel()->setModel(3, QString::number((*models)[3].id));
        m_window->playback()->transport()->seek(1);
        QTRY_VERIFY_WITH_TIMEOUT(answered(2), 30000);
        QCOMPARE(panel()->shownText(2), QString("Slow down: a car cuts in. Decision: FOLLOW_LANE, DECELERATE."));
        QVERIFY(good.lastRequest().find("data:image/jpeg;base64,") != std::string::npos);
        QTRY_VERIFY_WITH_TIMEOUT(panel()->shownError(3).contains("no answer within"), 30000);
        QVERIFY(answered(0) && answered(1) && answered(2));
        panel()->setModel(2, {});
        panel()->setModel(3, {});
    }
};

QTEST_MAIN(TestLiveCompare)
#include "tst_live_compare.moc"
