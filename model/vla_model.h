// SPDX-License-Identifier: MIT
// The embedded VLA (LibTorch): a small CNN over each of the last N camera
// frames, a projector to visual tokens, and a causal transformer decoder
// over [visual tokens; <bos> prompt <sep> answer <eos>] with a KV cache for
// generation. Attention is written out (LibTorch 1.13 has no
// scaled_dot_product_attention); softmax and log-probabilities run in fp32
// even under bf16 autocast. Include only from model/ and trainer/ sources:
// the LibTorch headers cost ~25 s per translation unit.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "model/model_config.h"

namespace corevla::model {

// Keys and values of the positions seen so far, per layer, in buffers of
// the model's whole length allocated on first use: a new token is written
// into place, never concatenated (no copy of the past per token).
struct KvCache {
    std::vector<torch::Tensor> keys, values;  // per layer: [B, heads, maxPositions, headDim]
    int used = 0;                             // positions filled
    int length() const { return used; }
};

// One layer's part of a KvCache, as the attention sees it.
struct KvSlot {
    torch::Tensor* keys;
    torch::Tensor* values;
    int64_t past;      // positions already in the buffers
    int64_t capacity;  // the buffers' length, allocated on first use
};

class VisionEncoderImpl : public torch::nn::Module {
public:
    explicit VisionEncoderImpl(const ModelConfig& c);
    // [B*F, 3, H, W] floats in [-0.5, 0.5] -> [B*F, tokensPerFrame, channels]
    torch::Tensor forward(const torch::Tensor& images);
    int channels() const { return 128; }

private:
    std::vector<torch::nn::Conv2d> m_convs;
    std::vector<torch::nn::GroupNorm> m_norms;
    int m_rows, m_cols;
};
TORCH_MODULE(VisionEncoder);

class AttentionImpl : public torch::nn::Module {
public:
    AttentionImpl(int dModel, int heads);
    // x: [B, T, d]. With a cache, x continues the cached sequence and the
    // cache grows by T; causal either way.
    torch::Tensor forward(const torch::Tensor& x, const KvSlot* cache);

private:
    int m_heads, m_headDim;
    torch::nn::Linear m_qkv{nullptr}, m_out{nullptr};
};
TORCH_MODULE(Attention);

class DecoderLayerImpl : public torch::nn::Module {
public:
    DecoderLayerImpl(int dModel, int heads, int ffWidth);
    torch::Tensor forward(const torch::Tensor& x, const KvSlot* cache);

private:
    torch::nn::LayerNorm m_norm1{nullptr}, m_norm2{nullptr};
    Attention m_attention{nullptr};
    torch::nn::Linear m_up{nullptr}, m_down{nullptr};
};
TORCH_MODULE(DecoderLayer);

class VlaModelImpl : public torch::nn::Module {
public:
    VlaModelImpl(const ModelConfig& config, int vocabSize);

    // images: [B, F, 3, H, W] uint8 -> visual token embeddings [B, V, d].
    torch::Tensor encodeImages(const torch::Tensor& images);
    // Logits [B, T, vocab] for the text tokens [B, T] (int64) after the
    // visual tokens; position 0 of the text is position V of the sequence.
    // With `from`, the logits of text positions from..T only [B, T - from, vocab]:
    // the vocabulary projection is skipped where no loss looks.
    torch::Tensor forward(const torch::Tensor& visual, const torch::Tensor& tokens, int64_t from = 0);
    // The same, continuing a cache (prefill when it is empty); with lastOnly,
    // the logits of the last position only [B, 1, vocab] (what generation needs).
    torch::Tensor forwardCached(const torch::Tensor& visual, const torch::Tensor& tokens, KvCache& cache, bool lastOnly = false);

    const ModelConfig& config() const { return m_config; }
    int vocabSize() const { return m_vocabSize; }

private:
    ModelConfig m_config;
    int m_vocabSize;
    VisionEncoder m_vision{nullptr};
    torch::nn::Sequential m_projector{nullptr};
    torch::nn::Embedding m_tokenEmbedding{nullptr}, m_positions{nullptr}, m_frameEmbedding{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    torch::nn::LayerNorm m_finalNorm{nullptr};
    torch::Tensor run(torch::Tensor x, int offset, KvCache* cache, int64_t logitsFrom);
};
TORCH_MODULE(VlaModel);

// Sum of the log-probabilities of the tokens where mask is 1: logits
// [B, T, V] predict targets [B, T]; returns [B] in fp32.
torch::Tensor sequenceLogProbs(const torch::Tensor& logits, const torch::Tensor& targets, const torch::Tensor& mask);

}  // namespace corevla::model
