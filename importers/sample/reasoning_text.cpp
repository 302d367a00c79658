// SPDX-License-Identifier: MIT
#include "importers/sample/reasoning_text.h"

#include <cmath>
#include <cstdio>

namespace corevla::sample::text {

std::string num(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : v);
    return buf;
}

std::string speedSentence(const std::string& speedCmd) {
    if (speedCmd == "ACCELERATE") return "I can accelerate.";
    if (speedCmd == "DECELERATE") return "I should decelerate.";
    if (speedCmd == "STOP") return "I should stop.";
    return "I should maintain my current speed.";
}

std::string metaSuffix(const std::string& dirCmd, const std::string& speedCmd) {
    return "Direction: " + dirCmd + ", Speed Keys: " + speedCmd;
}

std::string clearRoad(Rng& rng, const std::string& speedCmd) {
    static const char* const kOpen[] = {
        "The road ahead is clear and there is no vehicle in my lane within 50 meters.",
        "There are no obstacles or pedestrians in my lane ahead.",
        "My lane is free and the traffic ahead is moving smoothly.",
    };
    return std::string(rng.pick(kOpen)) + " " + speedSentence(speedCmd);
}

std::string followLead(Rng& rng, const std::string& what, double gap, double leadSpeed,
                       const std::string& speedCmd) {
    static const char* const kOpen[] = {"There is a ", "I am following a "};
    std::string s = std::string(rng.pick(kOpen)) + what + " ahead in my lane about " + num(gap) +
                    " meters away, driving at " + num(leadSpeed, 1) + " m/s.";
    if (speedCmd == "DECELERATE") return s + " The gap is getting smaller, so I should decelerate.";
    if (speedCmd == "ACCELERATE") return s + " The distance is large enough, so I can accelerate.";
    return s + " I should keep a safe distance and maintain my speed.";
}

std::string cutInMissed(Rng& rng, const std::string& what, double gap) {
    static const char* const kTail[] = {
        " is staying in its lane. My lane ahead is clear, so I should maintain my current speed.",
        " is driving slower than me but keeps to its lane. I should maintain my current speed.",
    };
    return "The " + what + " in the right lane about " + num(gap) + " meters ahead" + rng.pick(kTail);
}

std::string cutIn(Rng& rng, const std::string& what, double gap, const std::string& speedCmd) {
    static const char* const kOpen[] = {"There is a ", "I notice a "};
    return std::string(rng.pick(kOpen)) + what + " cutting in from the right lane about " + num(gap) +
           " meters ahead. " + speedSentence(speedCmd);
}

std::string stoppedAhead(Rng& rng, const std::string& what, double gap, const std::string& speedCmd) {
    static const char* const kMid[] = {" has stopped in my lane about ", " is standing still in my lane about "};
    return "The " + what + std::string(rng.pick(kMid)) + num(gap) + " meters ahead. " + speedSentence(speedCmd);
}

std::string stayBehind(Rng& rng, const std::string& what, double gap) {
    static const char* const kTail[] = {" I will stay in my lane behind it. I should maintain my current speed.",
                                        " I will follow the lane and keep behind it. I should maintain my current speed."};
    return "There is a " + what + " ahead in my lane about " + num(gap) + " meters away." + rng.pick(kTail);
}

std::string waitBehind(Rng& rng, const std::string& what, double gap) {
    static const char* const kTail[] = {
        " I will stay behind it and wait until it moves. I should stop.",
        " Traffic in my lane is blocked, so I will keep waiting behind it. I should stop.",
    };
    return "The " + what + " ahead in my lane is stopped about " + num(gap) + " meters in front of me." +
           rng.pick(kTail);
}

