// SPDX-License-Identifier: MIT
// Progress and cancellation cross library boundaries as plain callbacks and
// tokens, never as Qt signals.
#pragma once

#include <atomic>
#include <functional>
#include <string>

namespace corevla {

// fraction in [0,1]; what = a short human-readable label ("anno 120/400").
using ProgressFn = std::function<void(double fraction, const std::string& what)>;

class CancelToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

}  // namespace corevla
