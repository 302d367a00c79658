// SPDX-License-Identifier: MIT
// CAVE sessions: the VLA drives with CoReVLA's IDM layer, a safety driver
// watches and takes over when the model fails. Authority switches only on
// 10 Hz log ticks (even steps) so the log shows clean takeover edges.
#include "importers/sample/reasoning_text.h"
#include "importers/sample/scenario_common.h"
#include "importers/sample/scenarios.h"

#include <cmath>
#include <string>
#include <vector>

namespace corevla::sample {

namespace {

int evenStep(double t) {
    const int s = static_cast<int>(std::lround(t * 20));
    return s + (s & 1);
}

// One tick's common part: model controls and text, the driver, authority,
// gaze and takeover events; then the step.
struct CaveStep {
    Sim& sim;
    VlaController& vla;
    Rng& noise;
    bool writeEdgeEvents = true;
    bool wasDriver = false;

    void run(Tick& tick, const std::string& reasoning, bool driver, double driverAcc, double driverD) {
        const double modelAcc = vla.accel(sim);
        fillModel(tick, sim, vla, modelAcc, reasoning);
        tick.driver = driver;
        tick.driverCtl = driverControls(sim, noise, driver, driverAcc, driverD, tick.model.ctl);
        if (writeEdgeEvents && driver != wasDriver) tick.events.push_back(driver ? "takeover_start" : "takeover_end");
        wasDriver = driver;
        sim.commit(std::move(tick), driver ? driverAcc : modelAcc, driver ? driverD : vla.laneD);
    }
};

void lookAhead(Tick& tick, const Sim& sim) {
    tick.gaze = true;
    tick.gazeAt = sim.road().at(sim.ego().s + 35, sim.ego().d, 1.0);
    tick.gazeStrength = 0.55;
}

void lookAt(Tick& tick, const Sim& sim, int actor, double z) {
    tick.gaze = true;
    tick.gazeAt = sim.actorPos(actor, z);
    tick.gazeStrength = 1.0;
}

UrbanSpec caveSpec(Rng& rng, double x, double y, double heading, const char* weather, double length,
                   const CaveVariant& v) {
    UrbanSpec spec;
    spec.lanesFwd = v.lanesFwd;
    spec.lanesBack = v.lanesBack;
    spec.parking = v.parking;
    spec.originX = x + rng.uniform(-4, 4);
    spec.originY = y + rng.uniform(-4, 4);
    spec.heading = heading;
    spec.junctions = {length + 90};
    spec.weather = weatherIdFromName(v.weather ? v.weather : weather);
    spec.roadId = 300 + rng.below(200);
    spec.dressing.s0 = -150;
    spec.dressing.s1 = length + 180;
    return spec;
}

// The three random streams of a scenario: the world, the model's phrasing,
// the driver's hands. A variant names its own, so each extra session differs.
struct Streams {
    Rng rng, talk, noise;
};
Streams streams(std::uint64_t seed, const char* own, const CaveVariant& v) {
    const std::string base = v.salt ? v.salt : own;
    return {Rng(mixSeed(seed, base)), Rng(mixSeed(seed, base + ".text")), Rng(mixSeed(seed, base + ".noise"))};
}

// Oncoming traffic on every lane the road has against +s (two by default).
void oncomingFlows(World& w, Rng& rng, std::vector<Spawn>& traffic, const double (&s0)[2], double T, double perS,
                   const double (&gap)[2], const double (&speed)[2], const CaveVariant& v) {
    for (int k = 0; k < 2 && k < w.road.lanesBack; ++k)
        addFlow(w, rng, traffic, -1 - k, -1, s0[k], s0[k] + perS * T + 260, gap[k] / v.trafficScale,
                speed[k] * v.speedScale);
}

// The model's ordinary decision: follow the road user ahead in its lane, or
// hold the cruise speed on a free road.
std::string followOrCruise(const Sim& sim, VlaController& vla, Rng& talk, const Hit& lead, double cruise) {
    if (lead.actor >= 0 && lead.gap < 60) {
        const std::string cmd = lead.gap < 10 ? "DECELERATE" : (sim.ego().v < lead.speed - 1 ? "ACCELERATE" : "KEEP");
        vla.decide(cmd, "FOLLOW_LANE", sim.ego().v);
        return text::followLead(talk, vehicleWord(sim.world().actors[lead.actor]), lead.gap, lead.speed, cmd);
    }
    vla.decide(sim.ego().v < cruise - 0.5 ? "ACCELERATE" : "KEEP", "FOLLOW_LANE", sim.ego().v);
    return text::clearRoad(talk, vla.speedCmd);
}

}  // namespace

Timeline caveCutIn(std::uint64_t seed, int seconds, const CaveVariant& v) {
    auto [rng, talk, noise] = streams(seed, "cave.s01", v);
    const double T = seconds, cruise = 12.0 * v.speedScale, vCut = 8.0 * v.speedScale;
    World w = makeUrbanWorld(rng, caveSpec(rng, -45.0, 210.3, 0.6, kCaveCutIn.weather, cruise * T, v));
    const Road& road = w.road;
    const double egoD = road.laneCenter(0);
    const double tCut = std::floor((0.35 + v.eventShift) * T) + 0.3;
    const VehicleModel& cm = *findVehicleModel("vehicle.toyota.prius");
    const double sCut = w.egoExtent.x + (cruise - vCut) * tCut + 14.0 + cm.ex;
    const int cutter = addVehicle(w, rng, cm, {20, 50, 120}, sCut, road.laneCenter(1), true, true);
    std::vector<Spawn> traffic;
    traffic.push_back({addVehicle(w, rng, randomCarModel(rng), randomPaint(rng), sCut + 38, road.laneCenter(1), true, true),
                       sCut + 38, road.laneCenter(1), vCut, 1});
    traffic.push_back({addVehicle(w, rng, randomCarModel(rng), randomPaint(rng), sCut - 40, road.laneCenter(1), true, true),
                       sCut - 40, road.laneCenter(1), vCut, 1});
    addFlow(w, rng, traffic, 0, 1, 70, 600, 60 / v.trafficScale, 13.5 * v.speedScale);
    oncomingFlows(w, rng, traffic, {10, 30}, T, 11, {30, 42}, {11.0, 10.0}, v);
    const std::string word = vehicleWord(w.actors[cutter]);

    Sim sim(std::move(w), 20 * seconds);
    sim.placeEgo(0, egoD, cruise);
    placeAll(sim, traffic);
    sim.placeActor(cutter, sCut, sim.road().laneCenter(1), vCut);
    sim.dyn(cutter).vMax = vCut;
    auto vla = VlaController::cruising(cruise, egoD);
    CaveStep step{sim, vla, noise};
    const int toStart = evenStep(tCut + 0.8);
    const int toEnd = toStart + evenStep(clampd(0.1 * T, 1.6, 3.5));
    bool seenMiss = false;
    while (!sim.done()) {
        driveTraffic(sim, traffic);
        DynState& c = sim.dyn(cutter);
        c.accel = 0;
        if (sim.t() >= tCut) {
            c.targetD = egoD;
            c.latOmega = 1.8;
        }
        Tick tick;
        std::string why;
        const double gap = gapTo(sim, cutter);
        if (sim.decisionStep()) {
            const Hit lead = sim.leader(egoD, 1.1, true, false);
            if (sim.t() > tCut && !seenMiss) {
                vla.decide("KEEP", "FOLLOW_LANE", sim.ego().v);
                why = text::cutInMissed(talk, word, gap);
                seenMiss = true;
            } else if (sim.t() > tCut && std::fabs(c.d - egoD) > 0.4) {
                vla.decide("DECELERATE", "FOLLOW_LANE", sim.ego().v);
                why = text::cutIn(talk, word, gap, "DECELERATE");
            } else {
                why = followOrCruise(sim, vla, talk, lead, cruise);
            }
        }
        const bool driver = sim.step() >= toStart && sim.step() < toEnd;
        const double dAcc = clampd(1.0 * (c.v - 1.0 - sim.ego().v) + 0.25 * (gap - 12.0), -5.0, 0.8);
        if (sim.t() >= tCut - 0.4 && sim.step() < toEnd + 20) lookAt(tick, sim, cutter, 0.9);
        else lookAhead(tick, sim);
        step.run(tick, why, driver, dAcc, egoD);
    }
    return sim.take();
}

Timeline caveBlockedLane(std::uint64_t seed, int seconds, const CaveVariant& v) {
    auto [rng, talk, noise] = streams(seed, "cave.s02", v);
    const double T = seconds, cruise = 9.0 * v.speedScale, L = std::min(2.5, 0.12 * T);
    World w = makeUrbanWorld(rng, caveSpec(rng, 78.1, -133.9, -1.2, kCaveBlocked.weather, cruise * T, v));
    const Road& road = w.road;
    const double laneR = road.laneCenter(1), laneL = road.laneCenter(0);
    const VehicleModel& vm = *findVehicleModel("vehicle.mercedes.sprinter");
    const double sObs = w.egoExtent.x + vm.ex + 17.5 + cruise * std::max(0.0, (0.25 + v.eventShift) * T - 3.0);
    // -1: a hazard this variant leaves out (its takeover never comes).
    const int van = v.blockingVan ? addVehicle(w, rng, vm, {236, 236, 232}, sObs, laneR, true, true) : -1;
    if (van >= 0) w.actors[van].hazardLights = true;
    const int ped = v.pedestrian ? addWalker(w, rng, 0, road.leftKerb() - 1, w.road.heading + kPi / 2, true) : -1;
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, 0, 1, sObs + 60, 700, 55 / v.trafficScale, 11.0 * v.speedScale);
    oncomingFlows(w, rng, traffic, {20, 35}, T, 10, {36, 44}, {9.5, 9.0}, v);
    const std::string word = van >= 0 ? vehicleWord(w.actors[van]) : std::string();

