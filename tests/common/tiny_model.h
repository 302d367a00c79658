// SPDX-License-Identifier: MIT
// A model small enough for tests to train in seconds: two frames of 32x32,
// two layers; the width, text length and vocabulary as a test needs them.
#pragma once

#include "model/model_config.h"

namespace corevla::testing {

inline model::ModelConfig tinyModelConfig(int dModel, int maxTextTokens, int vocabSize) {
    model::ModelConfig c;
    c.vocabSize = vocabSize;
    c.dModel = dModel;
    c.layers = 2;
    c.heads = 2;
    c.maxTextTokens = maxTextTokens;
    c.frames = 2;
    c.imageWidth = 32;
    c.imageHeight = 32;
    c.tokensPerFrame = 4;
    return c;
}

}  // namespace corevla::testing
