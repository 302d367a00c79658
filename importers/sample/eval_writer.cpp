// SPDX-License-Identifier: MIT
#include "importers/sample/eval_writer.h"

#include "importers/sample/anno_writer.h"
#include "importers/sample/bench2drive_writer.h"
#include "importers/sample/camera_model.h"
#include "importers/sample/io_util.h"
#include "importers/sample/reasoning_text.h"
#include "storage/json_writer.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace corevla::sample {

namespace fs = std::filesystem;

namespace {

// Civil date <-> days since 1970-01-01 (proleptic Gregorian).
long long daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = static_cast<int>(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::string readable(double epoch) {
    // The evaluation machines log local time (UTC+8), as in the released files.
    const double local = epoch + 8 * 3600;
    long long secs = static_cast<long long>(std::floor(local));
    const int micros = static_cast<int>(std::lround((local - secs) * 1e6)) % 1000000;
    long long z = secs / 86400 + 719468;
    const int sod = static_cast<int>(secs % 86400);
    const long long era = z / 146097;
    const int doe = static_cast<int>(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = yoe + era * 400 + (m <= 2);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d.%06d", y, m, d, sod / 3600, sod / 60 % 60, sod % 60,
                  micros);
    return buf;
}

double stampEpoch(const char* stamp) {
    int mo = 1, d = 1, h = 0, mi = 0, s = 0;
    std::sscanf(stamp, "%d_%d_%d_%d_%d", &mo, &d, &h, &mi, &s);
    return static_cast<double>(daysFromCivil(2025, mo, d) * 86400 + h * 3600 + mi * 60 + s - 8 * 3600);
}

constexpr double kSlowdown = 42.0;  // wall seconds per simulated second with a 7B VLM in the loop
const char* const kFrontCams[] = {"CAM_FRONT", "CAM_FRONT_LEFT", "CAM_FRONT_RIGHT"};

std::string actorTag(const Timeline& tl, const Tick& tick, int actor) {
    if (actor < 0) return {};
    const Actor& a = tl.world.actors[static_cast<std::size_t>(actor)];
    const DynState* st = a.dyn >= 0 ? &tick.dyn[static_cast<std::size_t>(a.dyn)] : nullptr;
    const Vec3 p = st ? Vec3{st->x, st->y, a.extent.z} : Vec3{a.pose.x, a.pose.y, a.extent.z};
    const CameraPose cam = cameraPose(bench2driveMounts()[0], tick.ego.x, tick.ego.y, tick.ego.yaw, 1600, 900);
    const Vec3 c = cam.toCv(p);
    if (c.z < 0.5) return {};
    char buf[96];
    std::snprintf(buf, sizeof buf, "<c%d<CAM_FRONT,%.1f,%.1f>>", a.id, cam.f * c.x / c.z + cam.cx, cam.f * c.y / c.z + cam.cy);
    return buf;
}

std::string actorInfos(const Timeline& tl, const Tick& tick) {
    JsonWriter j;
    j.beginArray();
    const double c = std::cos(tick.ego.yaw), s = std::sin(tick.ego.yaw);
    for (const Actor& a : tl.world.actors) {
        if (a.cls != ActorClass::Vehicle || a.dyn < 0) continue;
        const DynState& st = tick.dyn[static_cast<std::size_t>(a.dyn)];
        const double dx = st.x - tick.ego.x, dy = st.y - tick.ego.y;
        const double fx = c * dx + s * dy, fy = -s * dx + c * dy;  // ego frame
        if (st.hidden || std::hypot(fx, fy) > 40) continue;
        j.beginObject().key("id").str(std::to_string(a.id)).key("type").str(a.typeId);
        j.key("position").beginArray().number(std::round(fx * 10) / 10 + 0.0, 6).number(std::round(fy * 10) / 10 + 0.0, 6).endArray();
        j.key("speed").number(std::round(st.speed * 10) / 10, 6).endObject();
    }
    j.endArray();
    return j.take();
}

std::string inferenceJson(const Timeline& tl, const EvalInfo& info, int frame, Rng& rng) {
    const Tick& tick = tl.ticks[static_cast<std::size_t>(2 * frame)];
    const ModelOutput& m = tick.model;
    const std::string save = saveName(info);
    const double v = tick.ego.v;
    char speed[96];
    std::snprintf(speed, sizeof speed, " The ego vehicle is driving at the speed of %.1f m/s, and it wants to follow the lane.", v);
    const std::string infos = "Basic infos of the actors: " + actorInfos(tl, tick) + "\n";
    const bool brakes = m.speedCmd == "DECELERATE" || m.speedCmd == "STOP";
    const std::string firstSentence = m.reasoning.substr(0, m.reasoning.find(". ") + 1);
    const std::string tag = actorTag(tl, tick, m.dangerActor);
    struct Item { int qid, cluster, layer; std::string a, answer, promptTail; };
    const Item items[] = {
        {8, 1, 0, m.qBrake, (brakes ? "Yes. " : "No. ") + firstSentence, speed},
        {51, 2, 0, "", tag.empty() ? "There is no dangerous vehicle ahead." : "The most dangerous vehicle is " + tag + ".", ""},
        {43, 3, 1, m.gtAction, m.reasoning,
         std::string(speed) + " Decelerate if the time to collision with the vehicle ahead is below 3 seconds, and stop if it is below 2 seconds."},
        {24, 2, 2, m.qVehicles, m.qVehicles, ""},
        {50, 3, 3, m.gtDir + ", " + m.gtSpeed, m.reasoning + " " + text::metaSuffix(m.dirCmd, m.speedCmd), speed},
    };
    double clock = stampEpoch(info.stamp) + frame / 10.0 * kSlowdown + 0.21;
    JsonWriter j;
    j.beginObject();
    j.key("scenario").str(save).key("frame_number").integer(frame).key("key_object_infos").beginObject().endObject();
    j.key("QA").beginObject().key("Category").beginArray();
    for (const Item& it : items) {
        const double q = clock, a = q + 0.6 + 0.02 * it.answer.size() + rng.uniform(0, 0.4);
        clock = a + rng.uniform(0.02, 0.08);
        j.beginObject();
        j.key("Q").str(text::question(it.qid)).key("A").str(it.a).key("C").null().key("qid").integer(it.qid);
        j.key("con_up").integer(-1).key("con_down").integer(-1).key("cluster").integer(it.cluster).key("layer").integer(it.layer);
        j.key("actual_Q").str(infos + text::question(it.qid) + it.promptTail).key("actual_gt").str(it.a);
        j.key("VLM_name").str("Qwen2.5VL").key("VLM_answer").str(it.answer);
        j.key("Q_timestamp").number(std::round(q * 100) / 100, 15).key("Q_time_readable").str(readable(std::round(q * 100) / 100));
        j.key("A_timestamp").number(std::round(a * 100) / 100, 15).key("A_time_readable").str(readable(std::round(a * 100) / 100));
        j.endObject();
    }
    j.endArray().endObject();
    j.key("extra_flags").beginObject().key("ego_speed").number(std::round(v * 100) / 100, 6);
    j.key("speed_cmd").str(m.speedCmd).key("direction_cmd").str(m.dirCmd);
    j.key("speed_change_gt").str(m.gtSpeed).key("is_trivial_case").boolean(false).endObject();
    j.key("Cameras").beginObject();
    const std::string base = std::string("eval/") + kEvalModelDir + "/" + save + "/camera/";
    for (int c = 0; c < 6; ++c) {
        j.key(bench2driveMounts()[c].sensorId);
        if (c < 3) j.str(base + bench2driveMounts()[c].folder + "/" + frameName(frame, "jpg"));
        else j.null();
    }
    j.key("ANNO_CAM_FRONT").null();
    j.endObject().endObject();
    return j.take();
}

const char* const kInfractionKeys[] = {"collisions_layout", "collisions_pedestrian", "collisions_vehicle", "red_light",
                                       "stop_infraction", "outside_route_lanes", "min_speed_infractions",
                                       "yield_emergency_vehicle_infractions", "scenario_timeouts", "route_dev",
                                       "vehicle_blocked", "route_timeout"};

double penaltyOf(const std::string& key) {
    static const std::map<std::string, double> kFactor{{"collisions_pedestrian", 0.5}, {"collisions_vehicle", 0.6},
                                                       {"collisions_layout", 0.65},    {"red_light", 0.7},
                                                       {"stop_infraction", 0.8},       {"scenario_timeouts", 0.7},
                                                       {"yield_emergency_vehicle_infractions", 0.7}};
    const auto it = kFactor.find(key);
    return it == kFactor.end() ? 1.0 : it->second;
}

void fillTruth(const EvalRoute& r, TruthRecord& t, double& penalty, double& length) {
    const Timeline& tl = *r.tl;
    const int frames = static_cast<int>(tl.ticks.size() / 2);
    t.source = "bench2drive_eval";
    t.name = saveName(r.info);
    t.path = std::string("eval/") + kEvalModelDir + "/" + t.name;
    t.scenario = r.info.scenario;
    t.town = r.info.town;
    t.weather = "Weather" + std::to_string(r.info.weather);
    t.routeId = r.info.routeId;
    t.frames = frames;
    t.durationS = frames / 10.0;
    t.cameras = {"rgb_front", "rgb_front_left", "rgb_front_right"};
    penalty = 1.0;
    for (const char* key : kInfractionKeys)
        for (const Infraction& inf : tl.infractions)
            if (inf.key == key) {
                t.infractions.push_back({inf.key, inf.text, inf.step >= 0 ? inf.step / 2 : -1});
                penalty *= penaltyOf(inf.key);
                if (inf.key.rfind("collisions_", 0) == 0) ++t.collisions;
            }
    t.scoreRoute = 100.0;
    t.scorePenalty = std::round(penalty * 1e6) / 1e6;
    t.drivingScore = std::round(100.0 * penalty * 1e6) / 1e6;
    t.status = t.infractions.empty() ? "Perfect" : "Completed";
    if (r.inference) {
        t.hasReasoning = true;
        t.decisions = (frames + 9) / 10;
    }
    length = tl.ticks.back().ego.s - tl.ticks.front().ego.s;
}

void writeRecord(JsonWriter& j, int index, const EvalRoute& r, const TruthRecord& t, double length) {
    j.beginObject();
    j.key("index").integer(index).key("route_id").str(r.info.routeId).key("scenario_name").str(r.info.scenario);
    j.key("weather_id").integer(r.info.weather).key("town_name").str(r.info.town).key("save_name").str(t.name);
    j.key("status").str(t.status).key("num_infractions").integer(static_cast<long long>(t.infractions.size()));
    j.key("infractions").beginObject();
    for (const char* key : kInfractionKeys) {
        j.key(key).beginArray();
        for (const auto& inf : t.infractions)
            if (inf.key == key) j.str(inf.text);
        j.endArray();
    }
    j.endObject();
    j.key("scores").beginObject().key("score_route").number(t.scoreRoute, 10);
    j.key("score_penalty").number(t.scorePenalty, 10).key("score_composed").number(t.drivingScore, 10).endObject();
    j.key("meta").beginObject().key("route_length").number(std::round(length * 1000) / 1000, 10);
    j.key("duration_game").number(t.durationS, 10).key("duration_system").number(std::round(t.durationS * kSlowdown * 1000) / 1000, 10);
    j.endObject().endObject();
}

}  // namespace

std::string saveName(const EvalInfo& info) {
    return std::string(info.routeId) + "_" + info.town + "_" + info.scenario + "_Weather" + std::to_string(info.weather) +
           "_" + info.stamp;
}

std::string writeEvaluation(GenContext& ctx, const EvalRoute& a, const EvalRoute& b, TruthRecord& truthA,
                            TruthRecord& truthB) {
    std::string err;
    const EvalRoute* routes[2] = {&a, &b};
    TruthRecord* truths[2] = {&truthA, &truthB};
    double lengths[2] = {0, 0}, penalties[2] = {1, 1};
    for (int k = 0; k < 2; ++k) {
        const EvalRoute& r = *routes[k];
        fillTruth(r, *truths[k], penalties[k], lengths[k]);
        const fs::path dir = ctx.out / "eval" / kEvalModelDir / truths[k]->name;
        for (int c = 0; c < 3; ++c)
            if (!ensureDir(dir / "camera" / bench2driveMounts()[c].folder, err)) return err;
        if (!ensureDir(dir / "anno", err)) return err;
        const Renderer renderer(r.tl->world);
        const int frames = truths[k]->frames;
        const int before = static_cast<int>(ctx.doneUnits);
        err = parallelFor(
            frames, ctx.threads,
            [&](int f) -> std::string {
                std::string e;
                const Tick& tick = r.tl->ticks[static_cast<std::size_t>(2 * f)];
                if (!writeGzip(dir / "anno" / frameName(f, "json.gz"), annoJson(r.tl->world, tick, {}), e)) return e;
                return writeFrameImages(renderer, tick, dir / "camera", f, {0, 1, 2});
            },
            ctx.cancel,
            [&](int done) {
                ctx.doneUnits = before;
                ctx.report(3.0 * done, "eval " + std::to_string(done) + "/" + std::to_string(frames));
            });
        if (!err.empty()) return err;
        if (!r.inference) continue;
        const fs::path inferDir = ctx.out / "eval" / "infer_results" / kEvalModelDir / truths[k]->name;
        if (!ensureDir(inferDir, err)) return err;
        Rng rng(mixSeed(0x5eed, truths[k]->name));  // timing jitter only; content comes from the timeline
        for (int f = 0; f < frames; f += 10)
            if (!writeFile(inferDir / frameName(f, "json"), inferenceJson(*r.tl, r.info, f, rng), err)) return err;
    }

    JsonWriter j;
    j.beginObject().key("_checkpoint").beginObject();
    const double meanScore = (truthA.drivingScore + truthB.drivingScore) / 2;
    const double km = (lengths[0] + lengths[1]) / 1000.0;
    j.key("global_record").beginObject().key("index").integer(-1).key("route_id").integer(-1).key("status").str("Failed");
    j.key("infractions").beginObject();
    for (const char* key : kInfractionKeys) {
        int n = 0;
        for (const TruthRecord* t : truths)
            for (const auto& inf : t->infractions) n += inf.key == key;
        j.key(key).number(std::round(n / km * 1000) / 1000, 10);
    }
    j.endObject();
    j.key("scores_mean").beginObject().key("score_route").number(100.0, 10);
    j.key("score_penalty").number((penalties[0] + penalties[1]) / 2, 10).key("score_composed").number(meanScore, 10).endObject();
    j.key("scores_std_dev").beginObject().key("score_route").number(0.0, 10);
    j.key("score_penalty").number(std::fabs(penalties[0] - penalties[1]) / 2, 10);
    j.key("score_composed").number(std::fabs(truthA.drivingScore - truthB.drivingScore) / 2, 10).endObject();
    j.key("meta").beginObject().key("total_length").number(std::round(km * 1e6) / 1000, 10);
    j.key("duration_game").number(truthA.durationS + truthB.durationS, 10);
    j.key("duration_system").number((truthA.durationS + truthB.durationS) * kSlowdown, 10);
    j.key("exceptions").beginArray().endArray().endObject();
    j.endObject();
    j.key("progress").beginArray().integer(2).integer(2).endArray();
    j.key("records").beginArray();
    writeRecord(j, 0, a, truthA, lengths[0]);
    writeRecord(j, 1, b, truthB, lengths[1]);
    j.endArray().endObject();
    j.key("entry_status").str("Finished").key("eligible").boolean(true);
    j.key("sensors").beginArray();
    for (int c = 0; c < 6; ++c) j.str("carla_camera");
    j.str("carla_imu").str("carla_gnss").str("carla_speedometer").endArray();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", meanScore);
    j.key("values").beginArray().str(buf).str("100.000");
    std::snprintf(buf, sizeof buf, "%.3f", (penalties[0] + penalties[1]) / 2);
    j.str(buf).endArray();
    j.key("labels").beginArray().str("Avg. driving score").str("Avg. route completion").str("Avg. infraction penalty").endArray();
    j.endObject();
    if (!ensureDir(ctx.out / "eval", err)) return err;
    return writeFile(ctx.out / "eval" / "results.json", j.take(), err) ? std::string() : err;
}

}  // namespace corevla::sample
