// SPDX-License-Identifier: MIT
// What the VLA model says. Sentences follow the style of Bench2Drive-VL /
// CoReVLA answers (perception, then the decision), with numbers from the
// scene the model perceived. A seeded Rng picks among phrasings so the
// texts vary but stay deterministic.
#pragma once

#include "importers/sample/rng.h"

#include <string>

namespace corevla::sample::text {

std::string num(double v, int decimals = 0);
// "I should decelerate." for a speed key.
std::string speedSentence(const std::string& speedCmd);
// Bench2Drive-VL's meta-action suffix: "Direction: X, Speed Keys: Y".
std::string metaSuffix(const std::string& dirCmd, const std::string& speedCmd);

std::string clearRoad(Rng& rng, const std::string& speedCmd);
std::string followLead(Rng& rng, const std::string& what, double gap, double leadSpeed, const std::string& speedCmd);
// The failure: a car is already moving over from the right, the model reads it as staying in lane.
std::string cutInMissed(Rng& rng, const std::string& what, double gap);
std::string cutIn(Rng& rng, const std::string& what, double gap, const std::string& speedCmd);
std::string stoppedAhead(Rng& rng, const std::string& what, double gap, const std::string& speedCmd);
std::string stayBehind(Rng& rng, const std::string& what, double gap);
// The failure: content to wait behind a vehicle that will not move.
std::string waitBehind(Rng& rng, const std::string& what, double gap);
std::string pedestrianAhead(Rng& rng, double gap, const std::string& speedCmd, bool betweenParkedCars);
std::string pedestrianMissed(Rng& rng);
std::string emergencyMissed(Rng& rng, double gapBehind);
std::string emergencyYield(Rng& rng, double gapBehind);
std::string leadSlowingMissed(Rng& rng, const std::string& what, double gap);
std::string afterCollision(Rng& rng);
std::string resume(Rng& rng, const std::string& speedCmd);
std::string overtakeStopped(const std::string& what, double gap);

// Bench2Drive-VL questions (qid 8, 24, 43, 50, 51) and short answers.
const char* question(int qid);
std::string brakeAnswer(bool brake, const std::string& reason);
std::string importantVehicles(const std::string& what, double gap, double speed, const std::string& where);

}  // namespace corevla::sample::text
