// SPDX-License-Identifier: MIT
// Camera frames as the model reads them: RGB at the config's reduced
// resolution, 8-bit, channels first. Kept as bytes so a training set's
// frames fit in memory (a 128x64 frame is 24 KiB).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/model_config.h"

namespace corevla::model {

using FrameBytes = std::vector<std::uint8_t>;  // 3 * height * width, CHW

// nullopt and *error ("<file>: <problem>") when the file cannot be decoded.
std::optional<FrameBytes> loadFrame(const std::filesystem::path& file, const ModelConfig& config, std::string* error);
// An encoded image in memory (JPEG, PNG, ...); nullopt and *error ("<what>: ...").
std::optional<FrameBytes> frameFromEncoded(const std::string& bytes, const ModelConfig& config, const std::string& what,
                                           std::string* error);
// An image already in memory (BGR, 8-bit, any size), e.g. a decoded video frame.
FrameBytes frameFromBgr(const std::uint8_t* bgr, int width, int height, std::size_t stride, const ModelConfig& config);

// The prompt's frames as the model's F slots: the last F, the oldest
// repeated in front when there are fewer (black when there are none).
std::vector<const FrameBytes*> frameSlots(const std::vector<const FrameBytes*>& frames, const ModelConfig& config);

}  // namespace corevla::model
