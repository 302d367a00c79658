// SPDX-License-Identifier: MIT
#include "model/vla_model.h"

#include <ATen/autocast_mode.h>

#include <cmath>
#include <optional>

namespace corevla::model {
namespace nn = torch::nn;

namespace {

// LibTorch 1.13's CPU autocast casts matmul's arguments, and Linear hands it
// weight.t(): a view, which autocast's weight cache skips, so every call cast
// the whole weight again (a third of a decoding step). The parameters go
// through the cache here: cast once per autocast region (AutocastScope
// clears it), the same bf16 arithmetic.
std::optional<torch::ScalarType> autocastType(const torch::Tensor& x) {
    if (x.is_cuda()) return at::autocast::is_enabled() ? std::optional(at::autocast::get_autocast_gpu_dtype()) : std::nullopt;
    return at::autocast::is_cpu_enabled() ? std::optional(at::autocast::get_autocast_cpu_dtype()) : std::nullopt;
}

torch::Tensor castParameter(const torch::Tensor& p, const std::optional<torch::ScalarType>& type) {
    return type ? at::autocast::cached_cast(*type, p, p.device().type()) : p;
}

torch::Tensor linear(torch::nn::Linear& l, const torch::Tensor& x) {
    const auto type = autocastType(x);
    // One row in fp32 (a decoding step): OpenBLAS's gemv is 2.5x faster than
    // its gemm at M = 1 (bench_model generate).
    if (!type && x.numel() == l->weight.size(1) && x.scalar_type() == torch::kFloat && !x.requires_grad()) {
        auto shape = x.sizes().vec();
        shape.back() = l->weight.size(0);
        return torch::addmv(l->bias, l->weight, x.reshape({-1})).view(shape);
    }
    if (!type) return l->forward(x);
    return torch::linear(x.to(*type), castParameter(l->weight, type), castParameter(l->bias, type));
}

}  // namespace

VisionEncoderImpl::VisionEncoderImpl(const ModelConfig& c) {
    // Four stride-2 blocks: a 128x64 frame becomes an 8x4 grid of features.
    int in = 3, i = 0;
    for (int out : {32, 64, 96, 128}) {
        m_convs.push_back(register_module("conv" + std::to_string(i), nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(2).padding(1))));
        m_norms.push_back(register_module("norm" + std::to_string(i), nn::GroupNorm(nn::GroupNormOptions(8, out))));
        in = out;
        ++i;
    }
    // Two rows when the count is even; more when a row would be wider than
    // the grid (pooling up would only repeat features).
    const int gridRows = c.imageHeight / 16, gridCols = c.imageWidth / 16;
    m_rows = c.tokensPerFrame % 2 == 0 && gridRows >= 2 ? 2 : 1;
    while (c.tokensPerFrame / m_rows > gridCols && m_rows * 2 <= gridRows && c.tokensPerFrame % (m_rows * 2) == 0) m_rows *= 2;
    m_cols = c.tokensPerFrame / m_rows;
}

torch::Tensor VisionEncoderImpl::forward(const torch::Tensor& images) {
    torch::Tensor f = images;
    for (std::size_t i = 0; i < m_convs.size(); ++i)  // group norm in fp32: CPU autocast leaves it to us
        f = torch::gelu(m_norms[i]->forward(m_convs[i]->forward(f).to(torch::kFloat)));  // [N, C, h, w]
    f = torch::adaptive_avg_pool2d(f, {m_rows, m_cols});                         // [N, C, rows, cols]
    return f.flatten(2).transpose(1, 2);                                          // [N, tokens, C]
}

