// SPDX-License-Identifier: MIT
// Playback end to end in a real window: open the sample project, open a
// recording, drive it with the keyboard only, and check that every panel shows
// the frame the clock says.
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "importers/import_runner.h"
#include "importers/media/frame_source.h"
#include "tests/common/shared_sample.h"
#include "storage/project.h"
#include "ui/bev_view.h"
#include "ui/camera_panel.h"
#include "ui/camera_view.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/reasoning_panel.h"
#include "ui/signals_panel.h"
#include "ui/timeline_widget.h"
#include "ui/transport.h"

using namespace corevla;

class TestPlayback : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<ui::MainWindow> m_window;

    ui::PlaybackWorkspace* playback() const { return m_window->playback(); }
    ui::Transport* transport() const { return playback()->transport(); }
    const Recording& recording() const { return *playback()->recording(); }

    std::int64_t findRecording(SourceKind source, int takeovers, int infractions) {
        Project p;
        if (!p.open(m_project.toStdString(), Project::Mode::OpenExisting)) return 0;
        const auto recordings = p.recordings();
        for (const auto& r : recordings.value())
            if (r.source == source && r.takeovers >= takeovers && r.infractions >= infractions) return r.id;
        return 0;
    }

    void key(Qt::Key k, Qt::KeyboardModifiers mods = Qt::NoModifier) { QTest::keyClick(m_window.get(), k, mods); }

    // Every panel agrees with the clock. `frame` is the clock's position; what
    // a person sees and types is the recording's Frame::index there.
    void verifyAllPanelsAt(int frame) {
        const Frame& f = recording().frames.at(frame);
        QCOMPARE(transport()->frame(), frame);
        QCOMPARE(playback()->timeline()->frame(), f.index);
        QCOMPARE(playback()->cameras()->frame(), frame);
        for (const ui::CameraView* view : playback()->cameras()->views()) {
            QCOMPARE(view->frame(), frame);
            QCOMPARE(view->index(), f.index);
        }
        QCOMPARE(playback()->signalPlots()->playheadTime(), f.t);
        int expectedRow = -1;  // the last decision at or before the frame
        for (int i = 0; i < int(recording().decisions.size()); ++i)
            if (recording().decisions[i].frame <= f.index) expectedRow = i;
        QCOMPARE(playback()->reasoning()->currentRow(), expectedRow);
        if (expectedRow >= 0 && !recording().decisions[expectedRow].reasoning.empty())
            QCOMPARE(playback()->reasoning()->reasoningText(), QString::fromStdString(recording().decisions[expectedRow].reasoning));
        QVERIFY(playback()->reasoning()->authorityText().contains(f.authority == Authority::Driver ? "DRIVER" : "MODEL"));
        const auto* clock = playback()->toolBar()->findChild<QLabel*>();
        QVERIFY2(clock->text().contains(QString("frame <b>%1</b>").arg(f.index)), qPrintable(clock->text()));
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests");
        QSettings().clear();
        std::filesystem::path sampleDir;
        const auto made = testing::sharedSmallSample(&sampleDir);
        QVERIFY2(made.ok, made.error.c_str());
        m_project = m_dir.filePath("playback.corevla");
        Project project;
        QVERIFY(project.open(m_project.toStdString(), Project::Mode::OpenOrCreate));
        const auto report = importers::ImportRunner().run(project, {sampleDir}, {});
        QVERIFY(report.ok());

        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->openProject(m_project, false));
    }

    void reviewsACaveTakeoverWithTheKeyboard() {
        const auto id = findRecording(SourceKind::CaveSession, 2, 0);
        QVERIFY(id > 0);
        QVERIFY(m_window->openRecording(id));
        QCOMPARE(transport()->frameCount(), int(recording().frames.size()));
        // Keys must reach playback, not the library's filter box.
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(playback()->cameras()));
        verifyAllPanelsAt(0);

        key(Qt::Key_Space);  // play
        QVERIFY(transport()->isPlaying());
        QTRY_VERIFY(transport()->frame() >= 3);
        key(Qt::Key_Space);  // pause
        QVERIFY(!transport()->isPlaying());
        const int paused = transport()->frame();
        verifyAllPanelsAt(paused);

        key(Qt::Key_Right);
        key(Qt::Key_Period);
        verifyAllPanelsAt(paused + 2);
        key(Qt::Key_Left);
        verifyAllPanelsAt(paused + 1);
        key(Qt::Key_Comma);
        verifyAllPanelsAt(paused);
        key(Qt::Key_Home);
        verifyAllPanelsAt(0);

        // T: the first takeover, where the driver has authority.
        int firstTakeover = -1, secondTakeover = -1;
        for (const Event& e : recording().events)
            if (e.kind == EventKind::TakeoverStart) (firstTakeover < 0 ? firstTakeover : secondTakeover) = e.frame;
        QVERIFY(firstTakeover > 0 && secondTakeover > firstTakeover);
        key(Qt::Key_T);
        verifyAllPanelsAt(firstTakeover);
        QCOMPARE(recording().frames[firstTakeover].authority, Authority::Driver);
        key(Qt::Key_T);
        verifyAllPanelsAt(secondTakeover);
        key(Qt::Key_T, Qt::ShiftModifier);
        verifyAllPanelsAt(firstTakeover);

        // The camera shows exactly that frame once decoded (frame-exact video seek).
        QTRY_COMPARE(playback()->cameras()->frontView()->shownFrame(), firstTakeover);

        // J/K/L shuttle.
        key(Qt::Key_L);
        key(Qt::Key_L);
        QCOMPARE(transport()->rate(), 2.0);
        key(Qt::Key_K);
        QVERIFY(!transport()->isPlaying());
        key(Qt::Key_J);
        QCOMPARE(transport()->rate(), -1.0);
        key(Qt::Key_K);
        key(Qt::Key_End);
        verifyAllPanelsAt(int(recording().frames.size()) - 1);
    }

    void reviewsABench2DriveInfraction() {
        const auto id = findRecording(SourceKind::Bench2DriveEval, 0, 2);
        QVERIFY(id > 0);
        QVERIFY(m_window->openRecording(id));
        verifyAllPanelsAt(0);
        int infraction = -1;
        for (const Event& e : recording().events)
            if (e.kind == EventKind::Infraction && e.frame >= 0) infraction = e.frame;
        QVERIFY(infraction > 0);
        key(Qt::Key_X);  // I sets a segment's in point
        verifyAllPanelsAt(infraction);
        QTRY_VERIFY(playback()->birdsEye()->lastDrawnObjects() > 0);
        QTRY_VERIFY(std::all_of(playback()->cameras()->views().begin(), playback()->cameras()->views().end(),
                                [&](const ui::CameraView* v) { return v->shownFrame() == infraction; }));
        key(Qt::Key_D, Qt::ShiftModifier);  // the decision in force at the infraction
        QVERIFY(transport()->frame() < infraction);
        key(Qt::Key_X);
        verifyAllPanelsAt(infraction);
        QTRY_VERIFY(std::all_of(playback()->cameras()->views().begin(), playback()->cameras()->views().end(),
                                [&](const ui::CameraView* v) { return v->shownFrame() == infraction; }));

        const QString artifacts = qEnvironmentVariable("COREVLA_ARTIFACTS", QDir::tempPath());
        QDir().mkpath(artifacts);
        const QString shot = artifacts + "/playback-main-window.png";
        QVERIFY(m_window->grab().save(shot));
        qInfo("screenshot: %s", qPrintable(shot));
    }

    // A long recording opens with a first look at its first frames; the rest
    // arrives from a worker and extends it without moving the playhead. A
    // load superseded by opening another recording never lands.
    void aLongRecordingOpensAtOnceAndFillsIn() {
        std::int64_t longId = 0, otherId = findRecording(SourceKind::CaveSession, 1, 0);
        {
            Project p;
            QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
            Recording r;
            r.source = SourceKind::CaveSession;
            r.name = "long-synthetic";
            r.root = m_dir.filePath("long-synthetic").toStdString();  // no media: views show what is missing
            r.fps = 10;
            r.cameras.push_back({"front", MediaKind::Video, "front.mp4", 960, 540, 90, 20, false, ""});
            const int n = 4 * ui::MainWindow::kFirstLook;
            for (int i = 0; i < n; ++i) {
                Frame f;
                f.index = i;
                f.t = i / 10.0;
                f.egoX = i;
                f.speed = 5 + (i % 50) / 10.0;
                f.authority = i % 400 < 40 ? Authority::Driver : Authority::Model;
                f.driver = Controls{0.2f, 0.f, 0.f};
                r.frames.push_back(f);
            }
            r.durationS = n / 10.0;
            const auto stored = p.store(r);
            QCOMPARE(stored.outcome, Project::StoreOutcome::Inserted);
            longId = stored.id;
        }
        QSignalSpy loaded(m_window.get(), &ui::MainWindow::recordingLoaded);
        QVERIFY(m_window->openRecording(longId));
        QVERIFY(!playback()->isComplete());
        QCOMPARE(int(recording().frames.size()), ui::MainWindow::kFirstLook);
        transport()->seek(123);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.last().at(0).toLongLong(), longId);
        QVERIFY(playback()->isComplete());
        QCOMPARE(int(recording().frames.size()), 4 * ui::MainWindow::kFirstLook);
        QCOMPARE(transport()->frameCount(), 4 * ui::MainWindow::kFirstLook);
        verifyAllPanelsAt(123);
        key(Qt::Key_End);
        verifyAllPanelsAt(4 * ui::MainWindow::kFirstLook - 1);

        // Open the long one and, before its load lands, another: the other stays.
        loaded.clear();
        QVERIFY(m_window->openRecording(longId));
        QVERIFY(m_window->openRecording(otherId));
        QTest::qWait(1500);
        QCOMPARE(recording().id, otherId);
        QVERIFY(playback()->isComplete());
        for (const auto& args : loaded) QCOMPARE(args.at(0).toLongLong(), otherId);
    }

    // A clip whose anno numbering has a gap (frame 5 skipped on import): at
    // the position where frame 6 plays, everything says 6 and the cameras
    // show image 00006, pixel for pixel.
    void aGapInTheNumberingShowsFrameIndicesEverywhere() {
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        const auto recordings = p.recordings();
        std::int64_t clipId = 0;
        for (const auto& r : *recordings)
            if (r.source == SourceKind::Bench2DriveClip) clipId = r.id;
        auto clip = p.load(clipId);
        QVERIFY(clip);
        clip->frames.erase(clip->frames.begin() + 5);
        playback()->open(*clip);
        transport()->seek(5);
        verifyAllPanelsAt(5);
        QCOMPARE(recording().frames[5].index, 6);
        const ui::CameraView* view = playback()->cameras()->views().first();
        QTRY_COMPARE(view->shownFrame(), 5);
        const QImage shown = view->image().convertToFormat(QImage::Format_RGB888);
        const auto decode = [&](int index) {
            std::string error;
            cv::Mat bgr = importers::makeFrameSource(recording(), std::size_t(view->camera()))
                              ->read(index, index / recording().fps, shown.width(), &error);
            cv::Mat rgb;
            cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
            return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
        };
        QCOMPARE(shown, decode(6));
        QVERIFY(shown != decode(5));
    }
};

QTEST_MAIN(TestPlayback)
#include "tst_playback.moc"
