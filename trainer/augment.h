// SPDX-License-Identifier: MIT
// Training-time image augmentation for the embedded model's frames.
// LibTorch: include only from trainer/ sources.
#pragma once

#include <cstdint>

#include <torch/torch.h>

namespace corevla::trainer {

// frames: [B, F, 3, H, W] uint8. Each example gets its own brightness,
// contrast and per-channel gain and a shift of a few pixels (edges
// repeated), the same for all its frames: a scene stays one scene, the
// weather and the camera's exposure vary. strength 0..1 scales the ranges
// (1: brightness and contrast x0.7-1.3, colour x0.9-1.1, shift up to 6 px
// across and 3 down). The same seed gives the same result.
torch::Tensor augmentFrames(const torch::Tensor& frames, double strength, std::uint64_t seed);

}  // namespace corevla::trainer
