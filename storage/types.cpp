// SPDX-License-Identifier: MIT
#include "storage/types.h"

#include <algorithm>
#include <array>
#include <utility>

namespace corevla {
namespace {

constexpr std::array<std::pair<SourceKind, const char*>, 3> kSourceNames{{
    {SourceKind::Bench2DriveClip, "bench2drive_clip"},
    {SourceKind::Bench2DriveEval, "bench2drive_eval"},
    {SourceKind::CaveSession, "cave_session"},
}};

constexpr std::array<std::pair<EventKind, const char*>, 6> kEventNames{{
    {EventKind::TakeoverStart, "takeover_start"},
    {EventKind::TakeoverEnd, "takeover_end"},
    {EventKind::Infraction, "infraction"},
    {EventKind::Collision, "collision"},
    {EventKind::Bookmark, "bookmark"},
    {EventKind::Note, "note"},
}};

template <typename Enum, std::size_t N>
const char* nameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum value) {
    for (const auto& [e, name] : table)
        if (e == value) return name;
    return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char*>, N>& table, const std::string& name) {
    for (const auto& [e, n] : table)
        if (name == n) return e;
    return std::nullopt;
}

}  // namespace

const char* sourceKindName(SourceKind kind) { return nameOf(kSourceNames, kind); }
std::optional<SourceKind> sourceKindFromName(const std::string& name) { return valueOf(kSourceNames, name); }
const char* eventKindName(EventKind kind) { return nameOf(kEventNames, kind); }
std::optional<EventKind> eventKindFromName(const std::string& name) { return valueOf(kEventNames, name); }

int countTakeovers(const std::vector<Event>& events) {
    return static_cast<int>(std::count_if(events.begin(), events.end(),
                                          [](const Event& e) { return e.kind == EventKind::TakeoverStart; }));
}

}  // namespace corevla
