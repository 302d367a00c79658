// SPDX-License-Identifier: MIT
// Progress and cancellation cross library boundaries as plain callbacks and
// tokens, never as Qt signals.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>

namespace corevla {

// fraction in [0,1]; what = a short human-readable label ("anno 120/400").
using ProgressFn = std::function<void(double fraction, const std::string& what)>;

// Maps [0,1] of a sub-step onto [from, to] of the caller's progress.
inline ProgressFn progressRange(const ProgressFn& progress, double from, double to) {
    if (!progress) return {};
    return [progress, from, to](double fraction, const std::string& what) {
        progress(from + (to - from) * std::clamp(fraction, 0.0, 1.0), what);
    };
}

class CancelToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

}  // namespace corevla
