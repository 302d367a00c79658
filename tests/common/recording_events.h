// SPDX-License-Identifier: MIT
// A recording's events of one kind, in order.
#pragma once

#include <vector>

#include "storage/types.h"

namespace corevla::testing {

inline std::vector<Event> eventsOf(const Recording& rec, EventKind kind) {
    std::vector<Event> out;
    for (const Event& e : rec.events)
        if (e.kind == kind) out.push_back(e);
    return out;
}

}  // namespace corevla::testing
