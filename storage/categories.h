// SPDX-License-Identifier: MIT
// What a segment is about (Segment::category): one of Bench2Drive's five
// abilities or one of its scenario types, as Bench2Drive spells them
// (tools/ability_benchmark.py and the routes XML). A person may type another;
// these are the ones offered. Plain C++.
#pragma once

#include <string>
#include <vector>

namespace corevla {

// "Merging", "Overtaking", "EmergencyBrake", "GiveWay", "TrafficSigns".
const std::vector<std::string>& bench2driveAbilities();
// Scenario types ("Accident", "HardBreakRoute", ...), sorted.
const std::vector<std::string>& bench2driveScenarios();
// The abilities a scenario type counts for (a scenario may count for two).
std::vector<std::string> abilitiesOfScenario(const std::string& scenario);

}  // namespace corevla
