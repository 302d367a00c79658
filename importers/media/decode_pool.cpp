// SPDX-License-Identifier: MIT
#include "importers/media/decode_pool.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <new>

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <opencv2/imgproc.hpp>

#include "importers/media/frame_source.h"

namespace corevla::importers {

namespace {

// Cached frames live in buffers that are reused after eviction. On the
// virtual machines we run on, the first touch of fresh memory (a page fault
// per 4 KiB) cost more than decoding the JPEG; fresh buffers are mapped
// populated (one call instead of a fault per page) and evicted ones reused.
// Never destroyed: images handed out (QImage wrappers) may outlive any pool.
class RecyclingAllocator final : public cv::MatAllocator {
public:
    cv::UMatData* allocate(int dims, const int* sizes, int type, void* data, std::size_t* step, cv::AccessFlag flags,
                           cv::UMatUsageFlags usage) const override {
        if (data) return cv::Mat::getStdAllocator()->allocate(dims, sizes, type, data, step, flags, usage);
        std::size_t total = CV_ELEM_SIZE(type);
        for (int i = dims - 1; i >= 0; --i) {
            if (step) step[i] = total;
            total *= std::size_t(sizes[i]);
        }
        auto* u = new cv::UMatData(this);
        u->data = u->origdata = static_cast<uchar*>(take(total));
        u->size = total;
        return u;
    }
    bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override { return u && u->data; }
    void deallocate(cv::UMatData* u) const override {
        if (!u) return;
        give(u->origdata, u->size);
        delete u;
    }

private:
    static constexpr std::size_t kLarge = std::size_t(256) << 10, kKeep = std::size_t(128) << 20;
    void* take(std::size_t bytes) const {
        if (bytes < kLarge) return cv::fastMalloc(bytes);
        {
            std::lock_guard lock(m_mutex);
            if (auto it = m_free.find(bytes); it != m_free.end() && !it->second.empty()) {
                void* p = it->second.back();
                it->second.pop_back();
                m_freeBytes -= bytes;
                return p;
            }
        }
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        return p;
    }
    void give(void* p, std::size_t bytes) const {
        if (bytes < kLarge) return cv::fastFree(p);
        {
            std::lock_guard lock(m_mutex);
            if (m_freeBytes + bytes <= kKeep) {
                m_free[bytes].push_back(p);
                m_freeBytes += bytes;
                return;
            }
        }
        munmap(p, bytes);
    }
    mutable std::mutex m_mutex;
    mutable std::unordered_map<std::size_t, std::vector<void*>> m_free;  // by size: views keep theirs
    mutable std::size_t m_freeBytes = 0;
};

cv::MatAllocator* recyclingAllocator() {
    static auto* allocator = new RecyclingAllocator;
    return allocator;
}

// What the exception in flight says (call inside a catch block).
std::string exceptionText() {
    try {
        throw;
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

}  // namespace

cv::Mat toBgra32(int, cv::Mat image) {
    if (image.type() != CV_8UC3) return image;
    cv::Mat out;
    out.allocator = recyclingAllocator();
    cv::cvtColor(image, out, cv::COLOR_BGR2BGRA);
    return out;
}

struct DecodePool::Setup {
    std::filesystem::path root;
    std::vector<Camera> cameras;
    std::vector<int> owner;  // per camera: the worker that decodes it, -1: any
    std::vector<double> times;
    std::vector<int> indices;  // Frame::index per position: files are named by index, not position
    double fps = 10;
    std::uint64_t serial = 0;
};

DecodePool::DecodePool(Options options) : m_options(std::move(options)) {
    m_options.threads = std::max(1, m_options.threads);
    for (int i = 0; i < m_options.threads; ++i) m_workers.emplace_back([this, i] { workerLoop(i); });
}

DecodePool::~DecodePool() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread& worker : m_workers) worker.join();
}

std::uint64_t DecodePool::setRecording(const Recording& recording) {
    auto setup = std::make_shared<Setup>();
    setup->root = recording.root;
    setup->cameras = recording.cameras;
    setup->fps = recording.fps > 0 ? recording.fps : 10;
    setup->times.reserve(recording.frames.size());
    setup->indices.reserve(recording.frames.size());
    for (const Frame& frame : recording.frames) {
        setup->times.push_back(frame.t);
        setup->indices.push_back(frame.index);
    }
    // Video cameras are dealt out to the workers in turn; each stays with its worker.
    int videos = 0;
    for (const Camera& camera : recording.cameras)
        setup->owner.push_back(camera.kind == MediaKind::Video ? videos++ % m_options.threads : -1);
    std::lock_guard lock(m_mutex);
    setup->serial = ++m_recordings;
    m_setup = std::move(setup);
    m_active.clear();
    m_queue.clear();
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
    ++m_generation;
    return m_recordings;
}

void DecodePool::extendRecording(const Recording& recording) {
    std::lock_guard lock(m_mutex);
    if (!m_setup) return;
    auto setup = std::make_shared<Setup>(*m_setup);
    setup->times.clear();
    setup->indices.clear();
    for (const Frame& frame : recording.frames) {
        setup->times.push_back(frame.t);
        setup->indices.push_back(frame.index);
    }
    m_setup = std::move(setup);  // workers pick it up with their next task; the serial (and their sources) stay
}

void DecodePool::setCallback(Callback callback) {
    std::lock_guard lock(m_mutex);
    m_callback = std::make_shared<const Callback>(std::move(callback));
}

void DecodePool::setActive(std::vector<Active> active) {
    std::lock_guard lock(m_mutex);
    for (Active& a : active) a.width = normalizedWidthLocked(a.camera, a.width);
    m_active = std::move(active);
}

int DecodePool::normalizedWidth(int camera, int width) const {
    std::lock_guard lock(m_mutex);
    return normalizedWidthLocked(camera, width);
}

int DecodePool::normalizedWidthLocked(int camera, int width) const {
    if (width <= 0 || !m_setup || camera < 0 || camera >= int(m_setup->cameras.size())) return 0;
    const int full = m_setup->cameras[camera].width;
    return full > 0 && width >= full ? 0 : width;
}

const DecodePool::Entry* DecodePool::findLocked(const DecodeKey& key) {
    const auto it = m_index.find(key);
    if (it == m_index.end()) return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second);  // now the most recently used
    return &*it->second;
}

