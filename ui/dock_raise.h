// SPDX-License-Identifier: MIT
// Brings a wide panel's dock forward: shown, raised, and the left side
// widened to 60% of the window (tables and charts need room). Nothing when
// the panel is not in a dock.
#pragma once

class QWidget;

namespace corevla::ui {

void raiseWideDock(QWidget* panel);

}  // namespace corevla::ui
