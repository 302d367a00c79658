// SPDX-License-Identifier: MIT
#include "importers/common/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

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

}  // namespace corevla::importers
