// SPDX-License-Identifier: MIT
// The decode pool behind playback: worker threads decode camera frames off
// the caller's thread into an LRU cache with a byte budget, and prefetch
// around the playhead. Plain C++, so that the GUI (ui/frame_pool.h) and
// `corevla bench playback` measure the same code.
//
// Each worker owns one FrameSource per camera (sources are not shareable).
// A video camera's work always goes to the same worker, so that its decoder
// reads on sequentially instead of seeking; JPEG work goes to any worker.
// Failures are cached like images, so a missing file is not retried per frame.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "storage/types.h"

namespace corevla::importers {

// One decoded image: camera index, recording frame, requested width (0: full).
struct DecodeKey {
    int camera = 0, frame = 0, width = 0;
    bool operator==(const DecodeKey&) const = default;
};

struct DecodeKeyHash {
    std::size_t operator()(const DecodeKey& k) const noexcept {
        return (std::size_t(k.camera) * 1000003u ^ std::size_t(k.frame)) * 1000033u ^ std::size_t(k.width);
    }
};

// A finished decode: the image, or an empty image and error = "<file>:
// <reason>" (the file relative to the recording's root).
struct DecodeResult {
    DecodeKey key;
    cv::Mat image;
    std::string error;
    bool requested = false;       // someone asked with request(); false: prefetch
    std::uint64_t recording = 0;  // setRecording()'s serial: results of an earlier recording can be told apart
};

struct DecodePoolOptions {
    int threads = 2;                                  // the target machine has 2 cores
    std::size_t cacheBytes = std::size_t(512) << 20;  // images and cached errors
    double aheadSeconds = 1.5;                        // prefetch horizon while playing
    int pausedRadius = 3;                             // frames prefetched each way while paused
    int workerNice = 0;  // > 0: workers yield the CPU to the (GUI) thread that asks
    // Runs on the worker after a successful decode, before caching (the Qt
    // adapter turns BGR into 32-bit pixels there, off the GUI thread).
    std::function<cv::Mat(int camera, cv::Mat image)> convert;
};

// 3-channel BGR to 4-channel BGRA (the byte order of QImage::Format_RGB32 on
// little-endian machines); gray images pass unchanged. The GUI's convert
// step, also used by the benchmark so that both do the same work.
cv::Mat toBgra32(int camera, cv::Mat image);

class DecodePool {
public:
    using Options = DecodePoolOptions;
    // Called on a worker thread when a decode finishes.
    using Callback = std::function<void(const DecodeResult& result)>;
    struct Lookup {
        cv::Mat image;
        std::string error;
        bool ready() const { return !image.empty() || !error.empty(); }
    };
    struct Active {  // a camera that prefetch covers, at its view's width
        int camera = 0;
        int width = 0;
    };
    struct Stats {
        std::int64_t hits = 0, misses = 0, decoded = 0, errors = 0, dropped = 0;
        std::size_t cacheBytes = 0, cacheEntries = 0;
    };

    explicit DecodePool(Options options = {});
    ~DecodePool();  // waits for the decodes in flight
    DecodePool(const DecodePool&) = delete;
    DecodePool& operator=(const DecodePool&) = delete;

    // What to decode: the recording's root, cameras and frame times. Drops
    // the cache, the queue and the active cameras. Returns its serial.
    std::uint64_t setRecording(const Recording& recording);
    // The same recording with more frames (a long recording's full frame
    // list after its first look; the earlier frames are a prefix): positions
    // keep their meaning, so the cache, the queue and the serial stay.
    void extendRecording(const Recording& recording);
    void setCallback(Callback callback);
    void setActive(std::vector<Active> active);

    // Never blocks on decoding: the cached image or error if there is one;
    // otherwise queues the decode (ahead of all prefetch work; the newest
    // request first) and returns an empty Lookup.
    Lookup request(int camera, int frame, int width);
    // Moves prefetch: playing, the next aheadSeconds of frames in `direction`
    // (+1/-1) for every active camera; paused, pausedRadius frames each way.
    // Queued work far from the playhead is dropped.
    void setPlayhead(int frame, int direction, bool playing);

    void clear();                   // drops the cache and all queued work
    bool waitIdle(int timeoutMs);   // true when nothing is queued or in flight
    Stats stats() const;
    // The width a request is cached under: 0 when it asks for full size.
    int normalizedWidth(int camera, int width) const;

private:
    struct Setup;
    struct Task {
        DecodeKey key;
        bool now = false;       // requested (current frame) rather than prefetched
        std::int64_t rank = 0;  // now: newer first; prefetch: lower first
    };
    struct Flight {
        bool requested = false;
        std::uint64_t generation = 0;
    };
    struct Entry {
        DecodeKey key;
        cv::Mat image;
        std::string error;
        std::size_t bytes = 0;
    };

    void workerLoop(int index);
    bool takeTask(int worker, Task* task);
    void storeLocked(const DecodeKey& key, cv::Mat image, std::string error);
    const Entry* findLocked(const DecodeKey& key);
    int normalizedWidthLocked(int camera, int width) const;

    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    std::vector<std::thread> m_workers;
    bool m_stop = false;

    std::shared_ptr<const Setup> m_setup;
    std::uint64_t m_generation = 0;  // bumped on clear: results of older work are not kept
    std::uint64_t m_recordings = 0;
    std::shared_ptr<const Callback> m_callback;
    std::vector<Active> m_active;

    std::vector<Task> m_queue;
    std::unordered_map<DecodeKey, Flight, DecodeKeyHash> m_inFlight;
    std::int64_t m_requestSeq = 0;

    std::list<Entry> m_lru;  // most recently used first
    std::unordered_map<DecodeKey, std::list<Entry>::iterator, DecodeKeyHash> m_index;
    std::size_t m_bytes = 0;
    Stats m_stats;
};

}  // namespace corevla::importers
