// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_scores.h"

#include <algorithm>

namespace corevla::bench2drive {
namespace {

// The lists of ability_benchmark.py as published, its spellings included:
// "ParkingCrossingPedestrain" and "VanillaNonSignalizedTurnEncouterStopsign"
// match no route of bench2drive220.xml, so those routes count for no
// ability there, and here, or our numbers would not be comparable.
struct AbilityList {
    std::string_view name;
    std::vector<std::string_view> scenarios;
};
const std::vector<AbilityList>& abilityLists() {
    static const std::vector<AbilityList> lists{
        {"Merging",
         {"CrossingBicycleFlow", "EnterActorFlow", "HighwayExit", "InterurbanActorFlow", "HighwayCutIn",
          "InterurbanAdvancedActorFlow", "MergerIntoSlowTrafficV2", "MergeIntoSlowTraffic", "NonSignalizedJunctionLeftTurn",
          "NonSignalizedJunctionRightTurn", "NonSignalizedJunctionLeftTurnEnterFlow", "ParkingExit", "SequentialLaneChange",
          "SignalizedJunctionLeftTurn", "SignalizedJunctionRightTurn", "SignalizedJunctionLeftTurnEnterFlow"}},
        {"Overtaking",
         {"Accident", "AccidentTwoWays", "ConstructionObstacle", "ConstructionObstacleTwoWays", "HazardAtSideLaneTwoWays",
          "HazardAtSideLane", "ParkedObstacleTwoWays", "ParkedObstacle", "VehicleOpenDoorTwoWays"}},
        {"Emergency_Brake",
         {"BlockedIntersection", "DynamicObjectCrossing", "HardBreakRoute", "OppositeVehicleTakingPriority",
          "OppositeVehicleRunningRedLight", "ParkingCutIn", "PedestrianCrossing", "ParkingCrossingPedestrain", "StaticCutIn",
          "VehicleTurningRoute", "VehicleTurningRoutePedestrian", "ControlLoss"}},
        {"Give_Way", {"InvadingTurn", "YieldToEmergencyVehicle"}},
        {"Traffic_Signs",
         {"BlockedIntersection", "OppositeVehicleTakingPriority", "OppositeVehicleRunningRedLight", "PedestrianCrossing",
          "VehicleTurningRoute", "VehicleTurningRoutePedestrian", "EnterActorFlow", "CrossingBicycleFlow",
          "NonSignalizedJunctionLeftTurn", "NonSignalizedJunctionRightTurn", "NonSignalizedJunctionLeftTurnEnterFlow",
          "SignalizedJunctionLeftTurn", "SignalizedJunctionRightTurn", "SignalizedJunctionLeftTurnEnterFlow", "T_Junction",
          "VanillaNonSignalizedTurn", "VanillaSignalizedTurnEncounterGreenLight", "VanillaSignalizedTurnEncounterRedLight",
          "VanillaNonSignalizedTurnEncouterStopsign"}},
    };
    return lists;
}

bool has(const RouteOutcome& route, std::string_view key) {
    return std::find(route.infractions.begin(), route.infractions.end(), key) != route.infractions.end();
}

}  // namespace

bool routeSucceeded(const RouteOutcome& route) {
    if (route.status != "Perfect" && route.status != "Completed") return false;
    return std::all_of(route.infractions.begin(), route.infractions.end(),
                       [](const std::string& key) { return key == "min_speed_infractions"; });
}

std::vector<std::string_view> abilitiesOf(std::string_view scenario) {
    std::vector<std::string_view> out;
    for (const AbilityList& a : abilityLists())
        if (std::find(a.scenarios.begin(), a.scenarios.end(), scenario) != a.scenarios.end()) out.push_back(a.name);
    return out;
}

const std::vector<std::string_view>& abilityNames() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> n;
        for (const AbilityList& a : abilityLists()) n.push_back(a.name);
        return n;
    }();
    return names;
}

DrivingSummary summarise(const std::vector<RouteOutcome>& routes) {
    DrivingSummary s;
    double composed = 0;
    for (const RouteOutcome& route : routes) {
        const bool success = routeSucceeded(route);
        ++s.routes;
        s.successes += success;
        composed += std::max(route.drivingScore, 0.0);
        for (std::string_view ability : abilitiesOf(route.scenario)) {
            AbilityScore& a = s.abilities[std::string(ability)];
            ++a.routes;
            a.successes += success;
            // ability_benchmark.py counts a Traffic_Signs route a second
            // time: passed when it got past its first junction with no red
            // light or stop sign run. Where that junction lies needs the
            // routes file and the town's map; a finished route surely got
            // past it, an unfinished one is counted as not (a lower bound).
            if (ability == "Traffic_Signs") {
                ++a.routes;
                a.successes += route.routeCompletion >= 100 && !has(route, "red_light") && !has(route, "stop_infraction");
            }
        }
    }
    if (s.routes) {
        s.drivingScore = composed / s.routes;
        s.successRate = double(s.successes) / s.routes;
    }
    if (!s.abilities.empty()) {
        double sum = 0;
        for (const auto& [name, a] : s.abilities) sum += a.rate();
        s.abilityMean = sum / double(s.abilities.size());
    }
    return s;
}

}  // namespace corevla::bench2drive
