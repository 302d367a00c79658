// SPDX-License-Identifier: MIT
#include "storage/types.h"

#include <algorithm>

#include "storage/enum_names.h"

namespace corevla {
namespace {

constexpr EnumNames<SourceKind, 3> kSourceNames{{
    {SourceKind::Bench2DriveClip, "bench2drive_clip"},
    {SourceKind::Bench2DriveEval, "bench2drive_eval"},
    {SourceKind::CaveSession, "cave_session"},
}};

constexpr EnumNames<EventKind, 6> kEventNames{{
    {EventKind::TakeoverStart, "takeover_start"},
    {EventKind::TakeoverEnd, "takeover_end"},
    {EventKind::Infraction, "infraction"},
    {EventKind::Collision, "collision"},
    {EventKind::Bookmark, "bookmark"},
    {EventKind::Note, "note"},
}};

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
