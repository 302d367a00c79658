// SPDX-License-Identifier: MIT
#include "closedloop/scenarios.h"

#include <cmath>

namespace corevla::closedloop {

using namespace sample;

namespace {

constexpr double kRouteSeconds = 24;          // the route is this long at the route's speed
constexpr double kSecondsGivenPerMetre = 0.4;  // Bench2Drive's route timeout (leaderboard 2.0's RouteScenario)
constexpr double kYieldAfterS = 8;    // an ambulance held up this long behind the ego: failing to yield

// Own random streams: the demo's training sessions never draw from these.
Rng streamFor(Kind kind, std::uint64_t seed) { return Rng(mixSeed(seed, "closed-loop." + std::string(kindName(kind)))); }

World urbanRoute(Rng& rng, double length) {
    UrbanSpec spec;
    spec.originX = rng.uniform(-400, 400);
    spec.originY = rng.uniform(-400, 400);
    spec.heading = rng.uniform(-kPi, kPi);
    spec.junctions = {length + 120};
    spec.weather = rng.below(14);
    spec.roadId = 300 + rng.below(200);
    spec.dressing.s0 = -150;
    spec.dressing.s1 = length + 200;
    return makeUrbanWorld(rng, spec);
}

void oncoming(World& w, Rng& rng, std::vector<Spawn>& traffic, double length) {
    addFlow(w, rng, traffic, -1, -1, 10, length + 500, rng.uniform(30, 45), rng.uniform(9.5, 11.5));
    addFlow(w, rng, traffic, -2, -1, 25, length + 500, rng.uniform(38, 50), rng.uniform(9.0, 10.5));
}

Scenario start(Kind kind, std::uint64_t seed, World w, std::vector<Spawn> traffic, double cruise, int lane) {
    const double goalS = cruise * kRouteSeconds;
    const double timeLimit = kSecondsGivenPerMetre * (goalS - w.egoExtent.x);  // the ego's front starts at egoExtent.x
    Scenario sc(kind, seed, std::move(w), timeLimit);
    sc.cruise = cruise;
    sc.egoLane = lane;
    sc.goalS = goalS;
    sc.traffic = std::move(traffic);
    sc.sim.placeEgo(0, sc.sim.road().laneCenter(lane), cruise);
    placeAll(sc.sim, sc.traffic);
    return sc;
}

Scenario cutIn(std::uint64_t seed) {
    Rng rng = streamFor(Kind::CutIn, seed);
    const double cruise = rng.uniform(10.5, 13.0), vCut = cruise * rng.uniform(0.55, 0.7);
    const double tMeet = rng.uniform(6, 10), trigger = rng.uniform(4.0, 7.0), brakeS = rng.uniform(1.2, 2.0);
    World w = urbanRoute(rng, cruise * kRouteSeconds);
    const double egoD = w.road.laneCenter(0), nextD = w.road.laneCenter(1);
    const VehicleModel& cm = randomCarModel(rng);
    // At cruise speed the ego's front is `trigger` metres behind its rear at tMeet.
    const double sCut = w.egoExtent.x + cm.ex + (cruise - vCut) * tMeet + trigger;
    const int cutter = addVehicle(w, rng, cm, randomPaint(rng), sCut, nextD, true, true);
    std::vector<Spawn> traffic;
    for (const double ds : {38.0, -40.0})
        traffic.push_back({addVehicle(w, rng, randomCarModel(rng), randomPaint(rng), sCut + ds, nextD, true, true), sCut + ds, nextD, vCut, 1});
    addFlow(w, rng, traffic, 0, 1, sCut + 60, sCut + 700, rng.uniform(55, 75), cruise + 1.5);
    oncoming(w, rng, traffic, cruise * kRouteSeconds);

    Scenario sc = start(Kind::CutIn, seed, std::move(w), std::move(traffic), cruise, 0);
    sc.hazard = cutter;
    sc.sim.placeActor(cutter, sCut, nextD, vCut);
    sc.sim.dyn(cutter).vMax = cruise;
    double cutAt = -1;
    sc.script = [=](Sim& sim) mutable {
        DynState& c = sim.dyn(cutter);
        if (cutAt < 0 && gapTo(sim, cutter) < trigger) {  // in, a few metres ahead of the ego's front
            cutAt = sim.t();
            c.targetD = egoD;
            c.latOmega = 2.0;
        }
        if (cutAt < 0) c.accel = c.v > vCut ? -1.0 : 0.0;
        else if (sim.t() < cutAt + 0.6) c.accel = 0;
        else if (sim.t() < cutAt + 0.6 + brakeS) c.accel = -3.5;  // brakes once it is in the lane
        else c.accel = 1.2;                                     // then drives on
    };
    return sc;
}

Scenario blockedLane(std::uint64_t seed) {
    Rng rng = streamFor(Kind::BlockedLane, seed);
    const double cruise = rng.uniform(8.5, 11.0);
    World w = urbanRoute(rng, cruise * kRouteSeconds);
    const double laneR = w.road.laneCenter(1);
    const VehicleModel& vm = *findVehicleModel("vehicle.mercedes.sprinter");
    const double sObs = w.egoExtent.x + vm.ex + cruise * rng.uniform(7, 11);
    const int van = addVehicle(w, rng, vm, {236, 236, 232}, sObs, laneR, true, true);
    w.actors[van].hazardLights = true;
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, 0, 1, sObs + 60, sObs + 700, rng.uniform(50, 65), 11.0);
    addFlow(w, rng, traffic, 1, 1, sObs + 40, sObs + 700, rng.uniform(50, 65), 10.0);
    oncoming(w, rng, traffic, cruise * kRouteSeconds);

