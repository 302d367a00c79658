// SPDX-License-Identifier: MIT
#include "importers/sample/cave_writer.h"

#include "importers/sample/camera_model.h"
#include "importers/sample/io_util.h"
#include "importers/sample/renderer.h"
#include "importers/media/video_writer.h"
#include "storage/json_writer.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace corevla::sample {

namespace fs = std::filesystem;

namespace {

// The simulator's front view has a rear-view mirror at the top centre (where
// the attention map puts the driver's glance at a hazard behind): what a
// driver sees of an ambulance closing in from behind, and so a model too.
constexpr double kMirrorWidth = 0.34, kMirrorHeight = 0.16, kMirrorTop = 0.02;

void drawRearViewMirror(const Renderer& renderer, const Tick& t, cv::Mat& front) {
    const int w = std::max(8, int(front.cols * kMirrorWidth)), h = std::max(4, int(front.rows * kMirrorHeight));
    const int x0 = (front.cols - w) / 2, y0 = std::max(1, int(front.rows * kMirrorTop));
    const Mount rear{"mirror", "mirror", -1.0, 0.0, 1.4, 180.0, 60.0};
    cv::Mat view;
    renderer.render(t, cameraPose(rear, t.ego.x, t.ego.y, t.ego.yaw, w, h), view);
    cv::flip(view, view, 1);  // a mirror shows left and right swapped
    view.copyTo(front(cv::Rect(x0, y0, w, h)));
    cv::rectangle(front, cv::Rect(x0 - 1, y0 - 1, w + 2, h + 2), cv::Scalar(20, 20, 20), 1);
}

double r4(double v) { return std::round(v * 1e4) / 1e4 + 0.0; }  // + 0.0: no "-0" in the text

void controls(JsonWriter& j, const Controls& c) {
    j.beginObject().key("throttle").number(r4(c.throttle), 8).key("steer").number(r4(c.steer), 8);
    j.key("brake").number(r4(c.brake), 8).endObject();
}

std::string sessionJson(const CaveInfo& info) {
    JsonWriter j;
    j.beginObject();
    j.key("format").str("cave-session").key("version").integer(1).key("session_id").str(info.sessionId);
    j.key("scenario").str(info.scenario).key("town").str(info.town).key("weather").str(info.weather);
    j.key("driver_id").str(info.driver);
    j.key("model").beginObject().key("name").str(info.model).key("version").str(info.modelVersion).endObject();
    j.key("control_hz").integer(10);
    j.key("cameras").beginArray().beginObject().key("name").str("front").key("file").str("front.mp4");
    j.key("fov_deg").number(kCaveFov, 6).endObject().endArray();
    j.key("attention").str("attention.mp4");
    j.key("start_time_utc").str(info.startUtc);
    j.key("simulator").str("CARLA 0.9.15 (CAVE rig)");
    j.endObject();
    return j.take() + "\n";
}

// The scene around the ego (our extension of the log, docs/cave-session.md):
// vehicles and walkers within 60 m, as Bench2Drive's boxes would give them.
void objectsOf(JsonWriter& j, const World& world, const Tick& tick) {
    j.key("objects").beginArray();
    for (const Actor& a : world.actors) {
        if (a.cls != ActorClass::Vehicle && a.cls != ActorClass::Walker) continue;
        const DynState* st = a.dyn >= 0 ? &tick.dyn[a.dyn] : nullptr;
        if (st && st->hidden) continue;
        const Pose p = st ? Pose{st->x, st->y, 0, st->yaw} : a.pose;
        if (std::hypot(p.x - tick.ego.x, p.y - tick.ego.y) > 60) continue;
        const char* cls = a.cls == ActorClass::Walker ? "walker" : a.emergency ? "emergency_vehicle" : "vehicle";
        j.beginObject().key("id").str(std::to_string(a.id)).key("class").str(cls);
        j.key("x").number(r4(p.x), 10).key("y").number(r4(p.y), 10).key("yaw").number(r4(p.yaw), 8);
        j.key("length").number(r4(2 * a.extent.x), 8).key("width").number(r4(2 * a.extent.y), 8);
        j.key("speed").number(r4(st ? st->speed : 0), 8).endObject();
    }
    j.endArray();
}

std::string logLine(const World& world, const Tick& tick, int index) {
    JsonWriter j;
    j.beginObject();
    j.key("t").number(index / 10.0, 8);
    const EgoState& e = tick.ego;
    j.key("ego").beginObject().key("x").number(r4(e.x), 10).key("y").number(r4(e.y), 10);
    j.key("yaw").number(r4(e.yaw), 8).key("speed").number(r4(e.v), 8).key("accel").number(r4(e.a), 8).endObject();
    j.key("authority").str(tick.driver ? "driver" : "model");
    const ModelOutput& m = tick.model;
    j.key("model").beginObject();
    j.key("throttle").number(r4(m.ctl.throttle), 8).key("steer").number(r4(m.ctl.steer), 8).key("brake").number(r4(m.ctl.brake), 8);
    j.key("speed_cmd").str(m.speedCmd).key("dir_cmd").str(m.dirCmd);
    if (m.decision && !m.reasoning.empty()) j.key("reasoning").str(m.reasoning);
    j.key("waypoints").beginArray();
    for (const Vec2& w : m.waypoints)
        j.beginArray().number(std::round(w.x * 100) / 100 + 0.0, 8).number(std::round(w.y * 100) / 100 + 0.0, 8).endArray();
    j.endArray().endObject();
    j.key("driver");
    controls(j, tick.driverCtl);
    objectsOf(j, world, tick);
    if (!tick.events.empty()) {
        j.key("events").beginArray();
        for (const auto& ev : tick.events) j.str(ev);
        j.endArray();
    }
    j.endObject();
    return j.take();
}

}  // namespace

