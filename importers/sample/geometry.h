// SPDX-License-Identifier: MIT
// Minimal vector/matrix maths in CARLA's conventions: world x east, y south,
// z up (left-handed); rotations as pitch/yaw/roll in degrees, yaw turning x
// toward y. Matrices are row-major 4x4, as Bench2Drive writes them.
#pragma once

#include <array>
#include <cmath>

namespace corevla::sample {

constexpr double kPi = 3.14159265358979323846;
inline double toRad(double deg) { return deg * kPi / 180.0; }
inline double toDeg(double rad) { return rad * 180.0 / kPi; }
inline double wrapPi(double a) {
    while (a > kPi) a -= 2 * kPi;
    while (a < -kPi) a += 2 * kPi;
    return a;
}
inline double clampd(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }
inline double smoothstep(double x) {
    x = clampd(x, 0.0, 1.0);
    return x * x * (3 - 2 * x);
}

struct Vec2 {
    double x = 0, y = 0;
};

struct Vec3 {
    double x = 0, y = 0, z = 0;
    Vec3 operator+(const Vec3& o) const { return {x + o.x, y + o.y, z + o.z}; }
    Vec3 operator-(const Vec3& o) const { return {x - o.x, y - o.y, z - o.z}; }
    Vec3 operator*(double s) const { return {x * s, y * s, z * s}; }
    double dot(const Vec3& o) const { return x * o.x + y * o.y + z * o.z; }
    Vec3 cross(const Vec3& o) const { return {y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x}; }
    double norm() const { return std::sqrt(dot(*this)); }
};

using Mat4 = std::array<double, 16>;

// CARLA's Transform.get_matrix(): local (x fwd, y right, z up) -> world.
Mat4 carlaMatrix(const Vec3& loc, double pitchDeg, double yawDeg, double rollDeg);
// Inverse of a rotation + translation matrix.
Mat4 rigidInverse(const Mat4& m);
Mat4 multiply(const Mat4& a, const Mat4& b);
Vec3 transformPoint(const Mat4& m, const Vec3& p);
Vec3 transformDir(const Mat4& m, const Vec3& v);

// Pose of a ground actor: world position and yaw (radians).
struct Pose {
    double x = 0, y = 0, z = 0, yaw = 0;
    Mat4 matrix() const { return carlaMatrix({x, y, z}, 0, toDeg(yaw), 0); }
    // Local point (x fwd, y right, z up) to world.
    Vec3 toWorld(double lx, double ly, double lz) const {
        const double c = std::cos(yaw), s = std::sin(yaw);
        return {x + c * lx - s * ly, y + s * lx + c * ly, z + lz};
    }
};

}  // namespace corevla::sample
