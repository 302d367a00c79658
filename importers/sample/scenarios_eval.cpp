// SPDX-License-Identifier: MIT
// Bench2Drive-VL closed-loop routes: the VLA decides at 1 Hz (meta-action to
// target speed, no IDM) and fails the long-tail moment. Failures are timed
// against the decision ticks, so they happen at any route length.
#include "importers/sample/reasoning_text.h"
#include "importers/sample/scenario_common.h"
#include "importers/sample/scenarios.h"

#include <cmath>

namespace corevla::sample {

Timeline evalYieldToEmergency(std::uint64_t seed, int frames) {
    Rng rng(mixSeed(seed, "eval.YieldToEmergencyVehicle"));
    Rng talk(mixSeed(seed, "eval.YieldToEmergencyVehicle.text"));
    const double T = frames / 10.0, cruise = 9.0;
    UrbanSpec spec;
    spec.originX = 1532.7 + rng.uniform(-5, 5);
    spec.originY = 2210.4 + rng.uniform(-5, 5);
    spec.heading = 2.2;
    spec.parking = 2.5;
    spec.junctions = {0.5 * cruise * T + 20};
    spec.weather = kEvalEmergency.weather;
    spec.roadId = 1204;
    spec.dressing.s0 = -150;
    spec.dressing.s1 = cruise * T + 170;
    World w = makeUrbanWorld(rng, spec);
    const double egoD = w.road.laneCenter(0);

    // Hard brake of the lead just after a decision tick: the VLA sees it one
    // second later, decelerates, then misreads the stopped car as moving.
    const double tBrake = std::max(2.0, std::floor(T - 4.0)) + 0.1;
    const double tPass = std::min(0.45 * T, tBrake - 0.5);
    const double tArrive = std::max(0.3, tPass - 3.0);
    const VehicleModel& leadModel = *findVehicleModel("vehicle.tesla.model3");
    const int lead = addVehicle(w, rng, leadModel, {150, 20, 24}, w.egoExtent.x + 14.0 + leadModel.ex, egoD, true, true);
    const VehicleModel& ambModel = *findVehicleModel("vehicle.ford.ambulance");
    const double ambS = -w.egoExtent.x - (6.0 * tArrive + 9.0) - ambModel.ex;
    const int amb = addVehicle(w, rng, ambModel, {238, 238, 236}, ambS, egoD, true, true);
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, -1, -1, 10, 10 + 10 * T + 250, 30, 10.0);
    addFlow(w, rng, traffic, -2, -1, 25, 25 + 10 * T + 250, 38, 9.0);
    const std::string leadWord = vehicleWord(w.actors[lead]);

    Sim sim(std::move(w), 2 * frames);
    sim.placeEgo(0, egoD, cruise);
    placeAll(sim, traffic);
    sim.placeActor(lead, sim.actorS(lead), egoD, cruise);
    sim.dyn(lead).vMax = cruise;
    sim.placeActor(amb, ambS, egoD, 15.0);
    sim.dyn(amb).vMax = 15.0;

