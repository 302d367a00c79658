// SPDX-License-Identifier: MIT
// What is around the ego at a frame, in the ego's own terms: the road user
// ahead and how far, a phrase naming it. Shared by the pair drafter and the
// SFT question generator.
#pragma once

#include <optional>
#include <string>

#include "storage/types.h"

namespace corevla::dataset {

struct Relative {
    double forward = 0, lateral = 0;  // metres; lateral positive to the right (CARLA)
};
Relative relativeTo(const Frame& ego, double x, double y);

struct ObjectAhead {
    SceneObject object;
    double distance = 0;  // bumper to bumper along the ego's heading, metres
    double lateral = 0;   // its centre, metres right of the ego's
    bool inLane = false;  // in the ego's lane, else cutting across or beside it
};
// The nearest road user ahead within `range`: in the ego's lane first, else
// the nearest one overlapping the lanes beside it.
std::optional<ObjectAhead> objectAhead(const Frame& frame, double range = 60.0);

// "a vehicle", "an emergency vehicle", "a pedestrian", ...
std::string objectPhrase(const SceneObject& object);

// A distance or a speed as answers write it: whole units, never negative ("12").
std::string wholeUnits(double value);

// The ego vehicle's own measured state at a frame, as a driving model's
// prompt states it ("Ego speed 8.3 m/s, acceleration -1.2 m/s^2."): what its
// speedometer says, never what happens next. Empty when the frame has no speed.
std::string egoStateLine(const Frame& frame);
// The question asked at a frame: its ego state line, then the question.
std::string questionAt(const Frame& frame, const std::string& question);

}  // namespace corevla::dataset
