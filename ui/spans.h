// SPDX-License-Identifier: MIT
// Helpers shared by the playback panels: time as text, and the one colour
// scheme, so the timeline, signals and reasoning panels agree. Takeover spans
// and frame/time lookups are storage/recording_time.h.
#pragma once

#include <QColor>
#include <QString>
#include <string>
#include <vector>

#include "storage/recording_time.h"
#include "storage/types.h"

namespace corevla::ui {

// "mm:ss.f"
QString formatTime(double seconds);
// The smallest round time step (0.1 s … 1 h) that cuts `seconds` into at
// most maxTicks pieces: ruler and axis ticks.
double niceTimeStep(double seconds, double maxTicks);

namespace palette {
QColor driver();      // takeover spans, "DRIVER took over"
QColor model();       // model authority hint
QColor infraction();  // triangles and crosses
QColor bookmark();
QColor note();
QColor playhead();
// KEEP / ACCELERATE / DECELERATE / STOP, grey for anything else.
QColor speedCommand(const std::string& speedCmd);
}  // namespace palette

}  // namespace corevla::ui
