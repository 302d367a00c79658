// SPDX-License-Identifier: MIT
#include "dataset/pair_drafter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "dataset/scene.h"
#include "storage/recording_time.h"

namespace corevla::dataset {
namespace {

// The rule of driverAction and drivenAction, over the controls `of` picks per frame.
template <class ControlsOf>
MetaAction actionOver(const Recording& r, int fromFrame, double windowS, ControlsOf of) {
    MetaAction action{"KEEP", "FOLLOW_LANE"};
    const int first = framePosition(r, fromFrame);
    if (first < 0) return action;
    const Frame& start = r.frames[std::size_t(first)];
    const double v0 = start.speed.value_or(0);
    double vMin = v0, brake = 0, throttle = 0;
    int n = 0;
    std::size_t last = std::size_t(first);
    for (std::size_t i = std::size_t(first); i < r.frames.size() && r.frames[i].t <= start.t + windowS; ++i) {
        const Frame& f = r.frames[i];
        last = i;
        vMin = std::min(vMin, f.speed.value_or(vMin));
        const Controls& c = of(f);
        brake += c.brake;
        throttle += c.throttle;
        ++n;
    }
    brake /= std::max(n, 1);
    throttle /= std::max(n, 1);
    const Frame& end = r.frames[last];
    const double v1 = end.speed.value_or(v0);
    const bool wasMoving = v0 >= 1.0;  // a car already standing cannot be stopped
    if (wasMoving && (vMin < 0.5 || v1 < 1.0)) action.speed = "STOP";
    else if (v1 < v0 - 1.0 || brake > 0.2) action.speed = "DECELERATE";
    else if (v1 > v0 + 1.0 || (throttle > 0.5 && v1 > v0 + 0.3)) action.speed = "ACCELERATE";
    const double lateral = relativeTo(start, end.egoX, end.egoY).lateral;
    if (std::abs(lateral) >= 1.5) action.direction = lateral < 0 ? "CHANGE_LANE_LEFT" : "CHANGE_LANE_RIGHT";
    else if (std::abs(lateral) >= 0.6) action.direction = lateral < 0 ? "DEVIATE_LEFT" : "DEVIATE_RIGHT";
    return action;
}

}  // namespace

std::string causeAt(const Frame& frame) {
    const SceneObject* emergency = nullptr;
    double nearest = 80;
    for (const SceneObject& o : frame.objects) {
        if (o.cls != "emergency_vehicle") continue;
        const double d = std::hypot(o.x - frame.egoX, o.y - frame.egoY);
        if (d < nearest) nearest = d, emergency = &o;
    }
    if (emergency) {
        const Relative r = relativeTo(frame, emergency->x, emergency->y);
        return "an emergency vehicle is " + wholeUnits(std::abs(r.forward)) + " m " + (r.forward < 0 ? "behind" : "ahead");
    }
    const auto ahead = objectAhead(frame);
    if (!ahead) return {};
    std::string where = ahead->inLane ? " ahead in our lane" : ahead->lateral < 0 ? " ahead on the left" : " ahead on the right";
    if (!ahead->inLane && std::abs(ahead->lateral) < 3.5) where = " ahead, moving into our lane";
    if (ahead->distance < 1.0) return objectPhrase(ahead->object) + " is right in front of us";
    return objectPhrase(ahead->object) + " is " + wholeUnits(ahead->distance) + " m" + where;
}

std::string actionExplanation(const MetaAction& a, const std::string& cause) {
    const std::string because = cause.empty() ? "" : ": " + cause;
    const bool left = a.direction.find("LEFT") != std::string::npos;
    if (a.direction.starts_with("CHANGE_LANE"))
        return std::string("Change to the ") + (left ? "left" : "right") + " lane" +
               (a.speed == "DECELERATE" || a.speed == "STOP" ? " and slow down" : "") + because + ".";
    if (a.direction.starts_with("DEVIATE"))
        return std::string("Move over to the ") + (left ? "left" : "right") +
               (a.speed == "DECELERATE" || a.speed == "STOP" ? " and slow down" : "") + because + ".";
    if (a.speed == "STOP") return "Brake to a stop" + because + ".";
    if (a.speed == "DECELERATE") return "Slow down" + because + ".";
    if (a.speed == "ACCELERATE") return "Speed up" + because + ".";
    return "Keep the lane and the speed" + because + ".";
}

MetaAction driverAction(const Recording& r, int fromFrame, double windowS) {
    return actionOver(r, fromFrame, windowS, [](const Frame& f) -> const Controls& { return f.driver ? *f.driver : f.model; });
}

MetaAction drivenAction(const Recording& r, int fromFrame, double windowS) {
    return actionOver(r, fromFrame, windowS, [](const Frame& f) -> const Controls& {
        return f.authority == Authority::Driver && f.driver ? *f.driver : f.model;
    });
}

std::string composeAnswer(const std::string& explanation, const MetaAction& action) {
    std::string text = explanation;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
    if (!text.empty()) text += ' ';
    return text + "Decision: " + (action.direction.empty() ? "FOLLOW_LANE" : action.direction) + ", " +
           (action.speed.empty() ? "KEEP" : action.speed) + ".";
}

std::string answerExplanation(const std::string& answer) {
    const std::size_t at = answer.rfind("Decision:");
    std::string text = answer.substr(0, at);
    const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!text.empty() && space(text.back())) text.pop_back();
    std::size_t first = 0;
    while (first < text.size() && space(text[first])) ++first;
    return text.substr(first);
}

