// SPDX-License-Identifier: MIT
// The static world of a sample scenario: one straight road (optionally with
// cross streets), the actors CARLA would annotate (vehicles, walkers, traffic
// lights and signs) and unannotated scenery (buildings, trees). Everything is
// placed in road coordinates (s along the road, d to its right) and converted
// to CARLA world coordinates, so the renderer and the annotation writer read
// the very same geometry.
#pragma once

#include "importers/sample/geometry.h"
#include "importers/sample/rng.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corevla::sample {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

enum class ActorClass { Vehicle, Walker, TrafficLight, TrafficSign };
enum class SignKind { SpeedLimit, Stop, Yield };

struct VehicleModel {
    const char* typeId;
    const char* baseType;  // CARLA blueprint attribute: car, van, truck
    double ex, ey, ez;     // half sizes, metres
};
const VehicleModel* findVehicleModel(std::string_view typeId);
const VehicleModel& randomCarModel(Rng& rng);
Rgb randomPaint(Rng& rng);

struct Actor {
    ActorClass cls = ActorClass::Vehicle;
    int id = 0;
    std::string typeId, baseType;
    Vec3 extent;             // half sizes (CARLA extent)
    Rgb color, color2;       // paint; walkers: shirt and trousers
    bool parked = false;     // annotated as state "static"
    bool emergency = false;  // light bar
    bool hazardLights = false;
    bool female = false, child = false;
    SignKind sign = SignKind::SpeedLimit;
    int speedLimit = 0;
    bool affectsEgo = false;
    int lightState = 2;      // traffic light: 0 red, 1 yellow, 2 green
    bool facingEgo = true;   // lights/signs: faces traffic moving along +s
    int roadId = 0, laneId = 0;
    Pose pose;               // static actors (dyn < 0)
    int dyn = -1;            // index into Tick::dyn for moving actors
};

struct Junction {
    double s = 0;
    double halfWidth = 7.5;  // half width of the cross street's asphalt
    int roadId = 0;
};

struct Road {
    double originX = 0, originY = 0;  // world position of s = 0, d = 0
    double heading = 0;               // CARLA yaw (rad) of the +s direction
    int lanesFwd = 2, lanesBack = 2;
    double laneWidth = 3.5;
    double parkingWidth = 0;          // parking strip at each kerb, 0 = none
    double sidewalkWidth = 4.0;
    int roadId = 12;
    std::vector<Junction> junctions;
    std::vector<double> crosswalks;   // s of zebra crossings

    Vec3 at(double s, double d, double z = 0) const;
    Vec2 toRoad(double x, double y) const;
    // Lane k >= 0: forward lanes counted from the centre line; -1-k: opposite lanes.
    double laneCenter(int lane) const;
    double rightKerb() const { return lanesFwd * laneWidth + parkingWidth; }
    double leftKerb() const { return -(lanesBack * laneWidth + parkingWidth); }
    int laneIdAt(double d) const;     // OpenDRIVE style: forward lanes negative
    bool inJunction(double s, double margin = 0) const;
};

struct Weather {
    int id = 0;
    std::string name;
    double cloudiness = 0, precipitation = 0, wetness = 0, windIntensity = 10;
    double sunAltitude = 45, sunAzimuth = 90, fogDensity = 0, fogDistance = 0;
    double visibility = 220;  // metres: distance fog of the renderer
    Rgb skyTop, skyHorizon, ground, asphalt;
};
Weather weatherPreset(int id);
int weatherIdFromName(std::string_view name);

// Buildings and trees: drawn, never annotated (CARLA's boxes are actors only).
struct Scenery {
    double s0 = 0, s1 = 0;  // extent along the road
    int side = 1;           // +1 right of the road, -1 left
    double offset = 0;      // distance of the near face from the road's centre line
    double depth = 12, height = 10;
    Rgb color;
    bool tree = false;
};

struct World {
    Road road;
    Weather weather;
    std::vector<Actor> actors;
    std::vector<Scenery> scenery;
    int dynCount = 0;
    int egoId = 0;
    std::string egoType = "vehicle.lincoln.mkz_2020";
    Vec3 egoExtent{2.44, 1.06, 0.76};
    Rgb egoColor{40, 40, 44};
    int lastId = 0;

    int newId(Rng& rng) { lastId += 1 + rng.below(9); return lastId; }
    // Adds an actor; a dynamic one gets a slot in Tick::dyn. Returns its index.
    int add(Actor a, bool dynamic);
};

// Helpers that fill the common fields of an actor from the road position.
int addVehicle(World& w, Rng& rng, const VehicleModel& model, Rgb color, double s, double d,
               bool facingForward, bool dynamic);
int addWalker(World& w, Rng& rng, double s, double d, double yaw, bool dynamic);

struct DressingOptions {
    double s0 = -150, s1 = 400;
    bool parkedRight = true, parkedLeft = true;
    double walkersPer100m = 16;  // per sidewalk
    double clearFrom = 1e9, clearTo = -1e9;  // right kerb kept free of parked cars here
};
// Urban dressing: parked cars, walkers on the sidewalks, signs, traffic lights
// at junctions, buildings and trees.
void dressUrban(World& w, Rng& rng, const DressingOptions& opt);

}  // namespace corevla::sample