    Scenario sc = start(Kind::BlockedLane, seed, std::move(w), std::move(traffic), cruise, 1);
    sc.hazard = van;
    sc.sim.placeActor(van, sObs, laneR, 0);
    sc.sim.dyn(van).vMax = 0;
    return sc;
}

Scenario pedestrianCrossing(std::uint64_t seed) {
    Rng rng = streamFor(Kind::PedestrianCrossing, seed);
    const double cruise = rng.uniform(8.5, 11.5), walk = rng.uniform(1.3, 1.8);
    const int lane = rng.below(2);
    World w = urbanRoute(rng, cruise * kRouteSeconds);
    const double egoD = w.road.laneCenter(lane), d0 = w.road.leftKerb() + 0.3;
    const double sCross = w.egoExtent.x + cruise * rng.uniform(8, 12);
    // It steps off when an ego at the route's speed would reach it just as it reaches the ego's lane.
    const double lead = cruise * (egoD - d0) / walk * rng.uniform(0.96, 1.04);
    const int ped = addWalker(w, rng, sCross, d0, w.road.heading + kPi / 2, true);
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, lane, 1, sCross + 80, sCross + 700, rng.uniform(55, 70), cruise + 1.0);
    addFlow(w, rng, traffic, 1 - lane, 1, sCross + 30, sCross + 700, rng.uniform(50, 65), cruise + 1.5);
    oncoming(w, rng, traffic, cruise * kRouteSeconds);

    Scenario sc = start(Kind::PedestrianCrossing, seed, std::move(w), std::move(traffic), cruise, lane);
    sc.hazard = ped;
    sc.sim.placeActor(ped, sCross, d0, 0);
    sc.sim.dyn(ped).hidden = true;
    sc.script = [=](Sim& sim) {
        DynState& p = sim.dyn(ped);
        if (p.hidden && p.walkVd == 0 && p.d < 0 && sCross - egoFrontS(sim) < lead) {
            p.hidden = false;
            p.walkVd = walk;
        }
        if (p.d > sim.road().rightKerb() + 1.5) p.walkVd = 0;  // on the far sidewalk
    };
    return sc;
}