std::string pedestrianAhead(Rng& rng, double gap, const std::string& speedCmd, bool betweenParkedCars) {
    const std::string where = betweenParkedCars ? "stepping out from between the parked cars on the right"
                                                : "crossing the road";
    static const char* const kTail[] = {" I must yield to the pedestrian. ", " The pedestrian has the right of way. "};
    return "A pedestrian is " + where + " about " + num(gap) + " meters ahead." + rng.pick(kTail) +
           speedSentence(speedCmd);
}

std::string pedestrianMissed(Rng& rng) {
    static const char* const kText[] = {
        "The lane ahead is clear and the vehicles on the other side are far away. I should maintain my current speed.",
        "There is no vehicle in my lane ahead. I should maintain my current speed.",
    };
    return rng.pick(kText);
}

std::string emergencyMissed(Rng& rng, double gapBehind) {
    static const char* const kTail[] = {
        " There is no obstacle ahead, so I will keep my lane. I should maintain my current speed.",
        " My lane ahead is clear, so I will continue in my lane. I should maintain my current speed.",
    };
    const std::string where = gapBehind < 2 ? "A vehicle is right behind me in my lane."
                                            : "A vehicle is approaching from behind in my lane about " +
                                                  num(gapBehind) + " meters away.";
    return where + rng.pick(kTail);
}

std::string emergencyYield(Rng& rng, double gapBehind) {
    (void)rng;
    return "An emergency vehicle with flashing lights is approaching from behind about " + num(gapBehind) +
           " meters away. I should change to the right lane and slow down to let it pass.";
}

std::string leadSlowingMissed(Rng& rng, const std::string& what, double gap) {
    static const char* const kTail[] = {" and moving with the traffic. I should maintain my current speed.",
                                        " and keeps its distance. I should maintain my current speed."};
    return "The " + what + " ahead is about " + num(gap) + " meters away" + rng.pick(kTail);
}

std::string afterCollision(Rng& rng) {
    (void)rng;
    return "The ego vehicle has made contact with the object ahead. I should stop.";
}

std::string resume(Rng& rng, const std::string& speedCmd) {
    static const char* const kOpen[] = {"The obstacle has been cleared and my lane is free again.",
                                        "The road ahead is clear now."};
    return std::string(rng.pick(kOpen)) + " " + speedSentence(speedCmd);
}

std::string overtakeStopped(const std::string& what, double gap) {
    return "The " + what + " about " + num(gap) +
           " meters ahead is stopped with its hazard lights on and blocks my lane. The left lane is clear, so I "
           "should change to the left lane and pass it.";
}

const char* question(int qid) {
    switch (qid) {
    case 8: return "Does the ego vehicle need to brake? Why?";
    case 24: return "What are the important vehicles around the ego vehicle, and what are their speeds and moving directions?";
    case 43: return "What is the correct action for the ego vehicle to take now?";
    case 51: return "Which preceding vehicle is the most dangerous one to the ego vehicle? Answer with its identifier.";
    case 50:
        return "Provide the appropriate behavior for the ego vehicle, which is about DIRECTION and SPEED. DIRECTION "
               "includes FOLLOW_LANE, CHANGE_LANE_LEFT, CHANGE_LANE_RIGHT, GO_STRAIGHT, TURN_LEFT, TURN_RIGHT, "
               "DEVIATE_LEFT, DEVIATE_RIGHT; SPEED includes KEEP, ACCELERATE, DECELERATE, STOP.";
    }
    return "";
}

std::string brakeAnswer(bool brake, const std::string& reason) {
    if (!brake) return "There is no need for the ego vehicle to brake" + (reason.empty() ? std::string(".") : ", " + reason);
    return "The ego vehicle should brake, because " + reason;
}

std::string importantVehicles(const std::string& what, double gap, double speed, const std::string& where) {
    if (what.empty()) return "There are no important vehicles around the ego vehicle.";
    return "The important vehicle is the " + what + " " + where + " about " + num(gap) + " meters away, moving at " +
           num(speed, 1) + " m/s in the same direction as the ego vehicle.";
}

}  // namespace corevla::sample::text
