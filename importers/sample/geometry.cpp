// SPDX-License-Identifier: MIT
#include "importers/sample/geometry.h"

namespace corevla::sample {

Mat4 carlaMatrix(const Vec3& loc, double pitchDeg, double yawDeg, double rollDeg) {
    const double cy = std::cos(toRad(yawDeg)), sy = std::sin(toRad(yawDeg));
    const double cr = std::cos(toRad(rollDeg)), sr = std::sin(toRad(rollDeg));
    const double cp = std::cos(toRad(pitchDeg)), sp = std::sin(toRad(pitchDeg));
    return {cp * cy, cy * sp * sr - sy * cr, -cy * sp * cr - sy * sr, loc.x,
            sy * cp, sy * sp * sr + cy * cr, -sy * sp * cr + cy * sr, loc.y,
            sp,      -cp * sr,               cp * cr,                 loc.z,
            0,       0,                      0,                       1};
}

Mat4 rigidInverse(const Mat4& m) {
    Mat4 r{};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) r[i * 4 + j] = m[j * 4 + i];
    for (int i = 0; i < 3; ++i)
        r[i * 4 + 3] = -(r[i * 4 + 0] * m[3] + r[i * 4 + 1] * m[7] + r[i * 4 + 2] * m[11]);
    r[15] = 1;
    return r;
}

Mat4 multiply(const Mat4& a, const Mat4& b) {
    Mat4 r{};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            double s = 0;
            for (int k = 0; k < 4; ++k) s += a[i * 4 + k] * b[k * 4 + j];
            r[i * 4 + j] = s;
        }
    return r;
}

Vec3 transformPoint(const Mat4& m, const Vec3& p) {
    return {m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3],
            m[4] * p.x + m[5] * p.y + m[6] * p.z + m[7],
            m[8] * p.x + m[9] * p.y + m[10] * p.z + m[11]};
}

Vec3 transformDir(const Mat4& m, const Vec3& v) {
    return {m[0] * v.x + m[1] * v.y + m[2] * v.z,
            m[4] * v.x + m[5] * v.y + m[6] * v.z,
            m[8] * v.x + m[9] * v.y + m[10] * v.z};
}

}  // namespace corevla::sample