    auto vla = VlaController::cruising(cruise, egoD, false);
    std::vector<int> hits;
    int afterBrake = 0;
    double tHit = -1;
    bool yieldLogged = false;
    while (!sim.done()) {
        const double t = sim.t();
        driveTraffic(sim, traffic);
        DynState& l = sim.dyn(lead);
        if (t >= tBrake) l.accel = (t < tBrake + 3.5 || tHit < 0 || t < tHit + 2.5) ? (l.v > 0 ? -8.0 : 0.0) : 1.5;
        DynState& a = sim.dyn(amb);
        a.accel = trafficAccel(sim, amb);
        if (t >= tPass) a.targetD = sim.road().laneCenter(1);
        if (t >= tPass && !yieldLogged) {
            sim.addInfraction({"yield_emergency_vehicle_infractions", "Agent failed to yield to an emergency vehicle", -1});
            yieldLogged = true;
        }

        Tick tick;
        if (sim.decisionStep()) {
            const double gap = gapTo(sim, lead);
            const double ambGap = egoRearS(sim) - (sim.actorS(amb) + sim.world().actors[amb].extent.x);
            const bool ambBehind = ambGap > -1 && ambGap < 45 && std::fabs(sim.actorD(amb) - egoD) < 1.0;
            ModelOutput& m = tick.model;
            std::string why;
            m.gtDir = "FOLLOW_LANE";
            m.dangerActor = lead;
            m.qVehicles = text::importantVehicles(leadWord, gap, l.v, "ahead in the same lane");
            if (tHit >= 0) {
                const bool clear = gap > 6 && l.v > 1;
                vla.decide(clear ? "ACCELERATE" : "STOP", "FOLLOW_LANE", sim.ego().v);
                why = clear ? text::resume(talk, "ACCELERATE") : text::afterCollision(talk);
                m.gtSpeed = clear ? "ACCELERATE" : "STOP";
                m.gtAction = clear ? "The ego vehicle should follow the lane and accelerate."
                                   : "The ego vehicle should stop and wait.";
                m.qBrake = text::brakeAnswer(!clear, "it has collided with the vehicle ahead.");
            } else if (t > tBrake) {
                // First look after the brake: decelerate. Second: misreads the stopped car.
                ++afterBrake;
                const std::string cmd = afterBrake == 1 ? "DECELERATE" : "KEEP";
                vla.decide(cmd, "FOLLOW_LANE", sim.ego().v);
                why = afterBrake == 1 ? text::followLead(talk, leadWord, gap, l.v, cmd)
                                      : text::leadSlowingMissed(talk, leadWord, gap);
                m.gtSpeed = "STOP";
                m.gtAction = "The " + leadWord + " ahead is braking hard and stopping about " + text::num(gap) +
                             " meters ahead. The ego vehicle should stop.";
                m.qBrake = text::brakeAnswer(true, "the " + leadWord + " ahead is braking hard.");
            } else if (ambBehind) {
                vla.decide("KEEP", "FOLLOW_LANE", sim.ego().v);
                why = text::emergencyMissed(talk, ambGap);
                m.gtDir = "CHANGE_LANE_RIGHT";
                m.gtSpeed = "DECELERATE";
                m.gtAction = text::emergencyYield(talk, ambGap);
                m.qBrake = text::brakeAnswer(false, "but it should make way for the emergency vehicle behind.");
            } else {
                vla.decide(sim.ego().v < cruise - 0.5 ? "ACCELERATE" : "KEEP", "FOLLOW_LANE", sim.ego().v);
                why = text::followLead(talk, leadWord, gap, l.v, vla.speedCmd);
                m.gtSpeed = "KEEP";
                m.gtAction = "The ego vehicle should follow the lane and keep a safe distance to the " + leadWord + ".";
                m.qBrake = text::brakeAnswer(false, "the " + leadWord + " ahead keeps a safe distance.");
            }
            m.reasoning = why;
        }
        const double acc = vla.accel(sim);
        const std::string why = tick.model.reasoning;
        fillModel(tick, sim, vla, acc, why);
        sim.commit(std::move(tick), acc, egoD);

        const int hit = sim.done() ? -1 : newCollision(sim, hits);
        if (hit >= 0) {
            sim.addInfraction({"collisions_vehicle", collisionText(sim.world().actors[hit], sim.ego()), sim.step()});
            sim.ego().v *= 0.3;  // the impact takes most of the speed
            if (tHit < 0) tHit = sim.t();
        }
    }
    return sim.take();
}

