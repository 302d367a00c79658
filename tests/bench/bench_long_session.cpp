// SPDX-License-Identifier: MIT
// Opening a long recording in the real main window: a 30-minute CAVE session
// (10 Hz log, 20 fps H.264 videos), generated once and kept in WORK. Measures
// the time to the first camera image, to all frames loaded, and the longest
// stall of the GUI event loop while it opens, loads and plays 10 s at 1x.
// Baseline in the same run: the old way, every frame read and every panel
// filled on the GUI thread (one stall as long as all of that).
// Prints JSON. usage: bench_long_session WORK [SECONDS]
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "importers/import_runner.h"
#include "importers/sample/sample_generator.h"
#include "storage/json_writer.h"
#include "storage/project.h"
#include "ui/camera_panel.h"
#include "ui/camera_view.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/signals_panel.h"
#include "ui/transport.h"

namespace fs = std::filesystem;
using namespace corevla;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_long_session WORK [SECONDS]\n");
        return 2;
    }
    const fs::path work = argv[1];
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 1800;
    const std::string id = "long-" + std::to_string(seconds) + "s";
    std::fprintf(stderr, "writing the %d s session (once; minutes)...\n", seconds);
    const auto made = sample::writeLongCaveSession(work, id, seconds, 1);
    if (!made.ok) return std::fprintf(stderr, "%s\n", made.error.c_str()), 1;
    const std::string projectPath = (work / (id + ".corevla")).string();
    std::int64_t recordingId = 0;
    {
        Project project;
        if (!project.open(projectPath, Project::Mode::OpenOrCreate)) return 1;
        const auto report = importers::ImportRunner().run(project, {work / "cave" / id}, {});
        if (report.stored.empty() || !report.stored[0].id) return std::fprintf(stderr, "import failed\n"), 1;
        recordingId = report.stored[0].id;
    }

    ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!window.openProject(QString::fromStdString(projectPath), false)) return 1;
    window.playback()->close();
    QCoreApplication::processEvents();

    // Baseline: the whole recording read, every panel filled and the window
    // painted on the GUI thread, as one stall.
    QElapsedTimer baseline;
    baseline.start();
    Project direct;
    direct.open(projectPath, Project::Mode::OpenExisting);
    auto whole = direct.load(recordingId);
    const double baselineRead = baseline.nsecsElapsed() / 1e6;
    const int frames = int(whole->frames.size());
    window.playback()->open(std::move(*whole));
    window.playback()->signalPlots()->finishFilling();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    window.repaint();
    const double baselineStall = baseline.nsecsElapsed() / 1e6;
    window.playback()->close();
    QCoreApplication::processEvents();

    std::vector<double> loadingGaps, playingGaps;
    double openCall = 0, firstFrame = -1, allLoaded = -1;
    bool loaded = false, playing = false;
    QElapsedTimer clock, since;
    QObject::connect(&window, &ui::MainWindow::recordingLoaded, [&] {
        allLoaded = since.nsecsElapsed() / 1e6;
        loaded = true;
    });
    QTimer probe;
    probe.setInterval(0);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        (playing ? playingGaps : loadingGaps).push_back(clock.nsecsElapsed() / 1e6);
        clock.restart();
        const ui::CameraView* view = window.playback()->cameras()->views().value(0);
        if (firstFrame < 0 && view && view->shownFrame() == 0 && !view->image().isNull())
            firstFrame = since.nsecsElapsed() / 1e6;
        if (loaded && firstFrame >= 0 && !playing) {
            playing = true;
            window.playback()->transport()->play();
            QTimer::singleShot(10000, &app, &QApplication::quit);
        }
    });
    QTimer::singleShot(300, [&] {
        since.start();
        clock.start();
        probe.start();
        window.openRecording(recordingId);  // the probe's first gap includes this call
        openCall = since.nsecsElapsed() / 1e6;
    });
    QTimer::singleShot(120000, &app, &QApplication::quit);  // a safety net
    app.exec();

    const auto maxOf = [](const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); };
    const auto over = [](const std::vector<double>& v) { return std::count_if(v.begin(), v.end(), [](double g) { return g > 16; }); };
    JsonWriter w;
    w.beginObject();
    w.key("session_s").integer(seconds);
    w.key("frames").integer(frames);
    w.key("open_call_ms").number(openCall, 4);
    w.key("first_frame_ms").number(firstFrame, 4);
    w.key("all_loaded_ms").number(allLoaded, 4);
    w.key("max_gap_loading_ms").number(maxOf(loadingGaps), 4);
    w.key("max_gap_playing_ms").number(maxOf(playingGaps), 4);
    w.key("gaps_over_16ms").integer(static_cast<long long>(over(loadingGaps) + over(playingGaps)));
    w.key("baseline_read_ms").number(baselineRead, 4);
    w.key("baseline_stall_ms").number(baselineStall, 4);
    w.key("stall_ratio").number(baselineStall / std::max(1e-3, std::max(maxOf(loadingGaps), maxOf(playingGaps))), 4);
    w.endObject();
    std::printf("%s\n", w.str().c_str());
    return firstFrame < 0 || !loaded;
}
