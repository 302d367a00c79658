// SPDX-License-Identifier: MIT
// The Cameras panel on generated sample recordings (offscreen): six views for
// a Bench2Drive clip, images decoded at the views' size, a placeholder naming
// a missing file, the attention heat map and waypoints on a CAVE session, the
// projection math, and the event loop while playing. Screenshots go to
// $COREVLA_ARTIFACTS (else the temp folder).
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMenu>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include "importers/bench2drive/bench2drive_clip.h"
#include "importers/cave/cave_session.h"
#include "tests/common/shared_sample.h"
#include "ui/camera_panel.h"
#include "ui/camera_view.h"
#include "ui/overlay.h"
#include "ui/transport.h"

using namespace corevla;
using namespace corevla::ui;
namespace fs = std::filesystem;

namespace {

Recording importOne(const importers::Importer& importer, const fs::path& path) {
    importers::ImportOptions options;
    options.hashMedia = false;
    auto result = importer.read(path, options);
    return result.recordings.empty() ? Recording{} : result.recordings.front();
}

bool allShow(const CameraPanel& panel, int frame) {
    for (CameraView* view : panel.views())
        if (view->shownFrame() != frame || (view->image().isNull() && view->errorText().isEmpty())) return false;
    return !panel.views().isEmpty();
}

QString artifact(const QString& name) {
    const QString dir = qEnvironmentVariable("COREVLA_ARTIFACTS", QDir::tempPath());
    QDir().mkpath(dir);
    return QDir(dir).filePath(name);
}

}  // namespace

class TestCameraPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Recording m_clip, m_cave;  // m_clip: the clip with missing images

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::path sampleDir;
        const auto made = testing::sharedSmallSample(&sampleDir);
        QVERIFY2(made.ok, made.error.c_str());
        for (const auto& entry : fs::directory_iterator(sampleDir / "bench2drive")) {
            Recording clip = importOne(importers::Bench2DriveClipImporter(), entry.path());
            for (const Frame& f : clip.frames)
                if (f.missingCameras) m_clip = clip;
        }
        for (const auto& entry : fs::directory_iterator(sampleDir / "cave"))
            if (m_cave.cameras.empty()) m_cave = importOne(importers::CaveSessionImporter(), entry.path());
        QCOMPARE(int(m_clip.cameras.size()), 6);
        QCOMPARE(int(m_cave.cameras.size()), 2);
    }

    void projectsAPointStraightAheadBelowTheHorizonAtTheCentre() {
        const CameraModel cave = defaultFrontModel(960, 540, 90);
        const auto ahead = projectGround(cave, {{10.f, 0.f}, {-5.f, 0.f}, {10.f, 3.f}});
        QCOMPARE(ahead.size(), 2);  // the point behind is dropped
        QCOMPARE(ahead[0].pixel.x(), 480.0);
        QVERIFY(ahead[0].pixel.y() > 270);  // on the ground: below the horizon
        QCOMPARE(ahead[0].depth, 9.2);      // 10 m ahead of the ego, 0.8 m ahead of the camera
        QCOMPARE(ahead[0].pixel.y(), 270 + 480 * 1.6 / 9.2);  // f = W / (2 tan 45°) = 480
        QVERIFY(ahead[1].pixel.x() > 480);  // y is to the right

        const int front = CameraPanel::frontCamera(m_clip.cameras);
        QCOMPARE(m_clip.cameras[front].name, std::string("rgb_front"));
        const auto model = calibratedModel(m_clip.cameras[front]);
        QVERIFY(model.has_value());
        const auto b2d = projectGround(*model, {{12.f, 0.f}});
        QCOMPARE(b2d.size(), 1);
        QVERIFY(std::abs(b2d[0].pixel.x() - 800) < 1e-6);
        QVERIFY(b2d[0].pixel.y() > 450 && b2d[0].pixel.y() < 900);
        // A camera looking backwards sees nothing ahead.
        QVERIFY(projectGround(*calibratedModel(m_clip.cameras[3]), {{12.f, 0.f}}).isEmpty());
    }

    void showsSixViewsImagesAndAPlaceholderForAMissingFile() {
        CameraPanel panel;
        panel.resize(1500, 620);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecording(m_clip, m_clip.root);
        QCOMPARE(panel.views().size(), 6);
        QCOMPARE(panel.views()[0]->name(), QString("rgb_front"));
        QTRY_VERIFY_WITH_TIMEOUT(allShow(panel, 0), 20000);
        for (CameraView* view : panel.views()) {
            QVERIFY(view->errorText().isEmpty());
            QCOMPARE(view->image().width(), view->requestWidth());  // decoded at the view's size
        }

        panel.setFrame(20);  // rgb_back_left/00020.jpg is missing in this clip
        QTRY_VERIFY_WITH_TIMEOUT(allShow(panel, 20), 20000);
        for (CameraView* view : panel.views()) {
            if (view->name() == "rgb_back_left")
                QCOMPARE(view->errorText(), QString("camera/rgb_back_left/00020.jpg: file is missing"));
            else
                QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        }
        QVERIFY(!panel.canShowWaypoints());  // dataset clips carry no plan; CAVE sessions do (below)
        QVERIFY(panel.grab().save(artifact("camera_panel_bench2drive.png")));

        // Choosing cameras from the menu: rgb_back off, then only two.
        QMenu* cameras = panel.menu()->actions().first()->menu();
        QVERIFY(cameras);
        QAction* back = cameras->actions().at(3);
        QCOMPARE(back->text(), QString("rgb_back"));
        back->trigger();
        QCOMPARE(panel.views().size(), 5);
        QVERIFY(!panel.shownCameras().contains(3));
        panel.setShownCameras({0, 3});
        QCOMPARE(panel.views().size(), 2);
        QVERIFY(back->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(allShow(panel, 20), 20000);
    }

    void caveShowsTheFrontWithAttentionAndWaypoints() {
        CameraPanel panel;
        panel.resize(1000, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecording(m_cave, m_cave.root);
        QCOMPARE(panel.views().size(), 1);  // the attention map is an overlay, not a view
        QCOMPARE(panel.views()[0]->name(), QString("front"));
        QVERIFY(panel.canShowAttention());
        QVERIFY(panel.canShowWaypoints());
        // A frame into the session with a plan reaching 15 m ahead (a stopped
        // car plans within a metre: behind the camera, nothing to draw).
        const auto reach = [&](int f) { return m_cave.frames[f].waypoints.empty() ? 0.f : m_cave.frames[f].waypoints.back().first; };
        int frame = 12;
        while (frame + 1 < int(m_cave.frames.size()) && reach(frame) < 15) ++frame;
        panel.setFrame(frame);
        QTRY_VERIFY_WITH_TIMEOUT(allShow(panel, panel.frame()) && panel.views()[0]->hasHeat(), 20000);
        QVERIFY(panel.views()[0]->errorText().isEmpty());
        QVERIFY(panel.views()[0]->waypoints().size() >= 3);
        QVERIFY(panel.grab().save(artifact("camera_panel_cave.png")));
        // The overlay toggles, as the toolbar and context menu use them.
        QAction* waypoints = panel.menu()->actions().at(2);
        QVERIFY(waypoints->isChecked());
        waypoints->trigger();
        QVERIFY(!panel.waypointsShown());
        QVERIFY(panel.views()[0]->waypoints().isEmpty());
        panel.setAttentionShown(false);
        QVERIFY(!panel.views()[0]->hasHeat());
    }

    void playsToTheEndShowingEveryCamera() {
        CameraPanel panel;
        panel.resize(1500, 620);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        Transport transport;
        panel.setTransport(&transport);
        panel.setRecording(m_clip, m_clip.root);
        transport.setRange(int(m_clip.frames.size()), m_clip.fps);
        QTRY_VERIFY_WITH_TIMEOUT(allShow(panel, 0), 20000);
        // A plain event loop: QTRY_* and qWait() sleep between event batches.
        QEventLoop loop;
        connect(&transport, &Transport::playingChanged, &loop, [&](bool playing) {
            if (!playing) loop.quit();
        });
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        transport.setRate(2);
        transport.play();
        loop.exec();
        QCOMPARE(transport.frame(), int(m_clip.frames.size()) - 1);
        QTRY_VERIFY_WITH_TIMEOUT(allShow(panel, transport.frame()), 20000);
        // How long the event loop stalls while playing is measured by
        // tests/bench/bench_gui_stall, not asserted here.
    }
};

QTEST_MAIN(TestCameraPanel)
#include "tst_camera_panel.moc"
