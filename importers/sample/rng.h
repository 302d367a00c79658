// SPDX-License-Identifier: MIT
// Deterministic randomness for the sample generator. std::mt19937_64's output
// is fixed by the standard, but std::*_distribution results are not, so the
// distributions here are our own: the same seed gives the same bytes with any
// standard library.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>

namespace corevla::sample {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_gen(seed) {}

    std::uint64_t next() { return m_gen(); }
    // [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(m_gen() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // [0, n), n > 0.
    int below(int n) { return static_cast<int>(uniform() * n); }
    bool chance(double p) { return uniform() < p; }
    // Box-Muller without a cached second value, so each call uses exactly two draws.
    double normal(double mean, double sd) {
        const double u1 = 1.0 - uniform();  // (0, 1]
        const double u2 = uniform();
        return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template <class T, std::size_t N>
    const T& pick(const T (&items)[N]) { return items[below(static_cast<int>(N))]; }

private:
    std::mt19937_64 m_gen;
};

// Derive an independent stream per purpose, so adding a draw in one scenario
// does not change every other file.
inline std::uint64_t mixSeed(std::uint64_t seed, std::string_view salt) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : salt) { h ^= c; h *= 1099511628211ull; }
    std::uint64_t z = seed ^ h;                // splitmix64 finaliser
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace corevla::sample
