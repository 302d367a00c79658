// SPDX-License-Identifier: MIT
// The scenario kinds of the closed loop, as the command line names them, and
// the Bench2Drive scenario type each one is scored as (its abilities follow
// from the type: bench2drive_scores.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corevla::closedloop {

enum class Kind { CutIn, BlockedLane, PedestrianCrossing, EmergencyVehicle, Normal };

// cut-in, blocked-lane, pedestrian-crossing, emergency-vehicle, normal: in that order.
const std::vector<Kind>& allKinds();
std::string_view kindName(Kind kind);
std::optional<Kind> kindFromName(std::string_view name);
// HighwayCutIn (Merging), ParkedObstacle (Overtaking), DynamicObjectCrossing
// (Emergency_Brake), YieldToEmergencyVehicle (Give_Way), NormalDriving (none).
std::string_view scenarioType(Kind kind);
// The four long-tail kinds: everything but normal.
bool isLongTail(Kind kind);

// "cut-in,normal", "all" or "long-tail" (with normal: "long-tail,normal");
// nullopt and *error naming the unknown kind.
std::optional<std::vector<Kind>> parseKinds(std::string_view list, std::string* error);

}  // namespace corevla::closedloop
