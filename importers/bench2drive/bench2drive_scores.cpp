// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_scores.h"

#include <algorithm>

namespace corevla::bench2drive {
namespace {

// The abilities' scenario types, as formats.md §2.3 lists them (Bench2Drive's
// ability_benchmark.py since v0.0.3, whose earlier lists misspelt four types).
struct AbilityList {
    std::string_view name;
    std::vector<std::string_view> scenarios;
};
const std::vector<AbilityList>& abilityLists() {
    static const std::vector<AbilityList> lists{
        {"Merging",
         {"CrossingBicycleFlow", "EnterActorFlow", "HighwayExit", "HighwayCutIn", "InterurbanActorFlow", "InterurbanAdvancedActorFlow",
          "MergerIntoSlowTraffic", "MergerIntoSlowTrafficV2", "ParkingExit", "SequentialLaneChange", "SignalizedJunctionLeftTurn",
          "SignalizedJunctionRightTurn", "SignalizedJunctionLeftTurnEnterFlow", "NonSignalizedJunctionLeftTurn",
          "NonSignalizedJunctionRightTurn", "NonSignalizedJunctionLeftTurnEnterFlow"}},
        {"Overtaking",
         {"Accident", "AccidentTwoWays", "ConstructionObstacle", "ConstructionObstacleTwoWays", "HazardAtSideLane",
          "HazardAtSideLaneTwoWays", "ParkedObstacle", "ParkedObstacleTwoWays", "VehicleOpensDoorTwoWays"}},
        {"Emergency_Brake",
         {"BlockedIntersection", "DynamicObjectCrossing", "HardBreakRoute", "OppositeVehicleTakingPriority",
          "OppositeVehicleRunningRedLight", "ParkingCutIn", "PedestrianCrossing", "ParkingCrossingPedestrian", "StaticCutIn",
          "VehicleTurningRoute", "VehicleTurningRoutePedestrian", "ControlLoss"}},
        {"Give_Way", {"InvadingTurn", "YieldToEmergencyVehicle"}},
        {"Traffic_Signs",
         {"BlockedIntersection", "OppositeVehicleTakingPriority", "OppositeVehicleRunningRedLight", "PedestrianCrossing",
          "VehicleTurningRoute", "VehicleTurningRoutePedestrian", "EnterActorFlow", "CrossingBicycleFlow",
          "SignalizedJunctionLeftTurn", "SignalizedJunctionRightTurn", "SignalizedJunctionLeftTurnEnterFlow",
          "NonSignalizedJunctionLeftTurn", "NonSignalizedJunctionRightTurn", "NonSignalizedJunctionLeftTurnEnterFlow", "T_Junction",
          "VanillaNonSignalizedTurn", "VanillaNonSignalizedTurnEncounterStopsign", "VanillaSignalizedTurnEncounterGreenLight",
          "VanillaSignalizedTurnEncounterRedLight"}},
    };
    return lists;
}

bool has(const RouteOutcome& route, std::string_view key) {
    return std::find(route.infractions.begin(), route.infractions.end(), key) != route.infractions.end();
}

}  // namespace

double penaltyFactor(std::string_view key) {
    static const std::vector<std::pair<std::string_view, double>> factors{
        {"collisions_pedestrian", 0.5}, {"collisions_vehicle", 0.6}, {"collisions_layout", 0.65}, {"red_light", 0.7},
        {"stop_infraction", 0.8},       {"scenario_timeouts", 0.7},  {"yield_emergency_vehicle_infractions", 0.7}};
    for (const auto& [name, factor] : factors)
        if (name == key) return factor;
    return 1.0;
}

RouteOutcome scoreRoute(const DrivenRoute& route, double* penalty) {
    RouteOutcome out;
    out.routeId = route.routeId;
    out.scenario = route.scenario;
    out.infractions = route.infractions;
    out.routeCompletion = std::clamp(route.completion, 0.0, 100.0);
    double product = 1.0;
    for (const std::string& key : route.infractions)
        product *= key == "outside_route_lanes" ? 1.0 - std::clamp(route.outsideLanesPct, 0.0, 100.0) / 100.0 : penaltyFactor(key);
    out.drivingScore = std::max(out.routeCompletion * product, 0.0);
    if (!route.failure.empty()) out.status = "Failed - " + route.failure;
    else if (out.routeCompletion < 100.0) out.status = "Failed";
    else out.status = route.infractions.empty() ? "Perfect" : "Completed";
    if (penalty) *penalty = product;
    return out;
}

bool routeSucceeded(const RouteOutcome& route) {
    if (route.status != "Perfect" && route.status != "Completed") return false;
    return std::all_of(route.infractions.begin(), route.infractions.end(),
                       [](const std::string& key) { return key == "min_speed_infractions"; });
}

std::string_view scenarioType(std::string_view name) {
    const auto underscore = name.rfind('_');
    if (underscore == std::string_view::npos || underscore + 1 == name.size()) return name;
    const std::string_view tail = name.substr(underscore + 1);
    return std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; }) ? name.substr(0, underscore) : name;
}

std::vector<std::string_view> abilityNames() {
    std::vector<std::string_view> names;
    for (const AbilityList& a : abilityLists()) names.push_back(a.name);
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string_view> abilitiesOf(std::string_view scenario) {
    const std::string_view type = scenarioType(scenario);
    std::vector<std::string_view> out;
    for (const AbilityList& a : abilityLists())
        if (std::find(a.scenarios.begin(), a.scenarios.end(), type) != a.scenarios.end()) out.push_back(a.name);
    return out;
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
            // A failed Traffic_Signs route still counts for it when it got past
            // its first junction with no red light or stop sign run. Where that
            // junction lies needs the routes file and the town's map (CARLA);
            // a finished route surely got past it, an unfinished one is
            // counted as not (a lower bound).
            if (ability == "Traffic_Signs" && !success)
                a.successes += route.routeCompletion >= 100 && !has(route, "red_light") && !has(route, "stop_infraction");
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
