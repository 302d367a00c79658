// SPDX-License-Identifier: MIT
#include "storage/categories.h"

#include <algorithm>
#include <set>
#include <utility>

namespace corevla {
namespace {

// ability_benchmark.py's scenario lists (the TwoWays variants included).
// Our ability names drop Bench2Drive's underscores ("Emergency_Brake").
const std::vector<std::pair<std::string, std::vector<std::string>>>& abilityScenarios() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> table = {
        {"Merging",
         {"CrossingBicycleFlow", "EnterActorFlow", "HighwayExit", "HighwayCutIn", "InterurbanActorFlow",
          "InterurbanAdvancedActorFlow", "MergerIntoSlowTraffic", "MergerIntoSlowTrafficV2", "ParkingExit",
          "SequentialLaneChange", "SignalizedJunctionLeftTurn", "SignalizedJunctionRightTurn",
          "SignalizedJunctionLeftTurnEnterFlow", "NonSignalizedJunctionLeftTurn", "NonSignalizedJunctionRightTurn",
          "NonSignalizedJunctionLeftTurnEnterFlow"}},
        {"Overtaking",
         {"Accident", "AccidentTwoWays", "ConstructionObstacle", "ConstructionObstacleTwoWays", "HazardAtSideLane",
          "HazardAtSideLaneTwoWays", "ParkedObstacle", "ParkedObstacleTwoWays", "VehicleOpensDoorTwoWays"}},
        {"EmergencyBrake",
         {"BlockedIntersection", "DynamicObjectCrossing", "HardBreakRoute", "OppositeVehicleTakingPriority",
          "OppositeVehicleRunningRedLight", "ParkingCutIn", "PedestrianCrossing", "ParkingCrossingPedestrian",
          "StaticCutIn", "VehicleTurningRoute", "VehicleTurningRoutePedestrian", "ControlLoss"}},
        {"GiveWay", {"InvadingTurn", "YieldToEmergencyVehicle"}},
        {"TrafficSigns",
         {"BlockedIntersection", "OppositeVehicleTakingPriority", "OppositeVehicleRunningRedLight",
          "PedestrianCrossing", "VehicleTurningRoute", "VehicleTurningRoutePedestrian", "EnterActorFlow",
          "CrossingBicycleFlow", "SignalizedJunctionLeftTurn", "SignalizedJunctionRightTurn",
          "SignalizedJunctionLeftTurnEnterFlow", "NonSignalizedJunctionLeftTurn", "NonSignalizedJunctionRightTurn",
          "NonSignalizedJunctionLeftTurnEnterFlow", "T_Junction", "VanillaNonSignalizedTurn",
          "VanillaNonSignalizedTurnEncounterStopsign", "VanillaSignalizedTurnEncounterGreenLight",
          "VanillaSignalizedTurnEncounterRedLight"}},
    };
    return table;
}

}  // namespace

const std::vector<std::string>& bench2driveAbilities() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const auto& entry : abilityScenarios()) list.push_back(entry.first);
        return list;
    }();
    return names;
}

const std::vector<std::string>& bench2driveScenarios() {
    static const std::vector<std::string> names = [] {
        std::set<std::string> unique;
        for (const auto& entry : abilityScenarios()) unique.insert(entry.second.begin(), entry.second.end());
        return std::vector<std::string>(unique.begin(), unique.end());
    }();
    return names;
}

std::vector<std::string> abilitiesOfScenario(const std::string& scenario) {
    std::vector<std::string> found;
    for (const auto& entry : abilityScenarios())
        if (std::find(entry.second.begin(), entry.second.end(), scenario) != entry.second.end()) found.push_back(entry.first);
    return found;
}

}  // namespace corevla