Scenario emergencyVehicle(std::uint64_t seed) {
    Rng rng = streamFor(Kind::EmergencyVehicle, seed);
    const double cruise = rng.uniform(9.5, 12.0), vAmb = rng.uniform(15.5, 18.0), tArrive = rng.uniform(5, 9);
    World w = urbanRoute(rng, cruise * kRouteSeconds);
    const double lane0 = w.road.laneCenter(0);
    const VehicleModel& am = *findVehicleModel("vehicle.ford.ambulance");
    const double sAmb = -w.egoExtent.x - (vAmb - cruise) * tArrive - 6.0 - am.ex;
    const int amb = addVehicle(w, rng, am, {238, 238, 236}, sAmb, lane0, true, true);
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, 1, 1, rng.uniform(60, 120), 900, rng.uniform(50, 70), cruise);
    oncoming(w, rng, traffic, cruise * kRouteSeconds);

    Scenario sc = start(Kind::EmergencyVehicle, seed, std::move(w), std::move(traffic), cruise, 0);
    sc.hazard = amb;
    sc.sim.placeActor(amb, sAmb, lane0, vAmb);
    sc.sim.dyn(amb).vMax = vAmb;
    // It presses up to a few metres behind an ego that does not make way, as
    // emergency vehicles do (and as in the recorded sessions), matching the
    // ego's speed there; it never rams.
    sc.script = [=](Sim& sim) {
        DynState& a = sim.dyn(amb);
        const double gap = egoRearS(sim) - (a.s + am.ex);
        const double free = a.v < vAmb ? 1.5 : 0.0;
        if (gap < -1 || std::fabs(a.d - sim.ego().d) >= 2.5) a.accel = free;  // the ego made way, or it has passed
        else a.accel = gap < 1.0 ? -8.0 : clampd(1.0 * (sim.ego().v - a.v) + 0.5 * (gap - 2.5), -7.0, free);
    };
    double heldS = 0;
    bool reported = false;
    sc.rule = [=](const Sim& sim) mutable -> std::optional<Infraction> {
        const DynState& a = sim.dyn(amb);
        const double behind = egoRearS(sim) - (a.s + am.ex);
        if (behind > -1 && behind < 30 && std::fabs(a.d - sim.ego().d) < 2.0) heldS += 0.05;  // one step
        if (reported || heldS < kYieldAfterS) return std::nullopt;
        reported = true;
        return Infraction{"yield_emergency_vehicle_infractions", "Agent failed to yield to an emergency vehicle", sim.step()};
    };
    return sc;
}

Scenario normal(std::uint64_t seed) {
    Rng rng = streamFor(Kind::Normal, seed);
    const double cruise = rng.uniform(9.5, 12.5);
    const int lane = rng.below(2);
    World w = urbanRoute(rng, cruise * kRouteSeconds);
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, lane, 1, 30, 30 + cruise * kRouteSeconds + 200, rng.uniform(60, 80), 0.85 * cruise);
    addFlow(w, rng, traffic, 1 - lane, 1, -40, cruise * kRouteSeconds + 300, rng.uniform(50, 65), 1.1 * cruise);
    oncoming(w, rng, traffic, cruise * kRouteSeconds);
    const double egoD = w.road.laneCenter(lane);
    const int lead = traffic.empty() || traffic.front().d != egoD ? -1 : traffic.front().actor;
    const double tBrake = rng.uniform(8, 14), brakeS = rng.uniform(2.5, 4.0);

    Scenario sc = start(Kind::Normal, seed, std::move(w), std::move(traffic), cruise, lane);
    sc.script = [=](Sim& sim) {
        if (lead >= 0 && sim.t() >= tBrake && sim.t() < tBrake + brakeS) sim.dyn(lead).accel = -2.5;
    };
    return sc;
}

}  // namespace

Scenario::Scenario(Kind k, std::uint64_t s, World world, double limit)
    : kind(k), seed(s), sim(std::move(world), static_cast<int>(std::lround(limit * 20))), timeLimitS(limit) {
    weather = sim.world().weather.name;
}

void Scenario::moveOthers() {
    driveTraffic(sim, traffic);
    if (script) script(sim);
}

Scenario makeScenario(Kind kind, std::uint64_t seed) {
    switch (kind) {
    case Kind::CutIn: return cutIn(seed);
    case Kind::BlockedLane: return blockedLane(seed);
    case Kind::PedestrianCrossing: return pedestrianCrossing(seed);
    case Kind::EmergencyVehicle: return emergencyVehicle(seed);
    case Kind::Normal: break;
    }
    return normal(seed);
}

}  // namespace corevla::closedloop
