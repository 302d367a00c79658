// SPDX-License-Identifier: MIT
#include "importers/media/playback_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <random>
#include <set>

#include "importers/media/decode_pool.h"
#include "storage/json_writer.h"

namespace corevla::importers {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Collects the completions of the one frame being waited for; the pool calls
// mark() from its workers, the benchmark marks cache hits itself.
class Waiter {
public:
    void begin(int frame) {
        std::lock_guard lock(m_mutex);
        m_frame = frame;
        m_ready.clear();
    }
    void mark(int camera, int frame, const std::string& error) {
        std::lock_guard lock(m_mutex);
        if (frame != m_frame || !m_ready.insert(camera).second) return;
        if (!error.empty() && m_errors++ == 0) m_firstError = error;
        m_done.notify_all();
    }
    bool wait(std::size_t cameras, int timeoutMs) {
        std::unique_lock lock(m_mutex);
        return m_done.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return m_ready.size() >= cameras; });
    }
    std::int64_t errors() const { return m_errors; }
    const std::string& firstError() const { return m_firstError; }

private:
    std::mutex m_mutex;
    std::condition_variable m_done;
    int m_frame = -1;
    std::set<int> m_ready;
    std::int64_t m_errors = 0;
    std::string m_firstError;
};

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t rank = std::size_t(std::ceil(p * double(values.size())));  // nearest rank
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

}  // namespace

PlaybackBenchResult runPlaybackBench(const Recording& recording, const PlaybackBenchOptions& options) {
    PlaybackBenchResult result;
    const int limit = options.cameras > 0 ? std::min(options.cameras, 6) : 6;
    std::vector<int> cameras;
    for (std::size_t i = 0; i < recording.cameras.size() && int(cameras.size()) < limit; ++i)
        if (!recording.cameras[i].isAttention) cameras.push_back(int(i));
    if (cameras.empty()) {
        result.error = "the recording has no camera to play";
        return result;
    }
    if (recording.frames.empty()) {
        result.error = "the recording has no frames";
        return result;
    }
    for (int c : cameras) result.cameraNames.push_back(recording.cameras[c].name);
    result.cameras = int(cameras.size());
    result.width = options.width > 0 ? options.width : std::max(0, recording.cameras[cameras[0]].width / 2);
    result.threads = std::max(1, options.threads);
    result.recordingFps = recording.fps > 0 ? recording.fps : 10;

    // The waiter before the pool: the pool's workers call it until the pool's
    // destructor has joined them, so it must be destroyed after the pool.
    Waiter waiter;
    DecodePool::Options poolOptions;
    poolOptions.threads = result.threads;
    poolOptions.cacheBytes = options.cacheBytes;
    poolOptions.convert = toBgra32;  // what the GUI's adapter does on the workers
    DecodePool pool(poolOptions);
    pool.setRecording(recording);
    pool.setCallback([&](const DecodeResult& r) { waiter.mark(r.key.camera, r.key.frame, r.error); });
    std::vector<DecodePool::Active> active;
    for (int c : cameras) active.push_back({c, result.width});
    pool.setActive(active);

    // Shows one frame the way the GUI does: request every view's image, move
    // the playhead (prefetch), then wait until all images are there.
    const auto show = [&](int frame, bool playing) {
        waiter.begin(frame);
        for (int c : cameras) {
            const auto hit = pool.request(c, frame, result.width);
            if (hit.ready()) waiter.mark(c, frame, hit.error);
        }
        pool.setPlayhead(frame, +1, playing);
        return waiter.wait(cameras.size(), options.timeoutMs);
    };

    // (a) sustained playback
    const int total = int(recording.frames.size());
    result.frames = options.seconds > 0 ? std::min(total, std::max(1, int(std::ceil(options.seconds * result.recordingFps))))
                                        : total;
    const auto start = Clock::now();
    for (int f = 0; f < result.frames; ++f) {
        if (!show(f, true)) {
            result.error = "frame " + std::to_string(f) + " was not decoded within " + std::to_string(options.timeoutMs) + " ms";
            return result;
        }
    }
    const double seconds = std::max(1e-9, msSince(start) / 1000);
    result.decodedFps = result.frames / seconds;
    result.realtimeX = result.decodedFps / result.recordingFps;

    // (b) random seeks, each to a frame the cache does not hold
    std::mt19937_64 rng(options.seed);
    std::uniform_int_distribution<int> pick(0, total - 1);
    std::vector<double> latencies;
    for (int i = 0; i < std::max(1, options.seeks); ++i) {
        const int frame = pick(rng);
        pool.waitIdle(options.timeoutMs);  // the previous seek's prefetch must not compete
        pool.clear();
        const auto t0 = Clock::now();
        if (!show(frame, false)) {
            result.error = "seek to frame " + std::to_string(frame) + " took over " + std::to_string(options.timeoutMs) + " ms";
            return result;
        }
        latencies.push_back(msSince(t0));
    }
    result.seeks = int(latencies.size());
    result.seekP50Ms = percentile(latencies, 0.50);
    result.seekP95Ms = percentile(latencies, 0.95);
    result.seekMaxMs = *std::max_element(latencies.begin(), latencies.end());
    result.frameErrors = waiter.errors();
    result.firstFrameError = waiter.firstError();
    result.ok = true;
    return result;
}

std::string playbackBenchJson(const PlaybackBenchResult& r) {
    JsonWriter w;
    w.beginObject();
    if (!r.ok) w.key("error").str(r.error);
    w.key("decoded_fps").number(r.decodedFps, 4).key("realtime_x").number(r.realtimeX, 4);
    w.key("seek_p50_ms").number(r.seekP50Ms, 4).key("seek_p95_ms").number(r.seekP95Ms, 4);
    w.key("seek_max_ms").number(r.seekMaxMs, 4);
    w.key("cameras").integer(r.cameras).key("width").integer(r.width).key("frames").integer(r.frames);
    w.key("seeks").integer(r.seeks).key("threads").integer(r.threads).key("recording_fps").number(r.recordingFps, 6);
    w.key("frame_errors").integer(r.frameErrors);
    if (!r.firstFrameError.empty()) w.key("first_frame_error").str(r.firstFrameError);
    w.key("camera_names").beginArray();
    for (const std::string& name : r.cameraNames) w.str(name);
    w.endArray().endObject();
    return w.take();
}

std::string playbackBenchText(const PlaybackBenchResult& r) {
    if (!r.ok) return "error: " + r.error + "\n";
    char buf[512];
    std::string names;
    for (const std::string& n : r.cameraNames) names += (names.empty() ? "" : ", ") + n;
    std::snprintf(buf, sizeof buf,
                  "%d cameras (%s) at %d px, %d decode threads\n"
                  "sustained playback: %d frames at %.1f frames/s = %.1fx real time (%.3g Hz)\n"
                  "random seeks: %d, p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
                  r.cameras, names.c_str(), r.width, r.threads, r.frames, r.decodedFps, r.realtimeX, r.recordingFps,
                  r.seeks, r.seekP50Ms, r.seekP95Ms, r.seekMaxMs);
    std::string text = buf;
    if (r.frameErrors)
        text += std::to_string(r.frameErrors) + " images failed to decode, e.g. " + r.firstFrameError + "\n";
    return text;
}

}  // namespace corevla::importers
