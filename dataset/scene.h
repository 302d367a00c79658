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

// The ego vehicle's own measured state at a frame (Frame::index), as a
// driving model's prompt states it: its speed, and its acceleration over the
// half second before, from the speedometer ("Ego speed 8.3 m/s, acceleration
// -1.2 m/s^2."). Only what was measured before the decision: never what the
// decision itself does. Empty when the frame has no finite speed.
std::string egoStateLine(const Recording& recording, int frame);
// The line itself, from a speed and the acceleration over the half second
// before (none: not measured), for a caller that has no recording (the
// closed loop asks its model while it drives).
std::string egoStateText(double speed, std::optional<double> accel);
// The question asked at a frame: its ego state line, a space, the question
// (one line, as the pair builder edits it).
std::string questionAt(const Recording& recording, int frame, const std::string& question);
// `question` without a leading ego state line (what a person asked).
std::string withoutEgoState(const std::string& question);

}  // namespace corevla::dataset