    Sim sim(std::move(w), 20 * seconds);
    sim.placeEgo(0, laneR, cruise);
    placeAll(sim, traffic);
    if (van >= 0) {
        sim.placeActor(van, sObs, laneR, 0);
        sim.dyn(van).vMax = 0;
    }
    if (ped >= 0) {
        sim.placeActor(ped, 0, sim.road().leftKerb() - 1, 0);
        sim.dyn(ped).hidden = true;
    }
    auto vla = VlaController::cruising(cruise, laneR);
    CaveStep step{sim, vla, noise};
    constexpr int kNever = 1 << 30;
    const double tPed = (0.68 + v.eventShift) * T;
    const int start1 = van >= 0 ? evenStep((0.33 + v.eventShift) * T) : kNever;
    const int step2 = ped >= 0 ? evenStep(tPed) : kNever, start2 = ped >= 0 ? evenStep(tPed + L) : kNever;
    int end1 = -1, end2 = -1;
    while (!sim.done()) {
        const int k = sim.step();
        driveTraffic(sim, traffic);
        double pedGap = 1e9;
        bool pedActive = false, pedClear = true;
        if (ped >= 0) {
            DynState& p = sim.dyn(ped);
            if (k == step2) {  // the pedestrian steps off the far kerb, timed to meet the ego
                p.hidden = false;
                p.s = sim.ego().s + sim.ego().v * (L + 2.0) + sim.world().egoExtent.x + 1.0;
                p.d = 0.4 - 1.5 * (L + 2.0);
                p.walkVd = 1.5;
            }
            if (p.d > sim.road().rightKerb() + 1.5) p.walkVd = 0;
            pedGap = p.s - 0.3 - egoFrontS(sim);
            pedActive = k >= step2 && pedGap > -3;
            pedClear = p.d > sim.ego().d + 1.9;
        }

        if (end1 < 0 && k >= start1 && k % 2 == 0 &&
            ((egoRearS(sim) > sObs + vm.ex + 4 && std::fabs(sim.ego().d - laneL) < 0.3) || k >= step2 - 12)) {
            end1 = k;
            vla.laneD = laneL;
        }
        if (end2 < 0 && k >= start2 && k % 2 == 0 && (pedClear || k >= 20 * seconds - 6)) end2 = k;
        const bool driver = (k >= start1 && (end1 < 0 || k < end1)) || (k >= start2 && (end2 < 0 || k < end2));

        Tick tick;
        std::string why;
        if (sim.decisionStep()) {
            const double gap = van >= 0 ? gapTo(sim, van) : 1e9;
            const bool vanAhead = van >= 0 && gap > -1 && std::fabs(sim.ego().d - laneR) < 1.5;
            if (pedActive && !pedClear && sim.ego().v < 0.5) {
                vla.decide("STOP", "FOLLOW_LANE", sim.ego().v);
                why = text::pedestrianAhead(talk, std::max(pedGap, 1.0), "STOP", false);
            } else if (pedActive && !pedClear) {
                vla.decide("KEEP", "FOLLOW_LANE", sim.ego().v);
                why = text::pedestrianMissed(talk);
            } else if (vanAhead && gap < 70) {
                // The failure: it keeps its lane and queues behind a van that will not move.
                const bool waiting = sim.ego().v < 2.0 && gap < 15;
                vla.decide(waiting || gap < 25 ? "STOP" : "KEEP", "FOLLOW_LANE", sim.ego().v);
                why = waiting ? text::waitBehind(talk, word, gap)
                              : (gap < 25 ? text::stoppedAhead(talk, word, gap, vla.speedCmd) : text::stayBehind(talk, word, gap));
            } else if (sim.ego().v < cruise - 0.5) {
                vla.decide("ACCELERATE", "FOLLOW_LANE", sim.ego().v);
                why = k > step2 || end1 > 0 ? text::resume(talk, "ACCELERATE") : text::clearRoad(talk, "ACCELERATE");
            } else {
                vla.decide("KEEP", "FOLLOW_LANE", sim.ego().v);
                why = text::clearRoad(talk, "KEEP");
            }
        }
        double dAcc = 0, dD = vla.laneD;
        if (driver && k < step2) {  // swing out into the free left lane and pass the van
            dD = laneL;
            dAcc = sim.ego().v < 6.0 ? 1.4 : 0.0;
        } else if (driver) {        // brake for the pedestrian, then hold
            dAcc = sim.ego().v > 0.05 ? clampd(-sim.ego().v * sim.ego().v / (2 * std::max(pedGap - 6.0, 1.0)), -6.0, -1.5) : 0;
        }
        if (pedActive && k >= step2 + 6 && (end2 < 0 || k < end2 + 10)) lookAt(tick, sim, ped, 1.5);
        else if (k >= start1 && k < start1 + 12) { tick.gaze = true; tick.gazeMirror = true; tick.gazeStrength = 0.8; }
        else if (van >= 0 && gapTo(sim, van) > -2 && gapTo(sim, van) < 60) lookAt(tick, sim, van, 1.2);
        else lookAhead(tick, sim);
        step.run(tick, why, driver, dAcc, dD);
    }
    return sim.take();
}