void renderCaveFront(const Renderer& renderer, const Tick& tick, int width, int height, cv::Mat& out) {
    renderer.render(tick, cameraPose(caveFrontMount(kCaveFov), tick.ego.x, tick.ego.y, tick.ego.yaw, width, height), out);
    drawRearViewMirror(renderer, tick, out);
}

std::string writeCaveSession(GenContext& ctx, const Timeline& tl, const CaveInfo& info, TruthRecord& truth, int width,
                             int height) {
    const fs::path dir = ctx.out / "cave" / info.sessionId;
    std::string err;
    if (!ensureDir(dir, err)) return err;
    if (!writeFile(dir / "session.json", sessionJson(info), err)) return err;

    // The log keeps every second simulation step (10 Hz).
    std::string log;
    int ticks = 0, decisions = 0, collisions = 0, bookmarks = 0, edgeEvents = 0;
    int spanStart = -1;
    std::vector<std::pair<int, int>> spans;
    for (std::size_t k = 0; k < tl.ticks.size(); k += 2, ++ticks) {
        const Tick& t = tl.ticks[k];
        log += logLine(tl.world, t, ticks) + "\n";
        decisions += t.model.decision && !t.model.reasoning.empty();
        for (const auto& ev : t.events) {
            collisions += ev == "collision";
            bookmarks += ev == "bookmark";
            edgeEvents += ev == "takeover_start" || ev == "takeover_end";
        }
        if (t.driver && spanStart < 0) spanStart = ticks;
        if (!t.driver && spanStart >= 0) {
            spans.push_back({spanStart, ticks - 1});
            spanStart = -1;
        }
    }
    if (spanStart >= 0) spans.push_back({spanStart, ticks - 1});
    if (!writeFile(dir / "log.jsonl", log, err)) return err;

    VideoWriter front, attention;
    if (!front.open(dir / "front.mp4", width, height, kCaveFps, kCaveGop)) return front.lastError();
    if (!attention.open(dir / "attention.mp4", width, height, kCaveFps, kCaveGop, true))
        return attention.lastError();
    const Renderer renderer(tl.world);
    const Mount mount = caveFrontMount(kCaveFov);
    const int n = static_cast<int>(tl.ticks.size());
    constexpr int kBatch = 24;  // render a batch in parallel, then encode it in order
    std::vector<cv::Mat> images(kBatch), heat(kBatch);
    for (int b0 = 0; b0 < n; b0 += kBatch) {
        const int count = std::min(kBatch, n - b0);
        err = parallelFor(
            count, ctx.threads,
            [&](int i) -> std::string {
                const Tick& t = tl.ticks[static_cast<std::size_t>(b0 + i)];
                const CameraPose cam = cameraPose(mount, t.ego.x, t.ego.y, t.ego.yaw, width, height);
                renderCaveFront(renderer, t, width, height, images[static_cast<std::size_t>(i)]);
                Renderer::attention(t, cam, heat[static_cast<std::size_t>(i)]);
                return {};
            },
            ctx.cancel);
        if (!err.empty()) return err;
        for (int i = 0; i < count; ++i) {
            if (!front.write(images[static_cast<std::size_t>(i)])) return front.lastError();
            if (!attention.write(heat[static_cast<std::size_t>(i)])) return attention.lastError();
        }
        ctx.report(count, std::string(info.sessionId) + " video " + std::to_string(b0 + count) + "/" + std::to_string(n));
    }
    if (!front.finish()) return front.lastError();
    if (!attention.finish()) return attention.lastError();

    truth.source = "cave_session";
    truth.name = info.sessionId;
    truth.path = std::string("cave/") + info.sessionId;
    truth.scenario = info.scenario;
    truth.town = info.town;
    truth.weather = info.weather;
    truth.frames = ticks;
    truth.fps = 10;
    truth.durationS = ticks / 10.0;
    truth.cameras = {"front"};
    truth.attention = true;
    truth.takeovers = static_cast<int>(spans.size());
    truth.takeoverFrames = spans;
    truth.takeoverEvents = edgeEvents > 0;
    truth.collisions = collisions;
    truth.bookmarks = bookmarks;
    truth.hasReasoning = decisions > 0;
    truth.decisions = decisions;
    return {};
}

}  // namespace corevla::sample
