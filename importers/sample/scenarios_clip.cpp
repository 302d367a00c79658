// SPDX-License-Identifier: MIT
// Bench2Drive dataset clips: the rule-based expert drives, nobody takes over.
#include "importers/sample/scenario_common.h"
#include "importers/sample/scenarios.h"

#include <cmath>

namespace corevla::sample {

Timeline clipPedestrianCrossing(std::uint64_t seed, int frames) {
    Rng rng(mixSeed(seed, "clip.PedestrianCrossing"));
    const double T = frames / 10.0, cruise = 8.0, sCross = 44.0;
    UrbanSpec spec;
    spec.originX = 14.6 + rng.uniform(-3, 3);
    spec.originY = -88.3 + rng.uniform(-3, 3);
    spec.heading = 0.0;  // driving east
    spec.lanesFwd = 1;
    spec.lanesBack = 1;
    spec.parking = 2.5;
    spec.junctions = {sCross + 70};
    spec.crosswalks = {sCross};
    spec.weather = kClipPedestrian.weather;
    spec.roadId = 23;
    spec.dressing.s0 = -150;
    spec.dressing.s1 = cruise * T + 170;
    spec.dressing.clearFrom = sCross - 18;  // no parking just before a zebra crossing
    spec.dressing.clearTo = sCross;
    World w = makeUrbanWorld(rng, spec);

    // A group of three waits at the kerb and crosses at the zebra.
    std::vector<int> group;
    for (int k = 0; k < 3; ++k)
        group.push_back(addWalker(w, rng, sCross - 0.9 + 0.9 * k, w.road.rightKerb() + 0.8 + 0.6 * k,
                                  w.road.heading - kPi / 2, true));
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, -1, -1, sCross + 14, sCross + 14 + 9 * T + 250, 30, 8.5);
    addFlow(w, rng, traffic, 0, 1, sCross + 25, sCross + 25 + 400, 45, 9.5);

    const double egoD = w.road.laneCenter(0);
    Sim sim(std::move(w), 2 * frames);
    sim.placeEgo(0, egoD, 7.0);
    placeAll(sim, traffic);
    for (int k = 0; k < 3; ++k) sim.placeActor(group[k], sCross - 0.9 + 0.9 * k, sim.actorD(group[k]), 0);

    const double tWalk = std::min(1.0, 0.1 * T);
    const double farKerb = sim.road().leftKerb() - 1.2;
    while (!sim.done()) {
        for (int k = 0; k < 3; ++k) {
            DynState& p = sim.dyn(group[k]);
            if (sim.t() < tWalk + 0.4 * k) continue;
            if (p.d > farKerb) {
                p.walkVd = -(1.25 + 0.1 * k);
                p.walkVs = 0.05 * (k - 1);
            } else {  // reached the far sidewalk: stroll away along it
                p.walkVd = 0;
                p.walkVs = 0.9;
            }
        }
        driveTraffic(sim, traffic);
        sim.commit(Tick{}, expertAccel(sim, cruise), egoD);
    }
    return sim.take();
}

Timeline clipStaticCutIn(std::uint64_t seed, int frames) {
    Rng rng(mixSeed(seed, "clip.StaticCutIn"));
    const double T = frames / 10.0, cruise = 9.0, v0 = 8.5;
    UrbanSpec spec;
    spec.originX = -188.4 + rng.uniform(-3, 3);
    spec.originY = 64.2 + rng.uniform(-3, 3);
    spec.heading = -kPi / 2;  // driving north
    spec.lanesFwd = 2;
    spec.lanesBack = 2;
    spec.parking = 0;
    spec.junctions = {cruise * T + 70};
    spec.weather = kClipCutIn.weather;
    spec.roadId = 41;
    spec.dressing.s0 = -150;
    spec.dressing.s1 = cruise * T + 170;
    spec.dressing.walkersPer100m = 24;
    World w = makeUrbanWorld(rng, spec);
    const Road& road = w.road;

    // A queue of stopped cars fills the right lane; the one level with the
    // ego's position at tCut pulls out of a gap into the ego's lane.
    const double tCut = std::round(std::max(1.5, 0.28 * T) * 10) / 10;
    const double sCut = w.egoExtent.x + v0 * tCut + 15.0;
    std::vector<Spawn> queue;
    int cutter = -1;
    double s = 22;
    while (s < sCut + 70) {
        const VehicleModel& m = randomCarModel(rng);
        const bool isCutter = cutter < 0 && s + m.ex > sCut - 3;
        const double centre = isCutter ? sCut + m.ex : s + m.ex;
        const int idx = addVehicle(w, rng, m, randomPaint(rng), centre, road.laneCenter(1), true, true);
        queue.push_back({idx, centre, road.laneCenter(1), 0.0, 1});
        if (isCutter) cutter = idx;
        s = centre + m.ex + (isCutter ? 9.0 : rng.uniform(2.2, 3.8));
    }
    std::vector<Spawn> traffic;
    addFlow(w, rng, traffic, -1, -1, 10, 10 + 10 * T + 250, 32, 10.0);
    addFlow(w, rng, traffic, -2, -1, 30, 30 + 10 * T + 250, 40, 9.0);
    addFlow(w, rng, traffic, 0, 1, 75, 500, 50, 10.5);

    const double egoD = road.laneCenter(0);
    Sim sim(std::move(w), 2 * frames);
    sim.placeEgo(0, egoD, v0);
    placeAll(sim, traffic);
    for (const Spawn& q : queue) {
        sim.placeActor(q.actor, q.s, q.d, 0);
        sim.dyn(q.actor).vMax = 6.0;
    }
    while (!sim.done()) {
        driveTraffic(sim, traffic);
        if (sim.t() >= tCut - 1e-9) {
            DynState& c = sim.dyn(cutter);
            c.targetD = egoD;
            c.latOmega = 1.5;
            c.accel = c.v < 5.5 ? 1.6 : 0.0;
        }
        sim.commit(Tick{}, expertAccel(sim, cruise), egoD);
    }
    return sim.take();
}

}  // namespace corevla::sample
