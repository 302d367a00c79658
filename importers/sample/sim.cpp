// SPDX-License-Identifier: MIT
#include "importers/sample/sim.h"

#include <algorithm>
#include <cmath>

namespace corevla::sample {

namespace {

constexpr double kEgoOmega = 1.5;  // lateral controller natural frequency (1/s)
constexpr double kWheelBase = 2.9;
constexpr double kMaxSteerRad = 1.22;

struct Box2 {
    double x, y, yaw, ex, ey;
};

// Separating-axis test of two oriented rectangles.
bool overlaps(const Box2& a, const Box2& b) {
    const Box2* boxes[2] = {&a, &b};
    for (const Box2* axisBox : boxes) {
        for (int k = 0; k < 2; ++k) {
            const double ax = k == 0 ? std::cos(axisBox->yaw) : -std::sin(axisBox->yaw);
            const double ay = k == 0 ? std::sin(axisBox->yaw) : std::cos(axisBox->yaw);
            auto radius = [&](const Box2& q) {
                const double c = std::cos(q.yaw), s = std::sin(q.yaw);
                return q.ex * std::fabs(c * ax + s * ay) + q.ey * std::fabs(-s * ax + c * ay);
            };
            const double dist = std::fabs((b.x - a.x) * ax + (b.y - a.y) * ay);
            if (dist > radius(a) + radius(b)) return false;
        }
    }
    return true;
}

}  // namespace

Controls pedalsFor(double accel, double v, double steer) {
    Controls c;
    c.steer = clampd(steer, -1, 1);
    const double drag = 0.15 + 0.012 * v;  // rolling and air resistance
    if (accel >= -drag && !(v < 0.05 && accel <= 0)) {
        c.throttle = clampd((accel + drag) / 3.0, 0, 1);
    } else {
        c.brake = clampd((-accel - drag) / 8.0, 0, 1);
        if (v < 0.05) c.brake = std::max(c.brake, 0.3);  // holding the car at rest
    }
    return c;
}

double idmAccel(double v, double v0, double gap, double vLead, double timeGap, double aMax, double bComf,
                double s0) {
    const double free = 1.0 - std::pow(v / std::max(v0, 0.1), 4);
    if (gap > 1e8) return aMax * free;
    const double sStar = s0 + std::max(0.0, v * timeGap + v * (v - vLead) / (2 * std::sqrt(aMax * bComf)));
    const double ratio = sStar / std::max(gap, 0.1);
    return aMax * (free - ratio * ratio);
}

double metaTargetSpeed(const std::string& speedCmd, double vAtDecision, double cruise) {
    if (speedCmd == "ACCELERATE") return std::min(vAtDecision + 6.0, cruise);
    if (speedCmd == "DECELERATE") return std::max(vAtDecision - 7.0, 2.0);
    if (speedCmd == "STOP") return 0.0;
    return vAtDecision;
}

Sim::Sim(World world, int steps, double dt) : m_steps(steps), m_dt(dt) {
    m_tl.world = std::move(world);
    m_tl.dt = dt;
    m_dyn.resize(static_cast<std::size_t>(m_tl.world.dynCount));
    m_tl.ticks.reserve(static_cast<std::size_t>(steps));
    // Moving actors start where the world put them, at rest.
    const Road& r = m_tl.world.road;
    for (const Actor& a : m_tl.world.actors) {
        if (a.dyn < 0) continue;
        DynState& st = m_dyn[a.dyn];
        const Vec2 rd = r.toRoad(a.pose.x, a.pose.y);
        st.s = rd.x;
        st.d = st.targetD = rd.y;
        st.yawHold = a.pose.yaw;
        st.dir = std::cos(a.pose.yaw - r.heading) >= 0 ? 1 : -1;
    }
    derive();
}

void Sim::placeEgo(double s, double d, double v) {
    m_ego = {};
    m_ego.s = s;
    m_ego.d = d;
    m_ego.v = v;
    derive();
}

void Sim::placeActor(int actorIndex, double s, double d, double v, int dir) {
    DynState& st = dyn(actorIndex);
    st.s = s;
    st.d = d;
    st.v = v;
    st.dir = dir;
    st.targetD = d;
    st.yawHold = m_tl.world.actors[actorIndex].pose.yaw;
    derive();
}

double Sim::actorS(int i) const {
    const Actor& a = m_tl.world.actors[i];
    return a.dyn >= 0 ? m_dyn[a.dyn].s : road().toRoad(a.pose.x, a.pose.y).x;
}

double Sim::actorD(int i) const {
    const Actor& a = m_tl.world.actors[i];
    return a.dyn >= 0 ? m_dyn[a.dyn].d : road().toRoad(a.pose.x, a.pose.y).y;
}

Vec3 Sim::actorPos(int i, double z) const {
    const Actor& a = m_tl.world.actors[i];
    if (a.dyn >= 0) return {m_dyn[a.dyn].x, m_dyn[a.dyn].y, z};
    return {a.pose.x, a.pose.y, z};
}

Hit Sim::leader(double d, double half, bool vehicles, bool walkers, int ignore) const {
    Hit best;
    const auto& actors = m_tl.world.actors;
    const double front = m_ego.s + m_tl.world.egoExtent.x;
    for (int i = 0; i < static_cast<int>(actors.size()); ++i) {
        const Actor& a = actors[i];
        if (i == ignore) continue;
        const bool isVeh = a.cls == ActorClass::Vehicle, isWalker = a.cls == ActorClass::Walker;
        if (!((vehicles && isVeh) || (walkers && isWalker))) continue;
        if (a.dyn >= 0 && m_dyn[a.dyn].hidden) continue;
        const double s = actorS(i), ad = actorD(i);
        if (s < m_ego.s - 5 || s > m_ego.s + 150) continue;
        if (isWalker && (ad > road().rightKerb() || ad < road().leftKerb())) continue;  // on the sidewalk
        double halfLen = 0.3, halfWid = 0.3, speed = 0;
        if (isVeh) {
            const double yaw = a.dyn >= 0 ? m_dyn[a.dyn].yaw : a.pose.yaw;
            const double r = yaw - road().heading;
            halfLen = a.extent.x * std::fabs(std::cos(r)) + a.extent.y * std::fabs(std::sin(r));
            halfWid = a.extent.x * std::fabs(std::sin(r)) + a.extent.y * std::fabs(std::cos(r));
            if (a.dyn >= 0) speed = m_dyn[a.dyn].dir * m_dyn[a.dyn].v;
        } else if (a.dyn >= 0) {
            speed = m_dyn[a.dyn].walkVs;
        }
        if (std::fabs(ad - d) >= half + halfWid) continue;
        const double gap = s - halfLen - front;
        if (gap < -0.5 || gap >= best.gap) continue;
        best = {i, gap, speed, ad};
    }
    return best;
}

int Sim::collidingActor(const std::vector<int>& except) const {
    const World& w = m_tl.world;
    const Box2 ego{m_ego.x, m_ego.y, m_ego.yaw, w.egoExtent.x, w.egoExtent.y};
    for (int i = 0; i < static_cast<int>(w.actors.size()); ++i) {
        const Actor& a = w.actors[i];
        if (a.cls != ActorClass::Vehicle && a.cls != ActorClass::Walker) continue;
        if (a.dyn >= 0 && m_dyn[a.dyn].hidden) continue;
        if (std::find(except.begin(), except.end(), i) != except.end()) continue;
        const double x = a.dyn >= 0 ? m_dyn[a.dyn].x : a.pose.x;
        const double y = a.dyn >= 0 ? m_dyn[a.dyn].y : a.pose.y;
        if (std::fabs(x - m_ego.x) > 12 || std::fabs(y - m_ego.y) > 12) continue;
        const double yaw = a.dyn >= 0 ? m_dyn[a.dyn].yaw : a.pose.yaw;
        if (overlaps(ego, {x, y, yaw, a.extent.x, a.extent.y})) return i;
    }
    return -1;
}

double Sim::latAccel(double targetD) const {
    return clampd(kEgoOmega * kEgoOmega * (targetD - m_ego.d) - 2 * kEgoOmega * m_ego.dDot, -2.5, 2.5);
}

double Sim::steerFor(double targetD) const {
    if (m_ego.v < 0.5) return 0;
    // Path curvature of the lateral manoeuvre (small angles), then the bicycle model.
    const double kappa = latAccel(targetD) / std::max(m_ego.v * m_ego.v, 4.0);
    return clampd(std::atan(kWheelBase * kappa) / kMaxSteerRad, -1, 1);
}

std::vector<Vec2> Sim::plan(double vTarget, double targetD) const {
    std::vector<Vec2> pts;
    double v = m_ego.v, s = 0;
    const double rel = m_ego.yaw - road().heading;
    const double c = std::cos(rel), sn = std::sin(rel);
    for (int k = 1; k <= 40; ++k) {  // 4 s at 0.1 s, keep every 5th (0.5 s)
        v = std::max(0.0, v + clampd(vTarget - v, -3.0 * 0.1, 2.0 * 0.1));
        s += v * 0.1;
        if (k % 5) continue;
        const double dd = (targetD - m_ego.d) * smoothstep(k * 0.1 / 3.0);
        pts.push_back({s * c + dd * sn, -s * sn + dd * c});
    }
    return pts;
}

void Sim::stamp(Tick& tick) const {
    tick.step = m_step;
    tick.t = t();
    tick.ego = m_ego;
    tick.dyn = m_dyn;
}

Tick Sim::snapshot() const {
    Tick tick;
    stamp(tick);
    return tick;
}

void Sim::commit(Tick tick, double accel, double targetD) {
    m_ego.a = accel;
    stamp(tick);
    tick.applied = pedalsFor(accel, m_ego.v, steerFor(targetD));
    m_tl.ticks.push_back(std::move(tick));

    // Ego: longitudinal from the command; lateral by a damped controller; a
    // car cannot slide sideways, so lateral speed is bounded by forward speed.
    const double la = latAccel(targetD);
    m_ego.v = std::max(0.0, m_ego.v + accel * m_dt);
    m_ego.s += m_ego.v * m_dt;
    m_ego.dDot = clampd(m_ego.dDot + la * m_dt, -0.6 * m_ego.v, 0.6 * m_ego.v);
    m_ego.d += m_ego.dDot * m_dt;
    const double oldYaw = m_ego.yaw;

    for (DynState& st : m_dyn) {
        if (st.walkVs != 0 || st.walkVd != 0) {
            st.s += st.walkVs * m_dt;
            st.d += st.walkVd * m_dt;
            continue;
        }
        st.v = clampd(st.v + st.accel * m_dt, 0.0, st.vMax);
        st.s += st.dir * st.v * m_dt;
        const double w = st.latOmega;
        const double a = clampd(w * w * (st.targetD - st.d) - 2 * w * st.dDot, -3.0, 3.0);
        st.dDot = clampd(st.dDot + a * m_dt, -0.4 * st.v - 0.05, 0.4 * st.v + 0.05);
        st.d += st.dDot * m_dt;
    }
    ++m_step;
    derive();
    m_ego.yawRate = wrapPi(m_ego.yaw - oldYaw) / m_dt;
}

void Sim::derive() {
    const Road& r = road();
    const Vec3 p = r.at(m_ego.s, m_ego.d);
    m_ego.x = p.x;
    m_ego.y = p.y;
    m_ego.yaw = wrapPi(r.heading + std::atan2(m_ego.dDot, std::max(m_ego.v, 0.5)));
    const auto& actors = m_tl.world.actors;
    for (const Actor& a : actors) {
        if (a.dyn < 0) continue;
        DynState& st = m_dyn[a.dyn];
        const Vec3 q = r.at(st.s, st.d);
        st.x = q.x;
        st.y = q.y;
        if (a.cls == ActorClass::Walker) {
            const bool moving = std::fabs(st.walkVs) + std::fabs(st.walkVd) > 0.05;
            st.yaw = moving ? wrapPi(r.heading + std::atan2(st.walkVd, st.walkVs)) : st.yawHold;
            st.speed = std::hypot(st.walkVs, st.walkVd);
            st.braking = false;
        } else {
            st.yaw = wrapPi(r.heading + std::atan2(st.dDot, st.dir * std::max(st.v, 1.0)));
            st.speed = st.v;
            st.braking = st.accel < -0.3 || st.v < 0.05;
        }
    }
}

}  // namespace corevla::sample