Timeline caveEmergency(std::uint64_t seed, int seconds, const CaveVariant& v) {
    auto [rng, talk, noise] = streams(seed, "cave.s03", v);
    const double T = seconds, cruise = 11.0 * v.speedScale, vAmb = 17.0 * v.speedScale;
    World w = makeUrbanWorld(rng, caveSpec(rng, 402.5, -1291.7, 2.9, kCaveEmergency.weather, cruise * T, v));
    const Road& road = w.road;
    const double lane0 = road.laneCenter(0), lane1 = road.laneCenter(1);
    const double tArrive = (0.35 + v.eventShift) * T;
    const VehicleModel& am = *findVehicleModel("vehicle.ford.ambulance");
    const double sAmb = -w.egoExtent.x - (vAmb - cruise) * tArrive - 6.0 - am.ex;
    const int amb = addVehicle(w, rng, am, {238, 238, 236}, sAmb, lane0, true, true);
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, 1, 1, 160, 700, 60 / v.trafficScale, 12.0 * v.speedScale);
    oncomingFlows(w, rng, traffic, {15, 30}, T, 12, {32, 40}, {11.0, 10.0}, v);

    Sim sim(std::move(w), 20 * seconds);
    sim.placeEgo(0, lane0, cruise);
    placeAll(sim, traffic);
    sim.placeActor(amb, sAmb, lane0, vAmb);
    sim.dyn(amb).vMax = vAmb;
    auto vla = VlaController::cruising(cruise, lane0);
    CaveStep step{sim, vla, noise, false};  // this simulator build does not log takeover edges
    int start = -1, end = -1, bookmark = -1;
    double tContact = -1;
    bool contactPending = false;
    while (!sim.done()) {
        const int k = sim.step();
        driveTraffic(sim, traffic);
        DynState& a = sim.dyn(amb);
        const double ambGap = egoRearS(sim) - (a.s + am.ex);  // ambulance front to ego rear
        if (sim.ego().d < 3.5 && ambGap > -1) {
            // Closing in on the ego that will not move over; brakes late.
            a.accel = ambGap < 6.0 ? -2.5 : (a.v < vAmb ? 1.0 : 0.0);
            if (tContact >= 0) a.accel = clampd(1.0 * (sim.ego().v - 0.5 - a.v) + 0.3 * (ambGap - 4), -4, 1);
        } else {
            a.accel = a.v < vAmb ? 1.5 : 0.0;
        }
        if (start < 0 && k % 2 == 0 && ((tContact >= 0 && sim.t() >= tContact + 0.5) || sim.t() >= tArrive + 2.5))
            start = k;
        const double passed = a.s - am.ex - egoFrontS(sim);
        if (start >= 0 && end < 0 && k % 2 == 0 && (passed > 12 || k >= 20 * seconds - 16)) {
            end = k;
            vla.laneD = lane1;
            bookmark = std::min(k + 20, 20 * seconds - 4);
        }
        const bool driver = start >= 0 && k >= start && (end < 0 || k < end);

        Tick tick;
        std::string why;
        if (sim.decisionStep()) {
            if (ambGap > -1 && ambGap < 45 && std::fabs(a.d - sim.ego().d) < 1.5) {
                vla.decide("KEEP", "FOLLOW_LANE", sim.ego().v);
                why = text::emergencyMissed(talk, std::max(ambGap, 0.0));
            } else {
                vla.decide(sim.ego().v < cruise - 0.5 ? "ACCELERATE" : "KEEP", "FOLLOW_LANE", sim.ego().v);
                why = end >= 0 ? text::resume(talk, vla.speedCmd) : text::clearRoad(talk, vla.speedCmd);
            }
        }
        if (contactPending) tick.events.push_back("collision");
        contactPending = false;
        if (k == bookmark) tick.events.push_back("bookmark");
        if (ambGap > -1 && ambGap < 40) { tick.gaze = true; tick.gazeMirror = true; tick.gazeStrength = 0.9; }
        else if (passed > -6 && passed < 60) lookAt(tick, sim, amb, 1.4);
        else lookAhead(tick, sim);
        const double dAcc = clampd(0.8 * (7.0 - sim.ego().v), -2.5, 1.0);
        step.run(tick, why, driver, dAcc, lane1);
        if (k % 2 == 1 && !sim.done() && tContact < 0 && sim.collidingActor() == amb) {
            tContact = sim.t();
            sim.ego().v += 0.6;     // the push from behind
            contactPending = true;  // logged on the next (10 Hz) tick
        }
    }
    return sim.take();
}

