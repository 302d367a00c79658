// SPDX-License-Identifier: MIT
// Enum <-> name tables: the names stored in the project and printed by the CLI.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace corevla {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, const char*>, N>;

template <typename Enum, std::size_t N>
const char* nameOf(const EnumNames<Enum, N>& table, Enum value) {
    for (const auto& [e, name] : table)
        if (e == value) return name;
    return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const EnumNames<Enum, N>& table, const std::string& name) {
    for (const auto& [e, n] : table)
        if (name == n) return e;
    return std::nullopt;
}

}  // namespace corevla
