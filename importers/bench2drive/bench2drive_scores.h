// SPDX-License-Identifier: MIT
// Bench2Drive's closed-loop scores over the routes of one evaluation
// (formats.md §2.3): driving score, success rate, and the five abilities
// of its tools/ability_benchmark.py (v0.0.4). Plain data in, numbers out: the
// Bench2Drive summary and the closed-loop runner score with the same code.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corevla::bench2drive {

struct RouteOutcome {
    std::string routeId, scenario, status;  // scenario: its first scenario's type, or name ("ParkingCutIn_1")
    double routeCompletion = 0;             // score_route, 0..100
    double drivingScore = 0;                // score_composed, 0..100
    std::vector<std::string> infractions;   // one key per infraction ("collisions_vehicle", ...)
};

// The penalty factor one infraction multiplies score_penalty by (formats.md
// §2.3): pedestrian 0.5, vehicle 0.6, layout 0.65, red light 0.7, stop 0.8,
// scenario timeout 0.7, failing to yield 0.7; 1 for keys without a factor
// (min speed, and route_dev / vehicle_blocked / route_timeout, which end the
// route instead). outside_route_lanes' factor depends on its text: see below.
double penaltyFactor(std::string_view key);

// How a driven route ended, for scoreRoute: why it stopped before its end
// ("Agent got blocked", "Agent timed out", "Agent deviated from the route"),
// empty when it reached the end.
struct DrivenRoute {
    std::string routeId, scenario;
    double completion = 0;                  // % of the route driven, 0..100
    std::vector<std::string> infractions;   // keys, one per infraction
    double outsideLanesPct = 0;             // outside_route_lanes: % of the completed route
    std::string failure;
};
// The leaderboard's record of a route: status "Perfect" (completion 100, no
// infraction), "Completed" (100, some), "Failed" or "Failed - <failure>";
// score_penalty the product of the factors; score_composed = completion x
// penalty. *penalty gets score_penalty when asked.
RouteOutcome scoreRoute(const DrivenRoute& route, double* penalty = nullptr);

// Perfect or Completed, and no infraction but min_speed_infractions.
bool routeSucceeded(const RouteOutcome& route);

// A scenario's type from its name: results files write the route XML's
// scenario name, "<Type>_<n>" ("ParkingCutIn_1"); a bare type stays as it is.
std::string_view scenarioType(std::string_view name);
// The abilities a scenario (type or name) counts for, in Bench2Drive's
// spelling ("Emergency_Brake", ...); none for a type outside its lists.
std::vector<std::string_view> abilitiesOf(std::string_view scenario);
// The five abilities' names, sorted as DrivingSummary::abilities is.
std::vector<std::string_view> abilityNames();

struct AbilityScore {
    int routes = 0, successes = 0;
    double rate() const { return routes ? double(successes) / routes : 0.0; }
};

struct DrivingSummary {
    int routes = 0, successes = 0;
    double drivingScore = 0;  // mean score_composed of the routes held, 0..100
    double successRate = 0;   // 0..1
    std::map<std::string, AbilityScore> abilities;  // the five that have routes
    std::optional<double> abilityMean;              // of the abilities that have routes
};

DrivingSummary summarise(const std::vector<RouteOutcome>& routes);

}  // namespace corevla::bench2drive