void DecodePool::storeLocked(const DecodeKey& key, cv::Mat image, std::string error) {
    if (const auto old = m_index.find(key); old != m_index.end()) {
        m_bytes -= old->second->bytes;
        m_lru.erase(old->second);
        m_index.erase(old);
    }
    const std::size_t bytes = image.total() * image.elemSize() + error.size() + sizeof(Entry);
    m_lru.push_front(Entry{key, std::move(image), std::move(error), bytes});
    m_index[key] = m_lru.begin();
    m_bytes += bytes;
    while (m_bytes > m_options.cacheBytes && m_lru.size() > 1) {
        m_bytes -= m_lru.back().bytes;
        m_index.erase(m_lru.back().key);
        m_lru.pop_back();
    }
}

DecodePool::Lookup DecodePool::request(int camera, int frame, int width) {
    std::lock_guard lock(m_mutex);
    if (!m_setup || camera < 0 || camera >= int(m_setup->cameras.size()))
        return {{}, "camera " + std::to_string(camera) + " is not in the recording"};
    if (frame < 0 || frame >= int(m_setup->times.size()))
        return {{}, "frame " + std::to_string(frame) + " is outside the recording"};
    const DecodeKey key{camera, frame, normalizedWidthLocked(camera, width)};
    if (const Entry* entry = findLocked(key)) {
        ++m_stats.hits;
        return {entry->image, entry->error};
    }
    ++m_stats.misses;
    if (const auto flight = m_inFlight.find(key); flight != m_inFlight.end() && flight->second.generation == m_generation) {
        flight->second.requested = true;  // already decoding: its completion reports it
        return {};
    }
    const std::int64_t rank = ++m_requestSeq;
    const auto queued = std::find_if(m_queue.begin(), m_queue.end(), [&](const Task& t) { return t.key == key; });
    if (queued != m_queue.end()) *queued = Task{key, true, rank};
    else m_queue.push_back(Task{key, true, rank});
    m_wake.notify_all();
    return {};
}

void DecodePool::setPlayhead(int frame, int direction, bool playing) {
    std::lock_guard lock(m_mutex);
    if (!m_setup || m_setup->times.empty()) return;
    const int last = int(m_setup->times.size()) - 1;
    frame = std::clamp(frame, 0, last);
    const int dir = direction < 0 ? -1 : 1;
    const int ahead = std::max(1, int(std::ceil(m_options.aheadSeconds * m_setup->fps)));
    const int radius = std::max(0, m_options.pausedRadius);
    // A video played backwards would seek to its keyframe again for every
    // frame. Its frames are decoded upward in aligned blocks instead, one seek
    // per block; the block start moves only every `ahead` frames.
    const int blockStart = std::max(0, (frame - ahead) / ahead * ahead);
    int lo = frame - radius, hi = frame + radius;  // queued work outside goes
    if (playing) {
        lo = dir > 0 ? frame : std::min(frame - ahead, blockStart);
        hi = dir > 0 ? frame + ahead : frame;
    }

    // Ranks: distance first, then the active cameras in order, so every
    // camera of a frame is ready before any camera of the next one.
    std::vector<std::pair<std::int64_t, DecodeKey>> wanted;
    for (std::size_t i = 0; i < m_active.size(); ++i) {
        const Active& a = m_active[i];
        if (a.camera < 0 || a.camera >= int(m_setup->cameras.size())) continue;
        const auto want = [&](int f, std::int64_t distance) {
            if (f >= 0 && f <= last) wanted.push_back({distance * 64 + std::int64_t(i), DecodeKey{a.camera, f, a.width}});
        };
        if (!playing) {
            for (int d = 0; d <= radius; ++d) {
                want(frame + d, 2 * d);
                if (d) want(frame - d, 2 * d + 1);
            }
        } else if (dir > 0 || m_setup->cameras[a.camera].kind != MediaKind::Video) {
            for (int d = 0; d <= ahead; ++d) want(frame + dir * d, d);
        } else {
            want(frame, 0);
            for (int f = blockStart; f < frame; ++f) want(f, f - blockStart + 1);
        }
    }
    std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::unordered_set<DecodeKey, DecodeKeyHash> wantedKeys;
    for (const auto& w : wanted) wantedKeys.insert(w.second);

    // Queued prefetch is replaced; requests the playhead has left behind go.
    std::erase_if(m_queue, [&](const Task& t) {
        const bool stale = t.key.frame < lo || t.key.frame > hi;
        if ((stale || !t.now) && !wantedKeys.count(t.key)) ++m_stats.dropped;
        return !t.now || stale;
    });
    std::unordered_set<DecodeKey, DecodeKeyHash> queued;
    for (const Task& t : m_queue) queued.insert(t.key);
    for (const auto& [rank, key] : wanted) {
        if (findLocked(key) || queued.count(key)) continue;  // finding also keeps it fresh in the LRU
        if (const auto f = m_inFlight.find(key); f != m_inFlight.end() && f->second.generation == m_generation) continue;
        m_queue.push_back(Task{key, false, rank});
        queued.insert(key);
    }
    if (!m_queue.empty()) m_wake.notify_all();
}