Timeline evalParkingCrossingPedestrian(std::uint64_t seed, int frames) {
    Rng rng(mixSeed(seed, "eval.ParkingCrossingPedestrian"));
    Rng talk(mixSeed(seed, "eval.ParkingCrossingPedestrian.text"));
    const double T = frames / 10.0, cruise = 8.0;
    // The VLA looks at decision tick D, when the child is already running
    // out between parked cars, and brakes too late (impact ~0.8 s later).
    const double D = std::max(2.0, std::floor(0.55 * T));
    const double tRun = D - 0.5, runSpeed = 2.5;
    UrbanSpec spec;
    spec.originX = -812.3 + rng.uniform(-5, 5);
    spec.originY = 415.9 + rng.uniform(-5, 5);
    spec.heading = 1.0;
    spec.lanesFwd = 1;
    spec.lanesBack = 1;
    spec.parking = 2.5;
    spec.junctions = {cruise * T + 60};
    spec.weather = kEvalPedestrian.weather;
    spec.roadId = 877;
    const double egoEx = 2.44;
    const double sPed = egoEx + cruise * D + 5.0 + 0.25;
    spec.dressing.s0 = -150;
    spec.dressing.s1 = cruise * T + 170;
    spec.dressing.clearFrom = sPed - 10;
    spec.dressing.clearTo = sPed + 1.5;
    World w = makeUrbanWorld(rng, spec);
    const double egoD = w.road.laneCenter(0);
    const double parkD = w.road.lanesFwd * w.road.laneWidth + 0.5 * w.road.parkingWidth;
    const VehicleModel& van = *findVehicleModel("vehicle.mercedes.sprinter");
    addVehicle(w, rng, van, {236, 236, 232}, sPed - 1.2 - van.ex, parkD, true, false);
    const int child = addWalker(w, rng, sPed, w.road.rightKerb() - 0.7, w.road.heading - kPi / 2, true);
    w.actors[child].child = true;
    w.actors[child].extent.z = 0.62;
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, -1, -1, 10, 10 + 9 * T + 250, 34, 8.5);

    Sim sim(std::move(w), 2 * frames);
    sim.placeEgo(0, egoD, cruise);
    placeAll(sim, traffic);
    sim.placeActor(child, sPed, sim.actorD(child), 0);

    auto vla = VlaController::cruising(cruise, egoD, false);
    std::vector<int> hits;
    double tHit = -1;
    while (!sim.done()) {
        const double t = sim.t();
        driveTraffic(sim, traffic);
        DynState& c = sim.dyn(child);
        if (tHit >= 0) c.walkVd = t > tHit + 2.5 ? -1.0 : 0.0;  // stunned, then walks on
        else if (t >= tRun) c.walkVd = -runSpeed;
        if (c.d < sim.road().leftKerb() - 1.0) c.walkVd = 0;

        Tick tick;
        if (sim.decisionStep()) {
            const double gap = sim.actorS(child) - 0.25 - egoFrontS(sim);
            const bool onRoad = t >= tRun;
            std::string why;
            if (tHit >= 0) {
                const bool clear = c.d < egoD - 2.5;
                vla.decide(clear ? "ACCELERATE" : "STOP", "FOLLOW_LANE", sim.ego().v);
                why = clear ? text::resume(talk, "ACCELERATE") : text::afterCollision(talk);
            } else if (onRoad && gap > 0) {
                vla.decide("STOP", "FOLLOW_LANE", sim.ego().v);
                why = text::pedestrianAhead(talk, gap, "STOP", true);
            } else {
                vla.decide(sim.ego().v < cruise - 0.5 ? "ACCELERATE" : "KEEP", "FOLLOW_LANE", sim.ego().v);
                why = text::clearRoad(talk, vla.speedCmd);
            }
            tick.model.reasoning = why;
        }
        const double acc = vla.accel(sim);
        const std::string why = tick.model.reasoning;
        fillModel(tick, sim, vla, acc, why);
        sim.commit(std::move(tick), acc, egoD);

        const int hit = sim.done() ? -1 : newCollision(sim, hits);
        if (hit >= 0 && sim.world().actors[hit].cls == ActorClass::Walker) {
            sim.addInfraction({"collisions_pedestrian", collisionText(sim.world().actors[hit], sim.ego()), sim.step()});
            sim.ego().v *= 0.3;
            if (tHit < 0) tHit = sim.t();
        }
    }
    return sim.take();
}

}  // namespace corevla::sample
