// SPDX-License-Identifier: MIT
// The live comparison during playback: the real main window plays a
// recording at 1x while the comparison panel has two models deciding at the
// frame on screen (each in its `corevla decide` child), and, as the baseline
// of the same run, the same playback with the panel closed. Prints JSON per
// mode: the longest gap between turns of the event loop (the GUI's longest
// stall) with p99 and median; with the models: answers per second per model,
// the model's own time per answer (median, from the child), and the share
// of frames on screen whose answer showed within 100 ms of the frame.
// usage: bench_live_compare PROJECT RECORDING_ID [SECONDS] [MODEL_A MODEL_B]
//        (models: the two newest registered ones unless named)
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "dataset/frame_prompt.h"
#include "storage/json_writer.h"
#include "ui/compare_panel.h"
#include "ui/decision_client.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/transport.h"

namespace {

using namespace corevla;

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

// Plays for `seconds` from the start; with the comparison when `compare`.
void measure(QApplication& app, ui::MainWindow& window, double seconds, bool compare, JsonWriter& w) {
    auto* transport = window.playback()->transport();
    ui::ComparePanel* panel = window.playback()->comparison();
    // Without: the Reasoning tab in front of it, so the panel is not seen and asks nothing.
    if (compare) window.playback()->action("compareModels")->trigger();
    else window.findChild<QDockWidget*>("reasoningDock")->raise();
    transport->pause();
    transport->seek(0);

    // Let the models load and answer the first frame, as a user would wait.
    QElapsedTimer warm;
    warm.start();
    while (compare && warm.elapsed() < 60000 &&
           !(panel->shownFrame(0) >= 0 && panel->shownFrame(1) >= 0))
        app.processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (compare)
        for (int c = 0; c < 2; ++c)
            if (panel->shownFrame(c) < 0)
                std::fprintf(stderr, "bench_live_compare: model %s has not answered the first frame: %s\n", qPrintable(panel->model(c)),
                             panel->client(c) ? qPrintable(panel->client(c)->failure()) : "its panel is not shown");

    struct Shown { double t; int decision; };
    std::vector<Shown> frames;
    QHash<int, double> shownAt[2];  // decision -> when its answer first showed
    int answers[2] = {0, 0};
    std::vector<double> answerMs[2];
    QElapsedTimer total, clock;
    std::vector<double> gaps;
    double maxGap = 0, maxGapAt = 0;  // where in the run the longest stall ended, ms
    const Recording* r = window.playback()->recording();
    QList<QMetaObject::Connection> connections;
    connections << QObject::connect(transport, &ui::Transport::frameChanged, [&](int position) {
        const int index = r->frames[std::size_t(position)].index;
        frames.push_back({total.nsecsElapsed() / 1e6, dataset::decisionFrameAt(*r, index)});
    });
    connections << QObject::connect(panel, &ui::ComparePanel::answerShown, [&](int column, int frame) {
        if (column < 2 && frame >= 0 && !shownAt[column].contains(frame)) shownAt[column][frame] = total.nsecsElapsed() / 1e6;
    });
    for (int c = 0; c < 2 && compare; ++c)
        if (ui::DecisionClient* client = panel->client(c))
            connections << QObject::connect(client, &ui::DecisionClient::answered, [&, c, client](qint64 rec, int frame) {
                ++answers[c];
                if (const ui::LiveAnswer* a = client->cached(rec, frame)) answerMs[c].push_back(a->milliseconds);
            });
    QEventLoop loop;  // not the application's: its quit() would close the window (Qt 6)
    QTimer probe;
    probe.setInterval(0);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        gaps.push_back(clock.nsecsElapsed() / 1e6);
        if (gaps.back() >= maxGap) maxGap = gaps.back(), maxGapAt = total.nsecsElapsed() / 1e6;
        clock.restart();
        if (total.elapsed() > seconds * 1000) loop.quit();
    });
    // Answers already on screen when the frame came count as at once.
    for (int c = 0; c < 2; ++c)
        if (panel->shownFrame(c) >= 0) shownAt[c][panel->shownFrame(c)] = 0;
    transport->setRate(1);
    total.start();
    clock.start();
    probe.start();
    transport->play();
    loop.exec();
    transport->pause();
    for (const auto& c : connections) QObject::disconnect(c);

    w.key(compare ? "with_comparison" : "playback_only").beginObject();
    w.key("frames_shown").integer(static_cast<long long>(frames.size()));
    w.key("max_gap_ms").number(percentile(gaps, 1.0), 4).key("p99_gap_ms").number(percentile(gaps, 0.99), 4);
    w.key("median_gap_ms").number(percentile(gaps, 0.5), 4).key("max_gap_at_ms").number(maxGapAt, 4);
    w.key("gaps_over_16ms").integer(static_cast<long long>(std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 16; })));
    if (compare) {
        w.key("models").beginArray();
        for (int c = 0; c < 2; ++c) {
            int within = 0;
            for (const Shown& f : frames)
                within += shownAt[c].contains(f.decision) && shownAt[c][f.decision] - f.t <= 100.0;
            w.beginObject().key("model").str(panel->model(c).toStdString());
            w.key("answers_per_s").number(answers[c] / seconds, 4);
            w.key("median_answer_ms").number(percentile(answerMs[c], 0.5), 4);
            w.key("share_within_100ms").number(frames.empty() ? 0 : double(within) / double(frames.size()), 4);
            w.endObject();
        }
        w.endArray();
    }
    w.endObject();
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 3 || argc == 5) {
        std::fprintf(stderr, "usage: bench_live_compare PROJECT RECORDING_ID [SECONDS] [MODEL_A MODEL_B]\n");
        return 2;
    }
    const double seconds = argc > 3 ? std::atof(argv[3]) : 20;
    ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!window.openProject(argv[1], false) || !window.openRecording(std::atoll(argv[2]))) return 1;
    while (!window.playback()->isComplete()) app.processEvents(QEventLoop::WaitForMoreEvents, 50);
    ui::ComparePanel* panel = window.playback()->comparison();
    if (argc > 5) panel->setModel(0, argv[4]), panel->setModel(1, argv[5]);
    if (panel->model(0).isEmpty() || panel->model(1).isEmpty()) {
        std::fprintf(stderr, "bench_live_compare: the project needs two registered models (or name them)\n");
        return 1;
    }
    JsonWriter w;
    w.beginObject().key("seconds").number(seconds, 4);
    measure(app, window, seconds, false, w);
    measure(app, window, seconds, true, w);
    std::printf("%s\n", w.endObject().take().c_str());
    return 0;
}
