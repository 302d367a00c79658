// SPDX-License-Identifier: MIT
#include "closedloop/runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <optional>
#include <opencv2/imgcodecs.hpp>

#include "dataset/pair_drafter.h"
#include "dataset/prompt_text.h"
#include "dataset/scene.h"
#include "importers/sample/cave_writer.h"
#include "importers/sample/mobil.h"
#include "importers/sample/renderer.h"

namespace corevla::closedloop {

using namespace sample;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

constexpr int kPromptFrames = 5, kPromptEvery = 10;  // steps: 0.5 s at 20 Hz

struct PromptFrame {
    std::string jpeg;
    double speed = 0;
};

// The vehicles in a forward lane ahead of and behind the ego, as MOBIL sees them.
LaneView laneView(const Sim& sim, double laneD) {
    LaneView view;
    const double front = egoFrontS(sim), rear = egoRearS(sim), half = sim.road().laneWidth / 2;
    const auto& actors = sim.world().actors;
    for (int i = 0; i < int(actors.size()); ++i) {
        const Actor& a = actors[std::size_t(i)];
        if (a.cls != ActorClass::Vehicle || a.dyn < 0 || sim.dyn(i).hidden) continue;
        const DynState& st = sim.dyn(i);
        if (std::fabs(st.d - laneD) >= half + 0.3 || st.dir < 0) continue;
        if (st.s >= sim.ego().s) {
            if (const double gap = st.s - a.extent.x - front; gap < view.leaderGap) view.leaderGap = gap, view.leaderSpeed = st.v;
        } else if (const double gap = rear - (st.s + a.extent.x); gap < view.followerGap) {
            view.followerGap = gap, view.followerSpeed = st.v, view.followerDesired = st.vMax;
        }
    }
    return view;
}

int nearestLane(const Road& road, double d) {
    int best = 0;
    for (int k = 1; k < road.lanesFwd; ++k)
        if (std::fabs(road.laneCenter(k) - d) < std::fabs(road.laneCenter(best) - d)) best = k;
    return best;
}

std::string where(const EgoState& e) { return "(x=" + fixed3(e.x) + ", y=" + fixed3(e.y) + ", z=" + fixed3(0.032) + ")"; }

}  // namespace

int Run::firstInfractionTick() const {
    int first = -1;
    for (const Infraction& inf : timeline.infractions)
        if (inf.step >= 0 && (first < 0 || inf.step < first)) first = inf.step;
    return first;
}