std::vector<int> promptFramesEndingAt(const Recording& r, int decisionFrame, int count, double spacingS) {
    std::vector<int> frames;
    const double tDecision = frameTime(r, decisionFrame);
    for (int k = count - 1; k >= 0; --k) {
        const int f = frameAtTime(r, tDecision - k * spacingS);
        if (frames.empty() || f > frames.back()) frames.push_back(f);
    }
    return frames;
}

ModelAnswer modelAnswerAt(const Recording& r, int frame) {
    const Decision* inForce = nullptr;
    for (const Decision& d : r.decisions)
        if (d.frame <= frame && (!inForce || d.frame >= inForce->frame)) inForce = &d;
    ModelAnswer answer;
    answer.action = inForce ? MetaAction{inForce->speedCmd, inForce->dirCmd} : MetaAction{"KEEP", "FOLLOW_LANE"};
    answer.frame = inForce ? inForce->frame : -1;
    const std::string said = inForce && !inForce->reasoning.empty() ? inForce->reasoning : "The model gave no reasoning.";
    answer.text = composeAnswer(said, answer.action);
    return answer;
}

std::string promptCamera(const Recording& r, const std::string& wanted) {
    std::string front, first;
    for (const Camera& c : r.cameras) {
        if (c.isAttention) continue;
        if (c.name == wanted) return c.name;
        if (first.empty()) first = c.name;
        const bool isFront = c.name.find("front") != std::string::npos && c.name.find("left") == std::string::npos &&
                             c.name.find("right") == std::string::npos;
        if (isFront && front.empty()) front = c.name;
    }
    return front.empty() ? first : front;
}

std::vector<int> decisionsBeforeTakeover(const Recording& r, const Segment& s, double windowS) {
    const int event = s.eventFrame >= 0 ? s.eventFrame : s.startFrame;
    const int position = framePosition(r, event);
    if (position < 0) return {};
    const double eventT = r.frames[std::size_t(position)].t;
    std::vector<int> frames;
    for (const Decision& d : r.decisions) {
        const int at = framePosition(r, d.frame);
        if (d.frame < s.startFrame || d.frame > event || at < 0 || r.frames[std::size_t(at)].t < eventT - windowS - 1e-6) continue;
        frames.push_back(d.frame);
    }
    std::sort(frames.begin(), frames.end());
    frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
    return frames;
}

PreferencePair draftPair(const Recording& r, const Segment& s, const DraftOptions& o) {
    PreferencePair p;
    p.segment = s.id;
    p.recording = r.id;
    p.question = o.question;
    p.author = o.author;
    p.camera = promptCamera(r, o.camera);
    const int event = s.eventFrame >= 0 ? s.eventFrame : s.startFrame;
    // The model's last decision before the takeover; within the segment if it has one.
    const Decision *inside = nullptr, *before = nullptr;
    for (const Decision& d : r.decisions) {
        if (d.frame > event) continue;
        const Decision*& slot = d.frame >= s.startFrame ? inside : before;
        if (!slot || d.frame >= slot->frame) slot = &d;
    }
    const Decision* decision = inside ? inside : before;
    p.decisionFrame = o.decisionFrame >= 0 ? o.decisionFrame : decision ? decision->frame : event;
    p.promptFrames = promptFramesEndingAt(r, p.decisionFrame, o.promptFrames, o.promptSpacingS);
    const ModelAnswer model = modelAnswerAt(r, p.decisionFrame);
    p.rejectedAction = model.action;
    p.rejected = model.text;
    p.chosenAction = driverAction(r, event, o.driverWindowS);
    const int position = framePosition(r, p.decisionFrame);
    p.question = questionAt(r, p.decisionFrame, o.question);
    const std::string cause = position >= 0 ? causeAt(r.frames[std::size_t(position)]) : std::string();
    p.chosen = composeAnswer(actionExplanation(p.chosenAction, cause), p.chosenAction);
    return p;
}

}  // namespace corevla::dataset
