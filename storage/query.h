// SPDX-License-Identifier: MIT
// The one select-and-map loop of the project's reads: every row through
// `map`, or nullopt when a step failed (busy, I/O error, corruption), so that
// a read cut short is never taken for the whole answer.
#pragma once

#include <optional>
#include <type_traits>
#include <vector>

#include "storage/database.h"

namespace corevla {

template <typename Map>
auto selectAll(Statement& query, Map&& map)
    -> std::optional<std::vector<std::invoke_result_t<Map&, const Statement&>>> {
    std::vector<std::invoke_result_t<Map&, const Statement&>> rows;
    while (query.step()) rows.push_back(map(static_cast<const Statement&>(query)));
    if (query.failed()) return std::nullopt;
    return rows;
}

// The first row through `map`: nullopt when there is none, and *failed set
// when the step failed rather than finding nothing.
template <typename Map>
auto selectOne(Statement& query, Map&& map, bool* failed)
    -> std::optional<std::invoke_result_t<Map&, const Statement&>> {
    const bool row = query.step();
    *failed = query.failed();
    if (!row) return std::nullopt;
    return map(static_cast<const Statement&>(query));
}

}  // namespace corevla
