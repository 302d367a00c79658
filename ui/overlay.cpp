// SPDX-License-Identifier: MIT
#include "ui/overlay.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace corevla::ui {
namespace {

template <std::size_t R, std::size_t C>
bool readMatrix(const QJsonValue& value, std::array<std::array<double, C>, R>& out) {
    const QJsonArray rows = value.toArray();
    if (rows.size() != int(R)) return false;
    for (std::size_t r = 0; r < R; ++r) {
        const QJsonArray row = rows[int(r)].toArray();
        if (row.size() != int(C)) return false;
        for (std::size_t c = 0; c < C; ++c) {
            if (!row[int(c)].isDouble()) return false;
            out[r][c] = row[int(c)].toDouble();
        }
    }
    return true;
}

// 256 premultiplied ARGB entries: TURBO colours (OpenCV's table), opacity
// rising with the value. The faint haze video compression leaves around a
// map (values up to ~16) stays transparent instead of tinting the image.
std::array<QRgb, 256> heatTable(double maxOpacity) {
    constexpr int kFloor = 16;
    cv::Mat ramp(1, 256, CV_8UC1), colours;
    for (int i = 0; i < 256; ++i) ramp.at<uchar>(0, i) = uchar(i);
    cv::applyColorMap(ramp, colours, cv::COLORMAP_TURBO);
    std::array<QRgb, 256> table{};
    for (int i = kFloor + 1; i < 256; ++i) {
        const cv::Vec3b bgr = colours.at<cv::Vec3b>(0, i);
        const double a = maxOpacity * std::pow(double(i - kFloor) / (255 - kFloor), 0.6);
        table[i] = qPremultiply(qRgba(bgr[2], bgr[1], bgr[0], int(std::lround(255 * a))));
    }
    return table;
}

}  // namespace

std::optional<CameraModel> calibratedModel(const Camera& camera) {
    if (camera.calibrationJson.empty()) return std::nullopt;
    const QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(camera.calibrationJson)).object();
    CameraModel model;
    if (!readMatrix(root.value("intrinsic"), model.K) || !readMatrix(root.value("cam2ego"), model.cam2ego))
        return std::nullopt;
    model.width = root.value("width").toInt(camera.width);
    model.height = root.value("height").toInt(camera.height);
    if (model.K[0][0] <= 0 || model.width <= 0 || model.height <= 0) return std::nullopt;
    return model;
}

CameraModel defaultFrontModel(int width, int height, double fovDeg) {
    if (fovDeg <= 0 || fovDeg >= 180) fovDeg = 90;
    const double f = width / (2 * std::tan(fovDeg * M_PI / 360));
    CameraModel model;
    model.width = width;
    model.height = height;
    model.K = {{{f, 0, width / 2.0}, {0, f, height / 2.0}, {0, 0, 1}}};
    model.cam2ego = {{{1, 0, 0, 0.8}, {0, 1, 0, 0}, {0, 0, 1, 1.6}, {0, 0, 0, 1}}};
    return model;
}

std::optional<CameraModel> waypointModel(const Camera& camera, SourceKind source) {
    if (camera.isAttention || camera.width <= 0 || camera.height <= 0) return std::nullopt;
    if (auto model = calibratedModel(camera)) return model;
    if (source == SourceKind::CaveSession && camera.name.find("front") != std::string::npos &&
        camera.name.find("left") == std::string::npos && camera.name.find("right") == std::string::npos)
        return defaultFrontModel(camera.width, camera.height, camera.fovDeg);
    return std::nullopt;
}

QVector<ProjectedPoint> projectGround(const CameraModel& m, const std::vector<std::pair<float, float>>& egoXY) {
    // ego → camera = inverse of the rigid cam2ego: Rᵀ·(p − t).
    const auto& T = m.cam2ego;
    QVector<ProjectedPoint> out;
    out.reserve(int(egoXY.size()));
    for (const auto& [x, y] : egoXY) {
        const double d[3] = {x - T[0][3], y - T[1][3], 0 - T[2][3]};
        double c[3];
        for (int i = 0; i < 3; ++i) c[i] = T[0][i] * d[0] + T[1][i] * d[1] + T[2][i] * d[2];
        const double p[3] = {c[1], -c[2], c[0]};  // CARLA (x fwd, y right, z up) → image (x right, y down, z fwd)
        if (p[2] < 0.3) continue;  // behind or at the lens
        const double u = (m.K[0][0] * p[0] + m.K[0][1] * p[1] + m.K[0][2] * p[2]) / p[2];
        const double v = (m.K[1][0] * p[0] + m.K[1][1] * p[1] + m.K[1][2] * p[2]) / p[2];
        out.push_back({QPointF(u, v), p[2]});
    }
    return out;
}

QImage heatOverlay(const QImage& gray) {
    if (gray.isNull() || gray.format() != QImage::Format_Grayscale8) return {};
    static const std::array<QRgb, 256> table = heatTable(0.65);
    QImage out(gray.size(), QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < gray.height(); ++y) {
        const uchar* src = gray.constScanLine(y);
        auto* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < gray.width(); ++x) dst[x] = table[src[x]];
    }
    return out;
}

}  // namespace corevla::ui
