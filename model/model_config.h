// SPDX-License-Identifier: MIT
// The size of the embedded VLA, read from and written to JSON. The default
// trains in minutes on two CPU cores.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace corevla::model {

struct ModelConfig {
    int vocabSize = 1024;    // the tokenizer's target size (what it reaches may be less)
    int dModel = 256;
    int layers = 4;
    int heads = 4;
    int ffMult = 4;          // feed-forward width = ffMult * dModel
    int maxTextTokens = 128; // prompt + answer, with their markers
    int frames = 5;          // the last N camera frames of the prompt
    int imageWidth = 128;    // frames are read at this reduced resolution
    int imageHeight = 64;
    int tokensPerFrame = 8;  // visual tokens per frame after the projector

    int visualTokens() const { return frames * tokensPerFrame; }
    int maxPositions() const { return visualTokens() + maxTextTokens; }

    std::string toJson() const;
    // Keys missing from `json` keep their defaults; unknown keys are an
    // error (a typo must not train the wrong model silently).
    static std::optional<ModelConfig> fromJson(std::string_view json, std::string* error);
    // What is wrong with the numbers, or empty.
    std::string problem() const;
};

}  // namespace corevla::model
