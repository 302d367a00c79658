// SPDX-License-Identifier: MIT
#include "ui/spans.h"

#include <algorithm>
#include <cmath>

namespace corevla::ui {

QString formatTime(double seconds) {
    const bool negative = seconds < 0;
    const long long tenths = std::llround(std::abs(seconds) * 10);
    return QStringLiteral("%1%2:%3.%4")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(tenths / 600, 2, 10, QLatin1Char('0'))
        .arg((tenths / 10) % 60, 2, 10, QLatin1Char('0'))
        .arg(tenths % 10);
}

double niceTimeStep(double seconds, double maxTicks) {
    static const double steps[] = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};
    for (double step : steps)
        if (seconds / step <= maxTicks) return step;
    return 7200;
}

namespace palette {
QColor driver() { return QColor(0xF0, 0x8A, 0x24); }
QColor model() { return QColor(0x2F, 0x6F, 0xDE); }
QColor infraction() { return QColor(0xD3, 0x2F, 0x2F); }
QColor bookmark() { return QColor(0x1E, 0x88, 0xE5); }
QColor note() { return QColor(0x75, 0x75, 0x75); }
QColor playhead() { return QColor(0x21, 0x21, 0x21); }
QColor speedCommand(const std::string& speedCmd) {
    if (speedCmd == "ACCELERATE") return QColor(0x2E, 0x9D, 0x5B);
    if (speedCmd == "DECELERATE") return QColor(0xE0, 0x9B, 0x12);
    if (speedCmd == "STOP") return QColor(0xC6, 0x28, 0x28);
    if (speedCmd == "KEEP") return QColor(0x3D, 0x7E, 0xC9);
    return QColor(0x90, 0x90, 0x90);
}
}  // namespace palette

}  // namespace corevla::ui
