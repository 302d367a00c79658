// SPDX-License-Identifier: MIT
#include "trainer/augment.h"

#include <random>

namespace corevla::trainer {

torch::Tensor augmentFrames(const torch::Tensor& frames, double strength, std::uint64_t seed) {
    namespace F = torch::nn::functional;
    std::mt19937_64 rng(seed);
    auto around = [&](double halfRange) { return std::uniform_real_distribution<double>(1 - halfRange, 1 + halfRange)(rng); };
    auto shift = [&](int most) { return std::uniform_int_distribution<int>(-most, most)(rng); };
    const int64_t B = frames.size(0), H = frames.size(3), W = frames.size(4);
    const int maxX = int(std::lround(6 * strength)), maxY = int(std::lround(3 * strength));
    torch::Tensor x = frames.to(torch::kFloat);
    std::vector<torch::Tensor> out;
    for (int64_t b = 0; b < B; ++b) {
        torch::Tensor e = x[b];  // [F, 3, H, W]
        const double brightness = around(0.3 * strength), contrast = around(0.3 * strength);
        const auto gain = torch::tensor({float(around(0.1 * strength)), float(around(0.1 * strength)), float(around(0.1 * strength))})
                              .view({1, 3, 1, 1});
        const torch::Tensor mean = e.mean({1, 2, 3}, true);
        e = ((e - mean) * contrast + mean) * brightness * gain;
        if (const int dx = shift(maxX), dy = shift(maxY); dx || dy) {
            // Pad by repeating the edges, then cut the shifted window.
            const torch::Tensor padded = F::pad(e, F::PadFuncOptions({maxX, maxX, maxY, maxY}).mode(torch::kReplicate));
            e = padded.slice(2, maxY + dy, maxY + dy + H).slice(3, maxX + dx, maxX + dx + W);
        }
        out.push_back(e);
    }
    return torch::stack(out).clamp(0, 255).round().to(torch::kUInt8);
}

}  // namespace corevla::trainer
