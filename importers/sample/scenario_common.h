// SPDX-License-Identifier: MIT
// Building blocks shared by the scenario scripts: an urban world, background
// traffic that follows the IDM, the controllers of the expert, the VLA model
// and the safety driver, and infraction bookkeeping.
#pragma once

#include "importers/sample/sim.h"

#include <string>
#include <vector>

namespace corevla::sample {

struct UrbanSpec {
    double originX = 0, originY = 0, heading = 0;
    int lanesFwd = 2, lanesBack = 2;
    double parking = 0;
    std::vector<double> junctions, crosswalks;
    int weather = 0;
    int roadId = 12;
    DressingOptions dressing;  // its s range spans the whole drive
};
World makeUrbanWorld(Rng& rng, const UrbanSpec& spec);

// Background traffic along one lane; `dir` -1 drives against +s.
struct Spawn {
    int actor;
    double s, d, v;
    int dir;
};
void addFlow(World& w, Rng& rng, std::vector<Spawn>& out, int lane, int dir, double s0, double s1, double gap,
             double speed);
void placeAll(Sim& sim, const std::vector<Spawn>& spawns);
// IDM acceleration of a background vehicle behind whatever is in its lane
// ahead (vehicles, walkers on the road, the ego); desired speed = vMax.
double trafficAccel(const Sim& sim, int actor);
void driveTraffic(Sim& sim, const std::vector<Spawn>& spawns);

// The Bench2Drive expert: sees everything on the road and follows the IDM.
double expertAccel(const Sim& sim, double cruise);

// The VLA policy's execution layer: a decision (speed key x direction) at
// 1 Hz becomes a target speed (Bench2Drive-VL autopilot semantics), tracked
// by a P controller; CoReVLA adds an IDM that only sees vehicles whose centre
// line overlaps the ego's lane, which is why cut-ins are caught late.
struct VlaController {
    std::string speedCmd = "KEEP", dirCmd = "FOLLOW_LANE";
    double vTarget = 0, cruise = 10, laneD = 0;
    bool useIdm = true;
    // The state every scenario starts in: following its lane at cruise speed.
    static VlaController cruising(double cruise, double laneD, bool useIdm = true);
    void decide(const std::string& speed, const std::string& dir, double v);
    double accel(const Sim& sim) const;
};

// Fills the model part of a tick: controls it would apply, the held
// meta-action, waypoints every tick, reasoning only on decision ticks.
void fillModel(Tick& tick, const Sim& sim, const VlaController& vla, double accel, const std::string& reasoning);
// The driver's wheel and pedals; `active` = in control.
Controls driverControls(const Sim& sim, Rng& rng, bool active, double accel, double targetD, const Controls& model);

// Readable kind of a vehicle for the model's text: "car", "van", "truck", "ambulance".
std::string vehicleWord(const Actor& a);
double egoRearS(const Sim& sim);
double egoFrontS(const Sim& sim);
// Bumper gap from the ego front to an actor ahead (negative if behind).
double gapTo(const Sim& sim, int actor);

// Collision bookkeeping on 10 Hz steps: returns the actor newly hit or -1.
int newCollision(const Sim& sim, std::vector<int>& seen);
std::string collisionText(const Actor& a, const EgoState& ego);
std::string fixed3(double v);

}  // namespace corevla::sample
