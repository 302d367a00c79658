// SPDX-License-Identifier: MIT
// Pixel checks for widget screenshots: a grab() is never null, so tests ask
// what was drawn instead.
#pragma once

#include <QColor>
#include <QImage>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace corevla::testing {

// Distinct colours in the image (sampled on a grid of at most ~40k points).
inline int distinctColors(const QImage& image) {
    QSet<QRgb> colors;
    const int step = std::max(1, int(std::sqrt(double(image.width()) * image.height() / 40000.0)));
    for (int y = 0; y < image.height(); y += step)
        for (int x = 0; x < image.width(); x += step) colors.insert(image.pixel(x, y));
    return int(colors.size());
}

// Pixels within `tolerance` (per channel) of `color`.
inline int pixelsNear(const QImage& image, QColor color, int tolerance = 24) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += std::abs(c.red() - color.red()) <= tolerance && std::abs(c.green() - color.green()) <= tolerance &&
                 std::abs(c.blue() - color.blue()) <= tolerance;
        }
    return n;
}

}  // namespace corevla::testing