AttentionImpl::AttentionImpl(int dModel, int heads)
    : m_heads(heads), m_headDim(dModel / heads),
      m_qkv(register_module("qkv", nn::Linear(dModel, 3 * dModel))),
      m_out(register_module("out", nn::Linear(dModel, dModel))) {}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const KvSlot* cache) {
    const auto B = x.size(0), T = x.size(1);
    auto qkv = linear(m_qkv, x).view({B, T, 3, m_heads, m_headDim}).permute({2, 0, 3, 1, 4});
    torch::Tensor q = qkv[0], k = qkv[1], v = qkv[2];  // [B, heads, T, headDim]
    int64_t past = 0;
    if (cache) {
        past = cache->past;
        TORCH_CHECK(!cache->keys->defined() || cache->keys->size(0) == B, "a KV cache serves the batch it was filled for");
        if (!cache->keys->defined())
            *cache->keys = torch::empty({B, m_heads, cache->capacity, m_headDim}, k.options()),
            *cache->values = torch::empty({B, m_heads, cache->capacity, m_headDim}, v.options());
        cache->keys->narrow(2, past, T).copy_(k);
        cache->values->narrow(2, past, T).copy_(v);
        k = cache->keys->narrow(2, 0, past + T);
        v = cache->values->narrow(2, 0, past + T);
    }
    const auto S = k.size(2);
    const double scale = 1.0 / std::sqrt(double(m_headDim));
    if (T == 1) {
        // One query (a decoding step): products and sums beat a batched
        // matmul of one row per head by 2x, and no mask is needed. In fp32
        // whatever the precision, as a matmul accumulates.
        const torch::Tensor scores = (q.to(torch::kFloat) * k.to(torch::kFloat)).sum(-1).mul_(scale);  // [B, heads, S]
        const torch::Tensor weights = torch::softmax(scores, -1);
        const torch::Tensor out = (weights.unsqueeze(-1) * v.to(torch::kFloat)).sum(2).to(v.scalar_type());  // [B, heads, headDim]
        return linear(m_out, out.reshape({B, 1, m_heads * m_headDim}));
    }
    torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1)).to(torch::kFloat).mul_(scale);
    // Query i sits at position past + i and sees keys up to there.
    const auto rows = torch::arange(past, past + T, torch::dtype(torch::kLong).device(x.device())).unsqueeze(1);
    const auto cols = torch::arange(S, torch::dtype(torch::kLong).device(x.device())).unsqueeze(0);
    scores = scores.masked_fill(cols > rows, -std::numeric_limits<float>::infinity());
    const torch::Tensor weights = torch::softmax(scores, -1).to(v.scalar_type());
    const torch::Tensor out = torch::matmul(weights, v).transpose(1, 2).reshape({B, T, m_heads * m_headDim});
    return linear(m_out, out);
}

DecoderLayerImpl::DecoderLayerImpl(int dModel, int heads, int ffWidth)
    : m_norm1(register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({dModel})))),
      m_norm2(register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({dModel})))),
      m_attention(register_module("attention", Attention(dModel, heads))),
      m_up(register_module("up", nn::Linear(dModel, ffWidth))),
      m_down(register_module("down", nn::Linear(ffWidth, dModel))) {}

torch::Tensor DecoderLayerImpl::forward(const torch::Tensor& x, const KvSlot* cache) {
    torch::Tensor h = x + m_attention->forward(m_norm1->forward(x), cache);
    return h + linear(m_down, torch::gelu(linear(m_up, m_norm2->forward(h))));
}

VlaModelImpl::VlaModelImpl(const ModelConfig& config, int vocabSize) : m_config(config), m_vocabSize(vocabSize) {
    const int d = config.dModel;
    m_vision = register_module("vision", VisionEncoder(config));
    m_projector = register_module("projector", nn::Sequential(nn::Linear(m_vision->channels(), d), nn::GELU(), nn::Linear(d, d)));
    m_tokenEmbedding = register_module("token_embedding", nn::Embedding(vocabSize, d));
    m_positions = register_module("positions", nn::Embedding(config.maxPositions(), d));
    m_frameEmbedding = register_module("frame_embedding", nn::Embedding(config.frames, d));
    m_layers = register_module("layers", nn::ModuleList());
    for (int i = 0; i < config.layers; ++i) m_layers->push_back(DecoderLayer(d, config.heads, config.ffMult * d));
    m_finalNorm = register_module("final_norm", nn::LayerNorm(nn::LayerNormOptions({d})));
    // GPT-2's initialisation: small normal weights, so a fresh model starts
    // near uniform predictions.
    torch::NoGradGuard noGrad;
    for (auto& p : named_parameters()) {
        if (p.key().find("norm") != std::string::npos) continue;
        if (p.value().dim() >= 2 && p.key().find("vision.conv") == std::string::npos) p.value().normal_(0.0, 0.02);
        else if (p.key().ends_with(".bias")) p.value().zero_();
    }
}