bool DecodePool::takeTask(int worker, Task* task) {
    auto best = m_queue.end();
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        const int owner = m_setup->owner[it->key.camera];
        if (owner >= 0 && owner != worker) continue;
        if (best == m_queue.end() || (it->now && !best->now) ||
            (it->now == best->now && (it->now ? it->rank > best->rank : it->rank < best->rank)))
            best = it;
    }
    if (best == m_queue.end()) return false;
    *task = *best;
    *best = m_queue.back();
    m_queue.pop_back();
    m_inFlight[task->key] = Flight{task->now, m_generation};
    return true;
}

void DecodePool::workerLoop(int index) {
    // Linux applies nice per thread: a 2-core machine keeps the GUI thread
    // responsive while both workers decode.
    if (m_options.workerNice > 0) setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), m_options.workerNice);
    // Sources belong to one recording, known by its serial: an address could
    // be reused by the next recording's setup after the last one was freed.
    std::vector<std::unique_ptr<FrameSource>> sources;
    std::uint64_t sourcesOf = 0;
    for (;;) {
        Task task;
        std::shared_ptr<const Setup> setup;
        std::shared_ptr<const Callback> callback;
        std::uint64_t generation = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || takeTask(index, &task); });
            if (m_stop) return;
            setup = m_setup;
            callback = m_callback;
            generation = m_generation;
        }
        const DecodeKey key = task.key;
        std::string error;
        cv::Mat image;
        // A worker never lets an exception end the program: out of memory,
        // an OpenCV or FFmpeg failure becomes this frame's error.
        try {
            if (setup->serial != sourcesOf) {
                sources.clear();
                sources.resize(setup->cameras.size());
                sourcesOf = setup->serial;
            }
            auto& source = sources[key.camera];
            if (!source) source = makeFrameSource(setup->root, setup->cameras[key.camera]);
            image = source->read(setup->indices[key.frame], setup->times[key.frame], key.width, &error);
            if (image.empty() && error.empty()) error = setup->cameras[key.camera].pattern + ": does not decode";
            if (!image.empty() && m_options.convert) image = m_options.convert(key.camera, std::move(image));
        } catch (...) {
            image = cv::Mat();
            error = setup->cameras[key.camera].pattern + ": decoding failed: " + exceptionText();
            sourcesOf = 0;  // their state is unknown now: start over
        }

        bool requested = false, keep = false;
        {
            std::lock_guard lock(m_mutex);
            const auto flight = m_inFlight.find(key);
            if (flight != m_inFlight.end() && flight->second.generation == generation) {
                requested = flight->second.requested;
                m_inFlight.erase(flight);
            }
            keep = generation == m_generation;
            if (keep) {
                ++(image.empty() ? m_stats.errors : m_stats.decoded);
                storeLocked(key, image, error);
            }
            if (m_queue.empty() && m_inFlight.empty()) m_idle.notify_all();
        }
        if (keep && callback && *callback) {
            try {
                (*callback)(DecodeResult{key, std::move(image), std::move(error), requested, setup->serial});
            } catch (...) {
                std::fprintf(stderr, "decode pool: a result callback failed: %s\n", exceptionText().c_str());
            }
        }
    }
}

void DecodePool::clear() {
    std::lock_guard lock(m_mutex);
    m_queue.clear();
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
    ++m_generation;  // work in flight finishes unseen
    if (m_inFlight.empty()) m_idle.notify_all();
}

bool DecodePool::waitIdle(int timeoutMs) {
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                           [&] { return m_queue.empty() && m_inFlight.empty(); });
}

DecodePool::Stats DecodePool::stats() const {
    std::lock_guard lock(m_mutex);
    Stats s = m_stats;
    s.cacheBytes = m_bytes;
    s.cacheEntries = m_lru.size();
    return s;
}

}  // namespace corevla::importers
