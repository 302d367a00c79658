// SPDX-License-Identifier: MIT
// Examples as tensors: frames to a [B, F, 3, H, W] byte tensor, texts to
// right-padded [B, T] inputs, targets and masks. Right padding is safe with
// a causal decoder: no real token attends to a pad after it.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "model/frames.h"
#include "model/text_sequence.h"

namespace corevla::model {

torch::Tensor framesTensor(const std::vector<std::vector<const FrameBytes*>>& slots, const ModelConfig& config);

struct TextTensors {
    torch::Tensor inputs, targets, mask;  // [B, T]: int64, int64, float
};
TextTensors textTensors(const std::vector<const TextExample*>& examples);

// Summed log-probabilities of each sequence's masked (answer) tokens [B], on
// `device`: logits only from the batch's first masked position on, since no
// loss looks at the prompt's.
torch::Tensor answerLogProbs(class VlaModelImpl& model, const torch::Tensor& visual, const TextTensors& text, const torch::Device& device);

// Greedy decoding after `prefix` (<bos> prompt <sep>), until <eos> or
// maxNew tokens; visual is [1, V, d]. The cache only makes it faster: the
// tokens are the same without it.
std::vector<int> greedyGenerate(class VlaModelImpl& model, const torch::Tensor& visual, const std::vector<int>& prefix,
                                int maxNew, bool useCache = true);

}  // namespace corevla::model
