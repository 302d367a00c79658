// SPDX-License-Identifier: MIT
#include "importers/sample/anno_writer.h"

#include "importers/sample/camera_model.h"
#include "storage/json_writer.h"

#include <cmath>
#include <string>

namespace corevla::sample {

namespace {

constexpr double kRange = 100.0;  // Bench2Drive keeps actors within 100 m

void num(JsonWriter& j, double v) { j.number(std::fabs(v) < 1e-9 ? 0.0 : v + 0.0, 9); }

void vec(JsonWriter& j, std::initializer_list<double> v) {
    j.beginArray();
    for (double x : v) num(j, x);
    j.endArray();
}

void vec3(JsonWriter& j, const Vec3& v) { vec(j, {v.x, v.y, v.z}); }

void mat(JsonWriter& j, const Mat4& m, int rows = 4) {
    j.beginArray();
    for (int r = 0; r < rows; ++r) {
        j.beginArray();
        for (int c = 0; c < 4; ++c) num(j, m[r * 4 + c]);
        j.endArray();
    }
    j.endArray();
}

std::string colorText(Rgb c) {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
}

// Fields every box shares, in CARLA's order of writing.
void common(JsonWriter& j, const char* cls, int id, const Pose& p, const Vec3& ext, const Vec3& bbxLoc, int tag,
            const std::string& type, int road, int lane) {
    j.key("class").str(cls).key("id").str(std::to_string(id));
    j.key("location"); vec(j, {p.x, p.y, p.z});
    j.key("rotation"); vec(j, {0.0, 0.0, toDeg(p.yaw)});
    j.key("center"); vec3(j, p.toWorld(bbxLoc.x, bbxLoc.y, bbxLoc.z));
    j.key("extent"); vec3(j, ext);
    j.key("semantic_tags").beginArray().integer(tag).endArray();
    j.key("type_id").str(type);
    j.key("road_id").integer(road).key("lane_id").integer(lane).key("section_id").integer(0);
}

void corners(JsonWriter& j, const Pose& p, const Vec3& e, const Vec3& c) {
    j.key("bbx_loc"); vec3(j, c);
    j.key("world_cord").beginArray();
    for (int i = 0; i < 8; ++i)  // CARLA's vertex order: x slowest, z fastest
        vec3(j, p.toWorld(c.x + (i & 4 ? e.x : -e.x), c.y + (i & 2 ? e.y : -e.y), c.z + (i & 1 ? e.z : -e.z)));
    j.endArray();
}

void triggerVolume(JsonWriter& j, const Pose& p, double lateral, double halfWidth) {
    // A box on the controlled lanes, just upstream of the light or sign.
    const Vec3 at = p.toWorld(-2.0, -lateral, 0.0);
    j.key("trigger_volume_location"); vec3(j, at);
    j.key("trigger_volume_rotation"); vec(j, {0.0, 0.0, toDeg(p.yaw)});
    j.key("trigger_volume_extent"); vec(j, {1.5, halfWidth, 1.0});
}

void vehicleBox(JsonWriter& j, const Actor& a, const Pose& p, const DynState* st, double dist) {
    const bool dynamic = st != nullptr;
    common(j, "vehicle", a.id, p, a.extent, {0, 0, a.extent.z}, a.baseType == "truck" ? 15 : 14, a.typeId, a.roadId, a.laneId);
    j.key("distance"); num(j, dist);
    j.key("state").str(dynamic ? "dynamic" : "static");
    corners(j, p, a.extent, {0, 0, a.extent.z});
    j.key("color").str(colorText(a.color));
    j.key("base_type").str(a.baseType);
    j.key("num_points").integer(dist < 60 ? static_cast<long long>(4200.0 / (dist + 4.0)) : 0);
    j.key("speed"); num(j, dynamic ? st->speed : 0.0);
    const bool braking = dynamic && st->braking;
    j.key("brake"); num(j, braking ? 1.0 : 0.0);
    j.key("light_state").str(a.emergency ? "Special1" : (a.hazardLights ? "LeftBlinker|RightBlinker" : (braking ? "Brake" : "NONE")));
    j.key("world2vehicle"); mat(j, rigidInverse(p.matrix()));
}

void walkerBox(JsonWriter& j, const Actor& a, const Pose& p, double dist) {
    common(j, "walker", a.id, p, a.extent, {0, 0, a.extent.z}, 12, a.typeId, a.roadId, a.laneId);
    j.key("distance"); num(j, dist);
    j.key("gender").str(a.female ? "female" : "male");
    j.key("age").str(a.child ? "child" : "adult");
    j.key("num_points").integer(dist < 40 ? static_cast<long long>(900.0 / (dist + 3.0)) : 0);
    j.key("speed"); num(j, 0.0);  // CARLA reports 0 for walkers
    const double h = 2 * a.extent.z;
    static const double kJoints[][3] = {{0, 0, 0.53}, {0, 0, 0.7},   {0, 0, 0.84},   {0, 0, 0.93},
                                        {0, -0.2, 0.82}, {0, 0.2, 0.82}, {0.05, -0.24, 0.5}, {0.05, 0.24, 0.5},
                                        {0.03, -0.1, 0.28}, {0.03, 0.1, 0.28}, {0, -0.1, 0.02}, {0, 0.1, 0.02}};
    j.key("bone").beginArray();
    for (const auto& b : kJoints) vec3(j, p.toWorld(b[0], b[1], b[2] * h));
    j.endArray();
    j.key("world2ped"); mat(j, rigidInverse(p.matrix()));
}

}  // namespace

std::string annoJson(const World& world, const Tick& tick, const AnnoOptions& opt, int* boxes) {
    const Road& road = world.road;
    const EgoState& e = tick.ego;
    const Weather& wt = world.weather;
    JsonWriter j;
    j.beginObject();
    j.key("x"); num(j, e.x);
    j.key("y"); num(j, e.y);
    double theta = std::fmod(e.yaw + kPi / 2, 2 * kPi);
    if (theta < 0) theta += 2 * kPi;
    j.key("theta"); num(j, theta);
    j.key("speed");
    if (opt.nullSpeed) j.null();
    else num(j, e.v);
    j.key("throttle"); num(j, tick.applied.throttle);
    j.key("steer"); num(j, tick.applied.steer);
    j.key("brake"); num(j, tick.applied.brake);
    j.key("reverse").boolean(false);
    const Vec3 near = road.at(e.s + 20, road.laneCenter(e.d >= 0 ? static_cast<int>(e.d / road.laneWidth) : -1));
    const Vec3 far = road.at(e.s + 50, road.laneCenter(e.d >= 0 ? static_cast<int>(e.d / road.laneWidth) : -1));
    const int farCmd = road.inJunction(e.s + 50, 10) ? 3 : 4;
    j.key("x_command_near"); num(j, near.x);
    j.key("y_command_near"); num(j, near.y);
    j.key("command_near").integer(4);
    j.key("x_command_far"); num(j, far.x);
    j.key("y_command_far"); num(j, far.y);
    j.key("command_far").integer(farCmd);
    j.key("x_target"); num(j, near.x);
    j.key("y_target"); num(j, near.y);
    j.key("next_command").integer(4);
    j.key("should_brake").integer(tick.applied.brake > 0.1 ? 1 : 0);
    j.key("only_ap_brake").boolean(false);
    j.key("weather").beginObject();
    j.key("cloudiness"); num(j, wt.cloudiness);
    j.key("precipitation"); num(j, wt.precipitation);
    j.key("precipitation_deposits"); num(j, wt.precipitation * 0.5);
    j.key("wind_intensity"); num(j, wt.windIntensity);
    j.key("sun_azimuth_angle"); num(j, wt.sunAzimuth);
    j.key("sun_altitude_angle"); num(j, wt.sunAltitude);
    j.key("fog_density"); num(j, wt.fogDensity);
    j.key("fog_distance"); num(j, wt.fogDistance);
    j.key("wetness"); num(j, wt.wetness);
    j.key("fog_falloff"); num(j, 0.2);
    j.endObject();
    j.key("acceleration"); vec(j, {e.a, e.v * e.yawRate, 9.81});
    j.key("angular_velocity"); vec(j, {0.0, 0.0, e.yawRate});

    j.key("sensors").beginObject();
    for (const Mount& m : bench2driveMounts()) {
        const CameraPose c = cameraPose(m, e.x, e.y, e.yaw, 1600, 900);
        j.key(m.sensorId).beginObject();
        j.key("location"); vec3(j, c.location);
        j.key("rotation"); vec(j, {0.0, 0.0, c.yawDeg});
        j.key("intrinsic").beginArray();
        vec(j, {c.f, 0, c.cx}); vec(j, {0, c.f, c.cy}); vec(j, {0, 0, 1});
        j.endArray();
        j.key("world2cam"); mat(j, c.world2cam);
        j.key("cam2ego"); mat(j, c.cam2ego);
        j.key("fov"); num(j, m.fovDeg);
        j.key("image_size_x").integer(1600).key("image_size_y").integer(900);
        j.endObject();
    }
    const Mat4 ego2world = carlaMatrix({e.x, e.y, 0}, 0, toDeg(e.yaw), 0);
    const Mat4 lidar2ego = carlaMatrix({-0.39, 0, 1.84}, 0, 0, 0);
    const Mat4 lidar2world = multiply(ego2world, lidar2ego);
    j.key("LIDAR_TOP").beginObject();
    j.key("location"); vec(j, {lidar2world[3], lidar2world[7], lidar2world[11]});
    j.key("rotation"); vec(j, {0.0, 0.0, toDeg(e.yaw)});
    j.key("world2lidar"); mat(j, rigidInverse(lidar2world));
    j.key("lidar2ego"); mat(j, lidar2ego);
    j.endObject();
    j.endObject();

    int count = 1;
    j.key("bounding_boxes").beginArray();
    const Pose egoPose{e.x, e.y, 0, e.yaw};
    const Vec3 ee = world.egoExtent;
    j.beginObject();
    common(j, "ego_vehicle", world.egoId, egoPose, ee, {0, 0, ee.z}, 14, world.egoType, road.roadId, road.laneIdAt(e.d));
    j.key("base_type").str("car");
    corners(j, egoPose, ee, {0, 0, ee.z});
    j.key("color").str(colorText(world.egoColor));
    j.key("speed"); num(j, e.v);
    j.key("brake"); num(j, tick.applied.brake);
    j.key("world2ego"); mat(j, rigidInverse(egoPose.matrix()));
    j.endObject();
    // Grouped by class as the collector writes them: vehicles, walkers, lights, signs.
    for (ActorClass cls : {ActorClass::Vehicle, ActorClass::Walker, ActorClass::TrafficLight, ActorClass::TrafficSign}) {
        for (const Actor& a : world.actors) {
            if (a.cls != cls) continue;
            const DynState* st = a.dyn >= 0 ? &tick.dyn[a.dyn] : nullptr;
            if (st && st->hidden) continue;
            const Pose p = st ? Pose{st->x, st->y, 0, st->yaw} : a.pose;
            const double dist = std::hypot(p.x - e.x, p.y - e.y);
            if (dist > kRange) continue;
            ++count;
            j.beginObject();
            switch (cls) {
            case ActorClass::Vehicle: vehicleBox(j, a, p, st, dist); break;
            case ActorClass::Walker: walkerBox(j, a, p, dist); break;
            case ActorClass::TrafficLight:
                common(j, "traffic_light", a.id, p, a.extent, {0, 0, 3.65}, 7, a.typeId, a.roadId, a.laneId);
                j.key("distance"); num(j, dist);
                j.key("state").integer(a.lightState);
                j.key("affects_ego").boolean(a.affectsEgo);
                triggerVolume(j, p, road.lanesFwd * road.laneWidth * 0.5 + 0.6, road.lanesFwd * road.laneWidth * 0.5);
                break;
            case ActorClass::TrafficSign:
                common(j, "traffic_sign", a.id, p, a.extent, {0, 0, 2.45}, 8, a.typeId, a.roadId, a.laneId);
                j.key("distance"); num(j, dist);
                j.key("affects_ego").boolean(a.affectsEgo);
                j.key("world2sign"); mat(j, rigidInverse(p.matrix()));
                if (a.sign == SignKind::SpeedLimit || a.sign == SignKind::Stop)
                    triggerVolume(j, p, road.laneWidth * 0.5 + 0.5, road.laneWidth * 0.5);
                else
                    corners(j, p, a.extent, {0, 0, 2.45});
                break;
            }
            j.endObject();
        }
    }
    j.endArray();
    j.endObject();
    if (boxes) *boxes = count;
    return j.take();
}

}  // namespace corevla::sample
