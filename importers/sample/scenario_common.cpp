// SPDX-License-Identifier: MIT
#include "importers/sample/scenario_common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace corevla::sample {

World makeUrbanWorld(Rng& rng, const UrbanSpec& spec) {
    World w;
    Road& r = w.road;
    r.originX = spec.originX;
    r.originY = spec.originY;
    r.heading = spec.heading;
    r.lanesFwd = spec.lanesFwd;
    r.lanesBack = spec.lanesBack;
    r.parkingWidth = spec.parking;
    r.roadId = spec.roadId;
    for (std::size_t i = 0; i < spec.junctions.size(); ++i)
        r.junctions.push_back({spec.junctions[i], 7.5, spec.roadId + 100 + static_cast<int>(i)});
    r.crosswalks = spec.crosswalks;
    w.weather = weatherPreset(spec.weather);
    w.lastId = 180 + rng.below(60);
    w.egoId = w.newId(rng);
    dressUrban(w, rng, spec.dressing);
    return w;
}

void addFlow(World& w, Rng& rng, std::vector<Spawn>& out, int lane, int dir, double s0, double s1, double gap,
             double speed) {
    const double d = w.road.laneCenter(lane);
    for (double s = s0 + rng.uniform(0, gap); s < s1; s += gap * rng.uniform(0.7, 1.4)) {
        if (w.road.inJunction(s, 4)) continue;
        const int idx = addVehicle(w, rng, randomCarModel(rng), randomPaint(rng), s, d, dir > 0, true);
        out.push_back({idx, s, d, speed * rng.uniform(0.92, 1.05), dir});
    }
}

void placeAll(Sim& sim, const std::vector<Spawn>& spawns) {
    for (const Spawn& sp : spawns) {
        sim.placeActor(sp.actor, sp.s, sp.d, sp.v, sp.dir);
        sim.dyn(sp.actor).vMax = sp.v;
    }
}

double trafficAccel(const Sim& sim, int actor) {
    const World& w = sim.world();
    const Actor& me = w.actors[actor];
    const DynState& st = sim.dyn(actor);
    const Road& r = w.road;
    double gap = 1e9, vLead = 0;
    auto consider = [&](double s, double d, double halfLen, double halfWid, double speedAlong) {
        const double ds = (s - st.s) * st.dir;
        if (ds <= 0 || ds > 80 || std::fabs(d - st.d) > 1.2 + halfWid) return;
        const double g = ds - me.extent.x - halfLen;
        if (g < gap) { gap = g; vLead = speedAlong; }
    };
    for (int i = 0; i < static_cast<int>(w.actors.size()); ++i) {
        const Actor& a = w.actors[i];
        if (i == actor || (a.cls != ActorClass::Vehicle && a.cls != ActorClass::Walker)) continue;
        double s, d, along = 0;
        if (a.dyn >= 0) {
            const DynState& o = sim.dyn(i);
            if (o.hidden) continue;
            s = o.s;
            d = o.d;
            along = a.cls == ActorClass::Walker ? o.walkVs * st.dir : o.v * o.dir * st.dir;
        } else {
            s = sim.actorS(i);
            d = sim.actorD(i);
        }
        if (a.cls == ActorClass::Walker && (d > r.rightKerb() || d < r.leftKerb())) continue;
        const bool walker = a.cls == ActorClass::Walker;
        consider(s, d, walker ? 1.5 : a.extent.x, walker ? 1.0 : a.extent.y, along);
    }
    const EgoState& e = sim.ego();
    consider(e.s, e.d, w.egoExtent.x, w.egoExtent.y, e.v * st.dir);
    return clampd(idmAccel(st.v, std::max(st.vMax, 0.1), gap, std::max(vLead, 0.0)), -8.0, 2.0);
}

void driveTraffic(Sim& sim, const std::vector<Spawn>& spawns) {
    // Accelerations first, then apply: every actor reacts to the same state.
    std::vector<double> acc;
    acc.reserve(spawns.size());
    for (const Spawn& sp : spawns) acc.push_back(trafficAccel(sim, sp.actor));
    for (std::size_t i = 0; i < spawns.size(); ++i) sim.dyn(spawns[i].actor).accel = acc[i];
}

