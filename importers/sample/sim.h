// SPDX-License-Identifier: MIT
// A small fixed-step (20 Hz) kinematic simulation of the ego and the moving
// actors on a straight road. Scenario scripts decide each step who drives and
// how; the simulation integrates, detects collisions and records a Tick per
// step. Every writer (anno, images, CAVE log, video) reads these ticks, so
// all outputs of one scenario agree with each other.
#pragma once

#include "importers/sample/world.h"

#include <string>
#include <vector>

namespace corevla::sample {

struct Controls {
    double throttle = 0, steer = 0, brake = 0;
};

struct EgoState {
    double s = 0, d = 0, v = 0, a = 0, dDot = 0;
    double x = 0, y = 0, yaw = 0, yawRate = 0;  // world, CARLA yaw (rad)
};

struct DynState {
    double s = 0, d = 0, v = 0;  // v: speed along the direction of travel
    int dir = 1;                 // +1 drives along +s, -1 against
    double accel = 0, vMax = 40; // accel: the actor's own command, m/s^2
    double targetD = 0, dDot = 0, latOmega = 1.6;
    double walkVs = 0, walkVd = 0;  // walkers: velocity in road coordinates
    double yawHold = 0;             // walkers at rest keep this yaw
    bool hidden = false;            // not in the scene (not drawn, not annotated)
    // Derived after each step.
    double x = 0, y = 0, yaw = 0, speed = 0;
    bool braking = false;
};

struct ModelOutput {
    Controls ctl;
    std::string speedCmd = "KEEP", dirCmd = "FOLLOW_LANE";
    bool decision = false;        // the model made a new decision at this tick
    std::string reasoning;        // only on decision ticks
    std::vector<Vec2> waypoints;  // ego frame: x forward, y right (m)
    // Bench2Drive-VL answers and ground truth, on decision ticks.
    std::string qBrake, qVehicles, gtSpeed, gtDir, gtAction;
    int dangerActor = -1;  // qid 51: the most dangerous vehicle ahead, actor index
};

struct Tick {
    int step = 0;
    double t = 0;
    EgoState ego;
    Controls applied;       // what moved the car: expert, model or driver
    bool driver = false;    // authority
    ModelOutput model;
    Controls driverCtl;     // wheel and pedals, recorded every tick
    std::vector<std::string> events;
    std::vector<DynState> dyn;
    bool gaze = false, gazeMirror = false;  // driver attention: a world point or the mirror
    Vec3 gazeAt;
    double gazeStrength = 1;
};

struct Infraction {
    std::string key, text;
    int step = -1;  // -1: not located (e.g. failing to yield)
};

struct Timeline {
    World world;
    double dt = 0.05;
    std::vector<Tick> ticks;
    std::vector<Infraction> infractions;
};

struct Hit {
    int actor = -1;
    double gap = 1e9;    // bumper to bumper along the road, m
    double speed = 0;    // its speed along +s
    double d = 0;        // its lateral position
};

// Pedal positions that produce an acceleration at a speed (with drag).
Controls pedalsFor(double accel, double v, double steer);
// Intelligent Driver Model acceleration; gap 1e9 = free road.
double idmAccel(double v, double v0, double gap, double vLead, double timeGap = 1.2, double aMax = 1.8,
                double bComf = 3.0, double s0 = 2.5);
// Target speed of a Bench2Drive-VL speed key (autopilot.py semantics).
double metaTargetSpeed(const std::string& speedCmd, double vAtDecision, double cruise);

class Sim {
public:
    Sim(World world, int steps, double dt = 0.05);

    World& world() { return m_tl.world; }
    const World& world() const { return m_tl.world; }
    const Road& road() const { return m_tl.world.road; }
    EgoState& ego() { return m_ego; }
    const EgoState& ego() const { return m_ego; }
    DynState& dyn(int actorIndex) { return m_dyn[m_tl.world.actors[actorIndex].dyn]; }
    const DynState& dyn(int actorIndex) const { return m_dyn[m_tl.world.actors[actorIndex].dyn]; }
    double t() const { return m_step * m_dt; }
    int step() const { return m_step; }
    int steps() const { return m_steps; }
    bool done() const { return m_step >= m_steps; }
    bool decisionStep() const { return m_step % 20 == 0; }  // the VLA decides at 1 Hz

    void placeEgo(double s, double d, double v);
    void placeActor(int actorIndex, double s, double d, double v, int dir = 1);

    // Nearest actor ahead whose footprint overlaps the corridor [d - half, d + half];
    // walkers on the sidewalk never block.
    Hit leader(double d, double half, bool vehicles, bool walkers, int ignore = -1) const;
    // Index of an actor the ego overlaps (none of `except`), or -1.
    int collidingActor(const std::vector<int>& except = {}) const;
    double actorS(int actorIndex) const;
    double actorD(int actorIndex) const;
    Vec3 actorPos(int actorIndex, double z = 0) const;
    // Steering the lateral controller would command to reach targetD.
    double steerFor(double targetD) const;
    // Planned path in the ego frame for a target speed and lateral offset.
    std::vector<Vec2> plan(double vTarget, double targetD) const;

    // The state now as a tick (time, ego, actors), as commit() records it.
    Tick snapshot() const;
    // Record the tick for this step (the simulation fills time, ego and
    // actors), then move everything by one step. The ego follows accel and
    // targetD; tick.applied gets the pedals that correspond.
    void commit(Tick tick, double accel, double targetD);
    void addInfraction(Infraction inf) { m_tl.infractions.push_back(std::move(inf)); }
    const std::vector<Infraction>& infractions() const { return m_tl.infractions; }
    // Ends the run early (the closed loop's route done or failed): no more steps.
    void stop() { m_steps = m_step; }
    Timeline take() { return std::move(m_tl); }

private:
    double latAccel(double targetD) const;
    void stamp(Tick& tick) const;
    void derive();

    Timeline m_tl;
    EgoState m_ego;
    std::vector<DynState> m_dyn;
    int m_step = 0, m_steps = 0;
    double m_dt = 0.05;
};

}  // namespace corevla::sample
