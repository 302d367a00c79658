// SPDX-License-Identifier: MIT
// Opening the next pair in the review queue with its 5 prompt frames shown,
// on a 6-camera 1600x900 Bench2Drive clip (the sample's without missing
// images, generated once in WORK): N pairs made on its frames so that no two share an image (each
// camera in turn, decision frames whose prompt frames never coincide), so
// every open decodes 5 JPEGs. Each run opens a fresh queue (cold decode
// cache, the next pair not prefetched) and steps through the pairs; the time
// runs from next() until the frame strip has painted all 5 thumbnails.
// Baseline in the same run: the same 5 JPEGs per pair decoded at full size
// with cv::imread on the GUI thread. Also measured: the queue as used, the
// next pair prefetched while the reviewer reads (300 ms here). Prints JSON
// (p50/p95 per run, and the median of the runs).
// usage: bench_review WORK [PAIRS] [RUNS]
#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "importers/import_runner.h"
#include "importers/media/frame_source.h"
#include "importers/sample/sample_generator.h"
#include "storage/annotation_store.h"
#include "storage/json_writer.h"
#include "storage/project.h"
#include "ui/frame_strip.h"
#include "ui/pair_builder.h"
#include "ui/review_queue.h"

namespace fs = std::filesystem;
using namespace corevla;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

