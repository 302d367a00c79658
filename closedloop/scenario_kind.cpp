// SPDX-License-Identifier: MIT
#include "closedloop/scenario_kind.h"

#include <algorithm>
#include <array>

namespace corevla::closedloop {

namespace {
struct KindInfo {
    Kind kind;
    std::string_view name, type;
};
constexpr std::array<KindInfo, 5> kKinds{{
    {Kind::CutIn, "cut-in", "HighwayCutIn"},
    {Kind::BlockedLane, "blocked-lane", "ParkedObstacle"},
    {Kind::PedestrianCrossing, "pedestrian-crossing", "DynamicObjectCrossing"},
    {Kind::EmergencyVehicle, "emergency-vehicle", "YieldToEmergencyVehicle"},
    {Kind::Normal, "normal", "NormalDriving"},
}};
const KindInfo& info(Kind kind) {
    return *std::find_if(kKinds.begin(), kKinds.end(), [&](const KindInfo& k) { return k.kind == kind; });
}
}  // namespace

const std::vector<Kind>& allKinds() {
    static const std::vector<Kind> kinds{Kind::CutIn, Kind::BlockedLane, Kind::PedestrianCrossing, Kind::EmergencyVehicle,
                                         Kind::Normal};
    return kinds;
}

std::string_view kindName(Kind kind) { return info(kind).name; }
std::string_view scenarioType(Kind kind) { return info(kind).type; }
bool isLongTail(Kind kind) { return kind != Kind::Normal; }

std::optional<Kind> kindFromName(std::string_view name) {
    for (const KindInfo& k : kKinds)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

std::optional<std::vector<Kind>> parseKinds(std::string_view list, std::string* error) {
    std::vector<Kind> kinds;
    auto add = [&](Kind k) {
        if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
    };
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) continue;
        if (item == "all" || item == "long-tail") {
            for (Kind k : allKinds())
                if (item == "all" || isLongTail(k)) add(k);
        } else if (const auto k = kindFromName(item)) {
            add(*k);
        } else {
            if (error)
                *error = "unknown scenario kind \"" + std::string(item) +
                         "\" (kinds: cut-in, blocked-lane, pedestrian-crossing, emergency-vehicle, normal, long-tail, all)";
            return std::nullopt;
        }
    }
    if (kinds.empty()) {
        if (error) *error = "no scenario kind given";
        return std::nullopt;
    }
    // The table's order, whatever order they were named in.
    std::sort(kinds.begin(), kinds.end());
    return kinds;
}

}  // namespace corevla::closedloop
