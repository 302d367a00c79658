// SPDX-License-Identifier: MIT
#include "importers/media_index.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <fstream>
#include <mutex>
#include <thread>

#include "storage/hash.h"

namespace corevla::importers {

int resolveThreads(int threads) {
    if (threads > 0) return threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

bool parallelFor(std::size_t n, int threads, const CancelToken* cancel,
                 const std::function<void(std::size_t, int)>& fn,
                 const std::function<void(std::size_t)>& progress) {
    const int workers = static_cast<int>(std::min<std::size_t>(resolveThreads(threads), std::max<std::size_t>(n, 1)));
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&](int worker) {
        for (;;) {
            if (stop.load(std::memory_order_relaxed)) return;
            if (cancel && cancel->cancelled()) {
                stop = true;
                return;
            }
            const std::size_t i = next.fetch_add(1);
            if (i >= n) return;
            try {
                fn(i, worker);
            } catch (...) {
                std::lock_guard lock(failureMutex);
                if (!failure) failure = std::current_exception();
                stop = true;
                return;
            }
            const std::size_t finished = done.fetch_add(1) + 1;
            if (worker == 0 && progress) progress(finished);
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers > 0 ? workers - 1 : 0);
    for (int w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    if (progress && !stop) progress(done.load());
    return !(cancel && cancel->cancelled()) && done.load() == n;
}

ProgressFn progressRange(const ProgressFn& progress, double from, double to) {
    if (!progress) return {};
    return [progress, from, to](double fraction, const std::string& what) {
        progress(from + (to - from) * std::clamp(fraction, 0.0, 1.0), what);
    };
}

std::optional<std::vector<MediaFile>> indexMedia(const std::filesystem::path& root,
                                                 const std::vector<std::string>& relPaths, bool hash,
                                                 int threads, const ProgressFn& progress,
                                                 const CancelToken* cancel,
                                                 std::vector<MediaProblem>* problems) {
    std::vector<MediaFile> files(relPaths.size());
    std::vector<std::string> errors(relPaths.size());
    const std::size_t n = relPaths.size();
    const bool ok = parallelFor(
        n, hash ? threads : 1, cancel,
        [&](std::size_t i, int) {
            const auto path = root / relPaths[i];
            files[i].relPath = relPaths[i];
            if (hash) {
                std::string error;
                if (auto digest = hashFile(path, &error)) {
                    files[i].size = digest->size;
                    files[i].hash = digest->hash;
                } else {
                    errors[i] = error.empty() ? "cannot be read" : error;
                }
                return;
            }
            std::error_code ec;
            const auto size = std::filesystem::file_size(path, ec);
            if (ec) errors[i] = ec.message();
            else files[i].size = static_cast<std::int64_t>(size);
        },
        [&](std::size_t done) {
            if (progress && (done % 64 == 0 || done == n))
                progress(static_cast<double>(done) / std::max<std::size_t>(n, 1),
                         (hash ? "hashing " : "listing ") + std::to_string(done) + "/" + std::to_string(n));
        });
    if (!ok) return std::nullopt;
    std::vector<MediaFile> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (errors[i].empty()) out.push_back(std::move(files[i]));
        else if (problems) problems->push_back({relPaths[i], errors[i]});
    }
    return out;
}

std::optional<std::pair<int, int>> imageSize(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
    const auto be16 = [&](std::size_t i) { return (byte(i) << 8) | byte(i + 1); };
    if (head.size() >= 24 && head.compare(1, 3, "PNG") == 0) {
        const auto be32 = [&](std::size_t i) { return (be16(i) << 16) | be16(i + 2); };
        return std::pair{be32(16), be32(20)};
    }
    return jpegSize(reinterpret_cast<const unsigned char*>(head.data()), head.size());
}

std::optional<std::pair<int, int>> jpegSize(const unsigned char* b, std::size_t n) {
    if (n < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
    const auto be16 = [&](std::size_t i) { return (int(b[i]) << 8) | b[i + 1]; };
    // Walk the marker segments up to the first start-of-frame (SOF0..SOF15
    // except DHT C4, JPG C8 and DAC CC, which share the range).
    std::size_t i = 2;
    while (i + 9 < n) {
        if (b[i] != 0xFF) return std::nullopt;
        const int marker = b[i + 1];
        if (marker == 0xFF) { ++i; continue; }  // fill byte
        const std::size_t length = static_cast<std::size_t>(be16(i + 2));
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) return std::pair{be16(i + 7), be16(i + 5)};
        if (marker == 0xDA || length < 2) return std::nullopt;  // scan data before any frame header
        i += 2 + length;
    }
    return std::nullopt;
}

}  // namespace corevla::importers
