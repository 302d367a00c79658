// SPDX-License-Identifier: MIT
// Does the GUI event loop stall while playing? Opens a project in the real
// main window, plays a recording, and measures the gaps between turns of the
// event loop with a zero-interval timer (each gap = the longest the GUI
// could not react). Prints JSON: max, p99 and median gap in ms.
// usage: bench_gui_stall PROJECT RECORDING_ID [SECONDS] [RATE]
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "storage/json_writer.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/transport.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_gui_stall PROJECT RECORDING_ID [SECONDS] [RATE]\n");
        return 2;
    }
    const double seconds = argc > 3 ? std::atof(argv[3]) : 10;
    const double rate = argc > 4 ? std::atof(argv[4]) : 1;
    corevla::ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!window.openProject(argv[1], false) || !window.openRecording(std::atoll(argv[2]))) return 1;
    auto* transport = window.playback()->transport();

    std::vector<double> gaps;
    QElapsedTimer clock, total;
    QTimer probe;
    probe.setInterval(0);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        gaps.push_back(clock.nsecsElapsed() / 1e6);
        clock.restart();
        if (!transport->isPlaying()) {  // loop from the start until time is up
            transport->seek(0);
            transport->play();
        }
        if (total.elapsed() > seconds * 1000) app.quit();
    });
    QTimer::singleShot(500, [&] {  // let the window settle first
        transport->setRate(rate);
        transport->play();
        clock.start();
        total.start();
        probe.start();
    });
    app.exec();
    std::sort(gaps.begin(), gaps.end());
    corevla::JsonWriter w;
    w.beginObject();
    w.key("turns").integer(static_cast<long long>(gaps.size()));
    w.key("rate").number(rate, 4);
    w.key("max_gap_ms").number(gaps.back(), 4);
    w.key("p99_gap_ms").number(gaps[gaps.size() * 99 / 100], 4);
    w.key("median_gap_ms").number(gaps[gaps.size() / 2], 4);
    w.key("gaps_over_16ms").integer(static_cast<long long>(std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 16; })));
    w.endObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
}