Timeline caveCruise(std::uint64_t seed, int seconds, const CaveVariant& v) {
    auto [rng, talk, noise] = streams(seed, "cave.cruise", v);
    const double T = seconds, cruise = 11.0 * v.speedScale;
    World w = makeUrbanWorld(rng, caveSpec(rng, 120.4, 36.2, 1.9, "ClearNoon", cruise * T, v));
    const Road& road = w.road;
    const int lane = rng.below(2), other = 1 - lane;
    const double egoD = road.laneCenter(lane);
    std::vector<Spawn> traffic;
    // Slower cars ahead in the ego's lane to follow; faster ones passing beside.
    addFlow(w, rng, traffic, lane, 1, 30, 30 + cruise * T + 200, 70 / v.trafficScale, 0.8 * cruise);
    addFlow(w, rng, traffic, other, 1, -40, cruise * T + 300, 55 / v.trafficScale, 1.15 * cruise);
    oncomingFlows(w, rng, traffic, {10, 25}, T, 11, {32, 42}, {10.5, 10.0}, v);
    // The nearest car ahead brakes hard to a halt for a while (a queue at a
    // light beyond the view): ordinary car following, which the model handles.
    const int lead = traffic.empty() || traffic.front().d != egoD ? -1 : traffic.front().actor;
    const double tBrake = (0.45 + v.eventShift) * T;

    Sim sim(std::move(w), 20 * seconds);
    sim.placeEgo(0, egoD, cruise);
    placeAll(sim, traffic);
    auto vla = VlaController::cruising(cruise, egoD);
    CaveStep step{sim, vla, noise};
    while (!sim.done()) {
        driveTraffic(sim, traffic);
        if (lead >= 0 && sim.t() >= tBrake && sim.t() < tBrake + 6) sim.dyn(lead).accel = -2.5;
        Tick tick;
        std::string why;
        const Hit ahead = sim.leader(egoD, 1.1, true, false);
        if (sim.decisionStep()) why = followOrCruise(sim, vla, talk, ahead, cruise);
        if (ahead.actor >= 0 && ahead.gap < 40) lookAt(tick, sim, ahead.actor, 1.0);
        else lookAhead(tick, sim);
        step.run(tick, why, false, 0, egoD);
    }
    return sim.take();
}

}  // namespace corevla::sample