// Pairs on the clip's frames: camera k % 6, decision frames 13 apart per
// camera (prompt frames are 5 apart, so residues mod 5 differ: no image twice).
std::vector<PreferencePair> makePairs(const Recording& clip, int count) {
    std::vector<int> cameras;
    for (int i = 0; i < int(clip.cameras.size()); ++i)
        if (!clip.cameras[std::size_t(i)].isAttention) cameras.push_back(i);
    std::vector<PreferencePair> pairs;
    for (int k = 0; k < count; ++k) {
        const int camera = cameras[std::size_t(k) % cameras.size()];
        const int round = k / int(cameras.size());
        PreferencePair p;
        p.recording = clip.id;
        p.camera = clip.cameras[std::size_t(camera)].name;
        p.decisionFrame = std::min(clip.frames.back().index, 25 + 13 * round);
        for (int f = p.decisionFrame - 20; f <= p.decisionFrame; f += 5) p.promptFrames.push_back(std::max(0, f));
        p.question = "What should the ego vehicle do now, and why?";
        p.chosen = "Slow down: a vehicle is 12 m ahead in our lane. Decision: FOLLOW_LANE, DECELERATE.";
        p.chosenAction = {"DECELERATE", "FOLLOW_LANE"};
        p.rejected = "The road is clear. Decision: FOLLOW_LANE, KEEP.";
        p.rejectedAction = {"KEEP", "FOLLOW_LANE"};
        p.author = "bench";
        pairs.push_back(p);
    }
    return pairs;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_review WORK [PAIRS] [RUNS]\n");
        return 2;
    }
    const fs::path work = argv[1];
    const int pairCount = argc > 2 ? std::max(2, std::atoi(argv[2])) : 30;
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
    sample::Options options;
    options.out = work / "sample";
    std::fprintf(stderr, "writing the sample (once)...\n");
    if (const auto made = sample::generate(options); !made.ok) return std::fprintf(stderr, "%s\n", made.error.c_str()), 1;

    const std::string projectPath = (work / "review.corevla").string();
    fs::remove(projectPath);
    Project project;
    if (!project.open(projectPath, Project::Mode::OpenOrCreate)) return std::fprintf(stderr, "%s\n", project.lastError().c_str()), 1;
    importers::ImportRunner().run(project, {work / "sample" / "bench2drive"}, {});
    std::optional<Recording> clip;
    for (const auto& summary : project.recordings().value_or(std::vector<RecordingSummary>{}))
        if (summary.cameras.size() == 6 && summary.missingImages == 0 && (clip = project.load(summary.id))) break;
    if (!clip) return std::fprintf(stderr, "no complete 6-camera clip imported\n"), 1;
    const auto pairs = makePairs(*clip, pairCount);
    AnnotationStore store(project);
    for (const PreferencePair& p : pairs)
        if (!store.insertPair(p)) return std::fprintf(stderr, "%s\n", store.lastError().c_str()), 1;

    // One pass through the queue in a fresh widget (nothing decoded yet).
    // prefetch: the next pair's thumbnails decode while the reviewer reads
    // this one for dwellMs; off, every open decodes its five cold.
    int width = 0, height = 0;
    const auto pass = [&](bool prefetch, int dwellMs) {
        ui::ReviewQueue queue;
        queue.resize(880, 860);  // the Review dock in a 1600x1000 window
        queue.setPrefetch(prefetch);
        queue.show();
        queue.setProject(&project, QString::fromStdString(projectPath));
        ui::FrameStrip* strip = queue.builder()->strip();
        bool shown = false;
        double shownAt = 0;
        QElapsedTimer clock;
        QObject::connect(strip, &ui::FrameStrip::framesShown, [&] {
            shownAt = double(clock.nsecsElapsed()) / 1e6;
            shown = true;
        });
        const auto waitShown = [&] {
            while (!shown) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        };
        clock.start();
        waitShown();  // the first pair: the queue's reload and first paint, not measured
        std::vector<double> times;
        for (int i = 1; i < pairCount; ++i) {
            QElapsedTimer reading;
            reading.start();
            while (reading.elapsed() < dwellMs) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
            shown = false;
            clock.restart();
            queue.next();
            waitShown();
            times.push_back(shownAt);
        }
        width = strip->width(), height = strip->height();
        return times;
    };
    // Baseline: the same prompt frames, full-size cv::imread on the GUI thread.
    const auto baseline = [&] {
        std::vector<double> times;
        for (int i = 1; i < pairCount; ++i) {
            const PreferencePair& p = pairs[std::size_t(i)];
            std::size_t camera = 0;
            while (clip->cameras[camera].name != p.camera) ++camera;
            QElapsedTimer t;
            t.start();
            for (int f : p.promptFrames)
                if (cv::imread((fs::path(clip->root) / importers::cameraFile(clip->cameras[camera], f)).string()).empty())
                    return std::vector<double>{};
            times.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        return times;
    };

    std::vector<double> p50s, p95s, baseP50s, baseP95s, warmP50s, warmP95s;
    for (int run = 0; run < runs; ++run) {
        const auto cold = pass(false, 0);
        const auto base = baseline();
        if (base.empty()) return std::fprintf(stderr, "cannot read a prompt frame\n"), 1;
        const auto warm = pass(true, 300);
        p50s.push_back(percentile(cold, 0.5));
        p95s.push_back(percentile(cold, 0.95));
        baseP50s.push_back(percentile(base, 0.5));
        baseP95s.push_back(percentile(base, 0.95));
        warmP50s.push_back(percentile(warm, 0.5));
        warmP95s.push_back(percentile(warm, 0.95));
        std::fprintf(stderr,
                     "run %d: next pair shown p50 %.1f ms, p95 %.1f ms (cold); p50 %.1f, p95 %.1f (prefetched, 300 ms "
                     "reading); baseline imread p50 %.1f ms, p95 %.1f ms\n",
                     run + 1, p50s.back(), p95s.back(), warmP50s.back(), warmP95s.back(), baseP50s.back(), baseP95s.back());
    }
    const auto array = [](JsonWriter& w, const std::vector<double>& v) {
        w.beginArray();
        for (double x : v) w.number(x, 4);
        w.endArray();
    };
    JsonWriter w;
    w.beginObject();
    w.key("pairs").integer(pairCount);
    w.key("runs").integer(runs);
    w.key("cameras").integer(6);
    w.key("image").str(std::to_string(clip->cameras[0].width) + "x" + std::to_string(clip->cameras[0].height));
    w.key("strip_px").str(std::to_string(width) + "x" + std::to_string(height));
    w.key("next_pair_p50_ms").number(median(p50s), 4);
    w.key("next_pair_p95_ms").number(median(p95s), 4);
    w.key("prefetched_p50_ms").number(median(warmP50s), 4);
    w.key("prefetched_p95_ms").number(median(warmP95s), 4);
    w.key("baseline_imread_p50_ms").number(median(baseP50s), 4);
    w.key("baseline_imread_p95_ms").number(median(baseP95s), 4);
    w.key("run_p50_ms");
    array(w, p50s);
    w.key("run_p95_ms");
    array(w, p95s);
    w.key("goal_p95_ms").number(50);
    w.endObject();
    std::printf("%s\n", w.str().c_str());
    return median(p95s) < 50 ? 0 : 3;
}