torch::Tensor VlaModelImpl::encodeImages(const torch::Tensor& images) {
    const auto B = images.size(0), F = images.size(1);
    const torch::Tensor x = images.flatten(0, 1).to(m_tokenEmbedding->weight.device(), torch::kFloat).div(255.0).sub(0.5);
    torch::Tensor tokens = m_projector->forward(m_vision->forward(x));           // [B*F, tpf, d]
    const int tpf = m_config.tokensPerFrame;
    tokens = tokens.view({B, F, tpf, m_config.dModel});
    const auto frameIds = torch::arange(F, torch::dtype(torch::kLong).device(tokens.device()));
    tokens = tokens + m_frameEmbedding->forward(frameIds).view({1, F, 1, m_config.dModel}).to(tokens.scalar_type());
    return tokens.view({B, F * tpf, m_config.dModel});
}

torch::Tensor VlaModelImpl::run(torch::Tensor x, int offset, KvCache* cache, int64_t logitsFrom) {
    // The learned positions offset.. as a view of the table: no index tensor to build per token.
    x = x + m_positions->weight.narrow(0, offset, x.size(1)).unsqueeze(0).to(x.scalar_type());
    if (cache && cache->keys.empty()) {
        cache->keys.resize(m_layers->size());
        cache->values.resize(m_layers->size());
    }
    for (std::size_t i = 0; i < m_layers->size(); ++i) {
        auto layer = m_layers->ptr<DecoderLayerImpl>(i);
        if (!cache) {
            x = layer->forward(x, nullptr);
            continue;
        }
        const KvSlot slot{&cache->keys[i], &cache->values[i], offset, m_config.maxPositions()};
        x = layer->forward(x, &slot);
    }
    if (cache) cache->used = offset + int(x.size(1));
    x = m_finalNorm->forward(x.narrow(1, logitsFrom, x.size(1) - logitsFrom));
    const auto type = autocastType(x);
    return torch::matmul(type ? x.to(*type) : x, castParameter(m_tokenEmbedding->weight, type).t());  // tied input and output embeddings
}

torch::Tensor VlaModelImpl::forward(const torch::Tensor& visual, const torch::Tensor& tokens, int64_t from) {
    const torch::Tensor text = m_tokenEmbedding->forward(tokens);
    return run(torch::cat({visual.to(text.scalar_type()), text}, 1), 0, nullptr, visual.size(1) + from);
}

torch::Tensor VlaModelImpl::forwardCached(const torch::Tensor& visual, const torch::Tensor& tokens, KvCache& cache, bool lastOnly) {
    const torch::Tensor text = m_tokenEmbedding->forward(tokens);
    const int64_t last = text.size(1) - 1;
    if (cache.length() == 0) {
        const torch::Tensor x = torch::cat({visual.to(text.scalar_type()), text}, 1);
        return run(x, 0, &cache, visual.size(1) + (lastOnly ? last : 0));
    }
    return run(text, cache.length(), &cache, lastOnly ? last : 0);
}

torch::Tensor sequenceLogProbs(const torch::Tensor& logits, const torch::Tensor& targets, const torch::Tensor& mask) {
    const torch::Tensor logp = torch::log_softmax(logits.to(torch::kFloat), -1);
    const torch::Tensor picked = logp.gather(-1, targets.unsqueeze(-1)).squeeze(-1);
    return (picked * mask.to(torch::kFloat)).sum(-1);
}

}  // namespace corevla::model
