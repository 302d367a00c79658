// SPDX-License-Identifier: MIT
#include "importers/sample/world.h"

#include <array>
#include <cmath>

namespace corevla::sample {

namespace {

// Blueprint sizes close to CARLA's (half extents), so boxes look familiar.
constexpr std::array<VehicleModel, 12> kModels{{
    {"vehicle.audi.a2", "car", 1.85, 0.90, 0.77},
    {"vehicle.tesla.model3", "car", 2.40, 1.08, 0.75},
    {"vehicle.mercedes.coupe_2020", "car", 2.34, 1.01, 0.72},
    {"vehicle.toyota.prius", "car", 2.26, 1.00, 0.76},
    {"vehicle.mini.cooper_s_2021", "car", 2.13, 1.02, 0.88},
    {"vehicle.nissan.patrol_2021", "car", 2.78, 1.07, 0.95},
    {"vehicle.lincoln.mkz_2020", "car", 2.44, 1.06, 0.76},
    {"vehicle.ford.crown", "car", 2.68, 0.90, 0.78},
    {"vehicle.mercedes.sprinter", "van", 2.96, 0.99, 1.28},
    {"vehicle.carlamotors.carlacola", "truck", 2.60, 1.30, 1.28},
    {"vehicle.ford.ambulance", "van", 3.18, 1.18, 1.21},
    {"vehicle.dodge.charger_police_2020", "car", 2.49, 0.96, 0.77},
}};

constexpr Rgb kPaints[] = {{200, 200, 204}, {30, 30, 34},   {150, 20, 24},  {20, 50, 120},
                           {235, 235, 235}, {110, 112, 118}, {70, 90, 60},   {190, 150, 40},
                           {80, 30, 90},    {160, 160, 150}, {20, 100, 140}, {120, 60, 30}};
constexpr Rgb kFacades[] = {{196, 180, 150}, {150, 84, 64},  {150, 150, 156},
                            {212, 210, 202}, {96, 122, 150}, {182, 160, 124}};
constexpr Rgb kShirts[] = {{180, 40, 40}, {40, 70, 150}, {230, 230, 230}, {40, 40, 40},
                           {200, 170, 60}, {60, 130, 80}, {150, 90, 160}};
constexpr Rgb kTrousers[] = {{30, 30, 40}, {50, 60, 90}, {90, 80, 70}, {20, 20, 20}};

}  // namespace

const VehicleModel* findVehicleModel(std::string_view typeId) {
    for (const auto& m : kModels)
        if (typeId == m.typeId) return &m;
    return nullptr;
}

const VehicleModel& randomCarModel(Rng& rng) {
    // Mostly cars; the ambulance and police car are reserved for scenarios.
    return kModels[static_cast<std::size_t>(rng.below(10))];
}

Rgb randomPaint(Rng& rng) { return rng.pick(kPaints); }

Vec3 Road::at(double s, double d, double z) const {
    const double c = std::cos(heading), sn = std::sin(heading);
    return {originX + s * c - d * sn, originY + s * sn + d * c, z};
}

Vec2 Road::toRoad(double x, double y) const {
    const double c = std::cos(heading), sn = std::sin(heading);
    const double dx = x - originX, dy = y - originY;
    return {dx * c + dy * sn, -dx * sn + dy * c};
}

double Road::laneCenter(int lane) const {
    return (lane + 0.5) * laneWidth;  // lane -1 -> -0.5 W: the first opposite lane
}

int Road::laneIdAt(double d) const {
    const double a = std::fabs(d);
    const int lanes = d >= 0 ? lanesFwd : lanesBack;
    int k = static_cast<int>(a / laneWidth);
    if (k >= lanes) k = a < lanes * laneWidth + parkingWidth ? lanes : lanes + 1;
    return d >= 0 ? -(k + 1) : k + 1;
}

bool Road::inJunction(double s, double margin) const {
    for (const auto& j : junctions)
        if (std::fabs(s - j.s) < j.halfWidth + margin) return true;
    return false;
}

Weather weatherPreset(int id) {
    static const char* const kNames[] = {"ClearNoon",      "CloudyNoon",   "WetNoon",      "WetCloudyNoon",
                                         "MidRainyNoon",   "HardRainNoon", "SoftRainNoon", "ClearSunset",
                                         "CloudySunset",   "WetSunset",    "WetCloudySunset", "MidRainSunset",
                                         "HardRainSunset", "SoftRainSunset"};
    Weather w;
    w.id = ((id % 14) + 14) % 14;
    w.name = kNames[w.id];
    const int kind = w.id % 7;  // 0 clear, 1 cloudy, 2 wet, 3 wet cloudy, 4..6 rain
    const bool sunset = w.id >= 7;
    w.cloudiness = kind == 0 ? 5 : (kind == 2 ? 20 : (kind >= 4 ? 60 + 10 * (kind - 4) : 80));
    w.precipitation = kind >= 4 ? (kind == 5 ? 100 : (kind == 4 ? 60 : 30)) : 0;
    w.wetness = kind >= 2 ? 50 + 10 * (kind - 2) : 0;
    w.sunAltitude = sunset ? 15 : 45;
    w.sunAzimuth = sunset ? 250 : 90;
    w.fogDensity = kind >= 3 ? 10 + 5 * (kind - 3) : 2;
    w.fogDistance = 0.75;
    w.visibility = kind == 0 ? 260 : (kind <= 2 ? 200 : 140);
    const bool grey = kind == 1 || kind >= 3;
    if (sunset) {
        w.skyTop = grey ? Rgb{90, 90, 110} : Rgb{60, 80, 150};
        w.skyHorizon = grey ? Rgb{190, 170, 160} : Rgb{245, 175, 115};
    } else {
        w.skyTop = grey ? Rgb{140, 146, 156} : Rgb{62, 122, 200};
        w.skyHorizon = grey ? Rgb{205, 208, 212} : Rgb{196, 220, 238};
    }
    w.ground = kind >= 2 ? Rgb{80, 96, 64} : Rgb{98, 118, 72};
    w.asphalt = kind >= 2 ? Rgb{62, 64, 68} : Rgb{92, 92, 96};
    return w;
}

int weatherIdFromName(std::string_view name) {
    for (int i = 0; i < 14; ++i)
        if (weatherPreset(i).name == name) return i;
    if (name == "Rain") return 4;
    if (name == "Cloudy") return 1;
    return 0;
}

int World::add(Actor a, bool dynamic) {
    a.dyn = dynamic ? dynCount++ : -1;
    actors.push_back(std::move(a));
    return static_cast<int>(actors.size()) - 1;
}

int addVehicle(World& w, Rng& rng, const VehicleModel& model, Rgb color, double s, double d,
               bool facingForward, bool dynamic) {
    Actor a;
    a.cls = ActorClass::Vehicle;
    a.id = w.newId(rng);
    a.typeId = model.typeId;
    a.baseType = model.baseType;
    a.extent = {model.ex, model.ey, model.ez};
    a.color = color;
    a.parked = !dynamic;
    a.emergency = a.typeId == "vehicle.ford.ambulance" || a.typeId == "vehicle.dodge.charger_police_2020";
    const Vec3 p = w.road.at(s, d);
    a.pose = {p.x, p.y, 0.0, w.road.heading + (facingForward ? 0.0 : kPi)};
    a.roadId = w.road.roadId;
    a.laneId = w.road.laneIdAt(d);
    return w.add(std::move(a), dynamic);
}

int addWalker(World& w, Rng& rng, double s, double d, double yaw, bool dynamic) {
    Actor a;
    a.cls = ActorClass::Walker;
    a.id = w.newId(rng);
    char type[40];
    std::snprintf(type, sizeof type, "walker.pedestrian.%04d", 1 + rng.below(48));
    a.typeId = type;
    a.baseType = "pedestrian";
    a.child = rng.chance(0.1);
    a.female = rng.chance(0.5);
    const double h = a.child ? 0.6 : rng.uniform(0.85, 0.95);
    a.extent = {0.25, 0.25, h};
    a.color = rng.pick(kShirts);
    a.color2 = rng.pick(kTrousers);
    const Vec3 p = w.road.at(s, d);
    a.pose = {p.x, p.y, 0.0, yaw};
    a.roadId = w.road.roadId;
    a.laneId = w.road.laneIdAt(d);
    return w.add(std::move(a), dynamic);
}

namespace {

bool nearCrosswalk(const Road& r, double s, double margin) {
    for (double c : r.crosswalks)
        if (std::fabs(s - c) < margin) return true;
    return false;
}

void addParkedRow(World& w, Rng& rng, const DressingOptions& o, int side) {
    const Road& r = w.road;
    const double d = side > 0 ? r.lanesFwd * r.laneWidth + r.parkingWidth * 0.5
                              : -(r.lanesBack * r.laneWidth + r.parkingWidth * 0.5);
    for (double s = o.s0; s < o.s1; s += 6.6) {
        if (r.inJunction(s, 9) || nearCrosswalk(r, s, 7)) continue;
        if (side > 0 && s > o.clearFrom && s < o.clearTo) continue;
        if (!rng.chance(0.72)) continue;
        const auto& m = randomCarModel(rng);
        addVehicle(w, rng, m, randomPaint(rng), s + rng.uniform(-0.4, 0.4), d + rng.uniform(-0.15, 0.15),
                   side > 0, false);
    }
}

void addSidewalkLife(World& w, Rng& rng, const DressingOptions& o, int side) {
    const Road& r = w.road;
    const double kerb = side > 0 ? r.rightKerb() : -r.leftKerb();
    const double meanGap = 100.0 / o.walkersPer100m;
    for (double s = o.s0 + rng.uniform(0, meanGap); s < o.s1; s += rng.uniform(0.3, 1.7) * meanGap) {
        if (r.inJunction(s, 1)) continue;
        const double d = side * (kerb + rng.uniform(0.7, r.sidewalkWidth - 0.6));
        const double yaw = r.heading + (rng.chance(0.5) ? 0 : kPi) + rng.uniform(-0.4, 0.4);
        addWalker(w, rng, s, d, yaw, false);
    }
}

void addSigns(World& w, Rng& rng, const DressingOptions& o) {
    const Road& r = w.road;
    int n = 0;
    for (double s = o.s0 + 12; s < o.s1; s += rng.uniform(26, 40), ++n) {
        if (r.inJunction(s, 6) || nearCrosswalk(r, s, 4)) continue;
        const int side = n % 2 == 0 ? 1 : -1;
        Actor a;
        a.cls = ActorClass::TrafficSign;
        a.id = w.newId(rng);
        a.sign = rng.chance(0.75) ? SignKind::SpeedLimit : SignKind::Yield;
        a.speedLimit = a.sign == SignKind::SpeedLimit ? (rng.chance(0.7) ? 30 : 40) : 0;
        a.typeId = a.sign == SignKind::SpeedLimit ? "traffic.speed_limit." + std::to_string(a.speedLimit)
                                                  : std::string("traffic.yield");
        a.extent = {0.05, 0.4, 1.3};
        a.facingEgo = side > 0;
        a.affectsEgo = side > 0;
        a.color = {240, 240, 240};
        const double d = side > 0 ? r.rightKerb() + 0.5 : r.leftKerb() - 0.5;
        const Vec3 p = r.at(s, d);
        a.pose = {p.x, p.y, 0.0, r.heading + (side > 0 ? 0 : kPi)};
        a.roadId = r.roadId;
        a.laneId = r.laneIdAt(d);
        w.add(std::move(a), false);
    }
}

void addLights(World& w, Rng& rng) {
    const Road& r = w.road;
    for (const auto& j : r.junctions) {
        // One head per approach: the ego's, the opposite one, and the two cross ones.
        const struct { double s, d, yaw; bool ego; int state; } heads[] = {
            {j.s - j.halfWidth - 1.0, r.rightKerb() + 0.6, 0.0, true, 2},
            {j.s + j.halfWidth + 1.0, r.leftKerb() - 0.6, kPi, false, 2},
            {j.s + j.halfWidth + 1.0, r.rightKerb() + 0.6, -kPi / 2, false, 0},
            {j.s - j.halfWidth - 1.0, r.leftKerb() - 0.6, kPi / 2, false, 0},
        };
        for (const auto& h : heads) {
            Actor a;
            a.cls = ActorClass::TrafficLight;
            a.id = w.newId(rng);
            a.typeId = "traffic.traffic_light";
            a.extent = {0.25, 0.25, 0.5};
            a.lightState = h.state;
            a.affectsEgo = h.ego;
            a.facingEgo = h.ego;
            const Vec3 p = r.at(h.s, h.d);
            a.pose = {p.x, p.y, 0.0, r.heading + h.yaw};
            a.roadId = j.roadId;
            w.add(std::move(a), false);
        }
    }
}

void addScenery(World& w, Rng& rng, const DressingOptions& o) {
    const Road& r = w.road;
    for (int side : {1, -1}) {
        const double kerb = side > 0 ? r.rightKerb() : -r.leftKerb();
        for (double s = o.s0 - 40; s < o.s1 + 60;) {
            const double width = rng.uniform(10, 32);
            bool blocked = false;
            for (const auto& j : r.junctions)
                if (s + width > j.s - j.halfWidth - 4 && s < j.s + j.halfWidth + 4) {
                    s = j.s + j.halfWidth + 4;
                    blocked = true;
                }
            if (blocked) continue;
            Scenery b;
            b.s0 = s;
            b.s1 = s + width;
            b.side = side;
            b.offset = kerb + r.sidewalkWidth + rng.uniform(0.3, 3.0);
            b.depth = rng.uniform(10, 20);
            b.height = rng.uniform(7, 34);
            b.color = rng.pick(kFacades);
            w.scenery.push_back(b);
            s += width + rng.uniform(1, 6);
        }
        for (double s = o.s0 + rng.uniform(0, 10); s < o.s1 + 60; s += rng.uniform(11, 19)) {
            if (r.inJunction(s, 3) || nearCrosswalk(r, s, 4)) continue;
            Scenery t;
            t.s0 = t.s1 = s;
            t.side = side;
            t.offset = kerb + 1.0;
            t.height = rng.uniform(5, 8);
            t.color = {52, static_cast<std::uint8_t>(96 + rng.below(40)), 44};
            t.tree = true;
            w.scenery.push_back(t);
        }
    }
}

}  // namespace

void dressUrban(World& w, Rng& rng, const DressingOptions& o) {
    if (w.road.parkingWidth > 0) {
        if (o.parkedRight) addParkedRow(w, rng, o, 1);
        if (o.parkedLeft) addParkedRow(w, rng, o, -1);
    }
    addSidewalkLife(w, rng, o, 1);
    addSidewalkLife(w, rng, o, -1);
    addSigns(w, rng, o);
    addLights(w, rng);
    addScenery(w, rng, o);
}

}  // namespace corevla::sample