double expertAccel(const Sim& sim, double cruise) {
    const EgoState& e = sim.ego();
    const Hit v = sim.leader(e.d, 1.5, true, false);
    const Hit p = sim.leader(e.d, 3.2, false, true);
    double a = idmAccel(e.v, cruise, v.gap, std::max(v.speed, 0.0), 1.3, 1.8, 3.0, 3.0);
    if (p.actor >= 0) a = std::min(a, idmAccel(e.v, cruise, p.gap, 0.0, 1.3, 1.8, 3.0, 5.0));
    return clampd(a, -7.0, 2.0);
}

VlaController VlaController::cruising(double cruise, double laneD, bool useIdm) {
    VlaController vla;
    vla.cruise = cruise;
    vla.laneD = laneD;
    vla.useIdm = useIdm;
    vla.decide("KEEP", "FOLLOW_LANE", cruise);
    return vla;
}

void VlaController::decide(const std::string& speed, const std::string& dir, double v) {
    speedCmd = speed;
    dirCmd = dir;
    vTarget = metaTargetSpeed(speed, v, cruise);
}

double VlaController::accel(const Sim& sim) const {
    const EgoState& e = sim.ego();
    double a = clampd(1.2 * (vTarget - e.v), -4.5, 1.8);
    if (useIdm) {
        const Hit h = sim.leader(laneD, 1.1, true, false);
        // STOP behind a vehicle: the IDM layer stops at a standstill gap instead of braking at once.
        if (speedCmd == "STOP" && h.gap < 40) a = std::max(-6.0, -e.v * e.v / (2 * std::max(h.gap - 4.0, 0.5)));
        a = std::min(a, idmAccel(e.v, cruise, h.gap, std::max(h.speed, 0.0), 1.0, 1.8, 3.0, 2.5));
    }
    return clampd(a, -6.0, 2.0);
}

void fillModel(Tick& tick, const Sim& sim, const VlaController& vla, double accel, const std::string& reasoning) {
    ModelOutput& m = tick.model;
    m.ctl = pedalsFor(accel, sim.ego().v, sim.steerFor(vla.laneD));
    m.speedCmd = vla.speedCmd;
    m.dirCmd = vla.dirCmd;
    m.decision = sim.decisionStep();
    if (m.decision) m.reasoning = reasoning;
    m.waypoints = sim.plan(std::max(0.0, std::min(vla.vTarget, sim.ego().v + 4.0)), vla.laneD);
}

Controls driverControls(const Sim& sim, Rng& rng, bool active, double accel, double targetD, const Controls& model) {
    if (active) {
        Controls c = pedalsFor(accel, sim.ego().v, sim.steerFor(targetD));
        c.steer = clampd(c.steer + rng.normal(0, 0.004), -1, 1);
        return c;
    }
    // Hands resting on the wheel, which the car turns; feet off the pedals.
    Controls c;
    c.steer = clampd(model.steer + rng.normal(0, 0.006), -1, 1);
    return c;
}

std::string vehicleWord(const Actor& a) {
    if (a.typeId == "vehicle.ford.ambulance") return "ambulance";
    if (a.baseType == "van" || a.baseType == "truck") return a.baseType;
    return "car";
}

double egoRearS(const Sim& sim) { return sim.ego().s - sim.world().egoExtent.x; }
double egoFrontS(const Sim& sim) { return sim.ego().s + sim.world().egoExtent.x; }

double gapTo(const Sim& sim, int actor) {
    const Actor& a = sim.world().actors[actor];
    return sim.actorS(actor) - a.extent.x - egoFrontS(sim);
}

int newCollision(const Sim& sim, std::vector<int>& seen) {
    if (sim.step() % 2) return -1;
    const int hit = sim.collidingActor();
    if (hit < 0 || std::find(seen.begin(), seen.end(), hit) != seen.end()) return -1;
    seen.push_back(hit);
    return hit;
}

std::string fixed3(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", std::fabs(v) < 0.0005 ? 0.0 : v);
    return buf;
}

std::string collisionText(const Actor& a, const EgoState& ego) {
    return "Agent collided against object with type=" + a.typeId + " and id=" + std::to_string(a.id) + " at (x=" +
           fixed3(ego.x) + ", y=" + fixed3(ego.y) + ", z=" + fixed3(0.032) + ")";
}

}  // namespace corevla::sample
