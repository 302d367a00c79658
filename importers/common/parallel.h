// SPDX-License-Identifier: MIT
// The one parallel loop of the importers and the sample world: items handed
// out in order, results in their own slots, so output never depends on
// scheduling.
#pragma once

#include <cstddef>
#include <functional>

#include "storage/progress.h"

namespace corevla::importers {

// threads <= 0: std::thread::hardware_concurrency() (at least 1).
int resolveThreads(int threads);

// Runs fn(i, worker) for every i in [0, n) on up to `threads` threads, worker
// in [0, threads). Items are handed out in order; results belong in slot i, so
// the output order never depends on scheduling. The calling thread is worker 0
// and is the only one that calls progress(done) (ProgressFn need not be
// thread-safe). The cancel token is checked before each item; returns false
// when it fired. An exception thrown by fn stops the loop and is rethrown here
// after every thread joined.
bool parallelFor(std::size_t n, int threads, const CancelToken* cancel,
                 const std::function<void(std::size_t i, int worker)>& fn,
                 const std::function<void(std::size_t done)>& progress = {});

}  // namespace corevla::importers