Run runScenario(Scenario sc, const Driver& driver, const RunOptions& options) {
    Run run;
    run.kind = sc.kind;
    run.seed = sc.seed;
    Sim& sim = sc.sim;
    const Road& road = sim.road();
    std::optional<Renderer> renderer(std::in_place, sim.world());  // refers to the world: gone before take()
    VlaController vla = VlaController::cruising(sc.cruise, road.laneCenter(sc.egoLane));
    const double front0 = egoFrontS(sim);
    run.routeLength = sc.goalS - front0;

    std::deque<PromptFrame> history;
    int wantedLane = -1;  // a lane change asked for and not yet made
    std::vector<int> struck;
    double stillS = 0;
    std::string failure;
    bool reached = false;
    std::vector<Infraction> infractions;
    auto infraction = [&](std::string key, std::string text) {
        infractions.push_back({std::move(key), std::move(text), sim.step()});
    };

    while (!sim.done()) {
        if (options.cancel && options.cancel->cancelled()) {
            run.cancelled = true;
            break;
        }
        auto t0 = Clock::now();
        sc.moveOthers();
        run.timing.step += since(t0);

        if (sim.step() % kPromptEvery == 0) {
            PromptFrame frame{{}, sim.ego().v};
            if (options.renderPrompts) {
                t0 = Clock::now();
                cv::Mat image;
                renderCaveFront(*renderer, sim.snapshot(), options.promptWidth, options.promptHeight, image);
                std::vector<unsigned char> bytes;
                cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, 95});
                frame.jpeg.assign(bytes.begin(), bytes.end());
                run.timing.render += since(t0);
            }
            history.push_back(std::move(frame));
            if (int(history.size()) > kPromptFrames) history.pop_front();
        }

        std::string why = sim.step() == 0 ? "Handed over cruising at " + dataset::wholeUnits(sim.ego().v) +
                                                " m/s; the model is asked from 2 s on, with a whole prompt."
                                          : std::string();
        // The model takes over a moving car and decides once it has seen a
        // whole prompt (2 s): every prompt it learned from had all five
        // frames, and the first, shorter ones made it brake for nothing.
        // Until then the car holds the cruise it was handed over at.
        if (sim.decisionStep() && int(history.size()) == kPromptFrames) {
            t0 = Clock::now();
            DriveQuestion q;
            q.scenario = &sc;
            for (const PromptFrame& f : history)
                if (!f.jpeg.empty()) q.images.push_back(f.jpeg);
            // The acceleration over the half second before, as the recordings' prompts state it.
            std::optional<double> accel;
            if (history.size() >= 2) accel = (history.back().speed - history[history.size() - 2].speed) / 0.5;
            q.prompt = dataset::composePrompt(q.images.size(), dataset::egoStateText(sim.ego().v, accel) + " " +
                                                                    dataset::kDefaultQuestion);
            DriveAnswer answer = driver(q);
            run.timing.decide += since(t0);
            ++run.decisions;
            why = answer.text;
            if (!answer.error.empty()) {
                if (run.firstError.empty()) run.firstError = answer.error;
                ++run.errors;
                why = "(no answer: " + answer.error + ")";
            } else if (!answer.hasAction) {
                ++run.unreadable;
            } else {
                const std::string speed = answer.action.speed.empty() ? vla.speedCmd : answer.action.speed;
                const std::string dir = answer.action.direction.empty() ? "FOLLOW_LANE" : answer.action.direction;
                vla.decide(speed, dir, sim.ego().v);
                const int lane = nearestLane(road, vla.laneD);
                wantedLane = dir == "CHANGE_LANE_LEFT" && lane > 0                    ? lane - 1
                             : dir == "CHANGE_LANE_RIGHT" && lane + 1 < road.lanesFwd ? lane + 1
                                                                                       : -1;
            }
        }

        t0 = Clock::now();
        if (wantedLane >= 0) {
            const MobilDecision m = mobil(sim.ego().v, sc.cruise, laneView(sim, vla.laneD), laneView(sim, road.laneCenter(wantedLane)));
            if (m.change) {
                vla.laneD = road.laneCenter(wantedLane);
                wantedLane = -1;
            }
        }
        const double accel = vla.accel(sim);
        Tick tick;
        fillModel(tick, sim, vla, accel, why);
        sim.commit(std::move(tick), accel, vla.laneD);

        // What the step did: collisions (each road user once; the run goes on,
        // as in the leaderboard, with the car stopped and the other one gone),
        // the kind's own rule, the route's end, standing still.
        for (int hit = sim.collidingActor(struck); hit >= 0; hit = sim.collidingActor(struck)) {
            struck.push_back(hit);
            const Actor& a = sim.world().actors[std::size_t(hit)];
            infraction(a.cls == ActorClass::Walker ? "collisions_pedestrian" : "collisions_vehicle", collisionText(a, sim.ego()));
            if (a.dyn >= 0) sim.dyn(hit).hidden = true;
            sim.ego().v = 0;
        }
        if (sc.rule)
            if (auto inf = sc.rule(sim)) infractions.push_back(std::move(*inf));
        stillS = sim.ego().v < 0.1 ? stillS + 0.05 : 0;
        if (egoFrontS(sim) >= sc.goalS) {
            reached = true;
            sim.stop();
        } else if (stillS >= kBlockedAfterS) {
            failure = "Agent got blocked";
            infraction("vehicle_blocked", "Agent got blocked at " + where(sim.ego()));
            sim.stop();
        }
        run.timing.step += since(t0);
    }
    if (!reached && failure.empty() && !run.cancelled) {
        failure = "Agent timed out";
        infraction("route_timeout", "Route timeout.");
    }

    run.simulatedS = sim.t();
    bench2drive::DrivenRoute route;
    route.routeId = "closed-loop_" + std::string(kindName(sc.kind)) + "_s" + std::to_string(sc.seed);
    route.scenario = std::string(scenarioType(sc.kind));
    route.completion = reached ? 100.0 : std::clamp(100.0 * (egoFrontS(sim) - front0) / std::max(run.routeLength, 1.0), 0.0, 100.0);
    route.failure = failure;
    for (const Infraction& inf : infractions) route.infractions.push_back(inf.key);
    run.outcome = bench2drive::scoreRoute(route, &run.penalty);

    renderer.reset();
    run.timeline = sim.take();
    // Each infraction on the logged (even) tick at or before it: the CAVE log keeps every second step.
    const int lastEven = std::max(0, (int(run.timeline.ticks.size()) - 1) & ~1);
    for (Infraction& inf : infractions) {
        inf.step = std::min(inf.step & ~1, lastEven);
        if (!run.timeline.ticks.empty()) run.timeline.ticks[std::size_t(inf.step)].events.push_back("infraction:" + inf.key + " " + inf.text);
        run.timeline.infractions.push_back(std::move(inf));
    }
    return run;
}

}  // namespace corevla::closedloop
