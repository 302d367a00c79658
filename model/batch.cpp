// SPDX-License-Identifier: MIT
#include "model/batch.h"

#include <algorithm>
#include <cstring>

#include "model/vla_model.h"

namespace corevla::model {

torch::Tensor framesTensor(const std::vector<std::vector<const FrameBytes*>>& slots, const ModelConfig& config) {
    const int64_t B = int64_t(slots.size()), F = config.frames, H = config.imageHeight, W = config.imageWidth;
    torch::Tensor out = torch::zeros({B, F, 3, H, W}, torch::kUInt8);
    const std::size_t frameBytes = std::size_t(3 * H * W);
    std::uint8_t* data = out.data_ptr<std::uint8_t>();
    for (std::size_t b = 0; b < slots.size(); ++b)
        for (std::size_t f = 0; f < slots[b].size() && f < std::size_t(F); ++f)
            if (const FrameBytes* frame = slots[b][f]; frame && frame->size() == frameBytes)
                std::memcpy(data + (b * std::size_t(F) + f) * frameBytes, frame->data(), frameBytes);
    return out;
}

TextTensors textTensors(const std::vector<const TextExample*>& examples) {
    std::size_t T = 1;
    for (const TextExample* e : examples) T = std::max(T, e->inputs.size());
    const int64_t B = int64_t(examples.size());
    TextTensors t{torch::full({B, int64_t(T)}, Tokenizer::kPad, torch::kLong), torch::full({B, int64_t(T)}, Tokenizer::kPad, torch::kLong),
                  torch::zeros({B, int64_t(T)}, torch::kFloat)};
    auto inputs = t.inputs.accessor<int64_t, 2>();
    auto targets = t.targets.accessor<int64_t, 2>();
    auto mask = t.mask.accessor<float, 2>();
    for (int64_t b = 0; b < B; ++b)
        for (std::size_t i = 0; i < examples[std::size_t(b)]->inputs.size(); ++i) {
            inputs[b][int64_t(i)] = examples[std::size_t(b)]->inputs[i];
            targets[b][int64_t(i)] = examples[std::size_t(b)]->targets[i];
            mask[b][int64_t(i)] = float(examples[std::size_t(b)]->mask[i]);
        }
    return t;
}

torch::Tensor answerLogProbs(VlaModelImpl& model, const torch::Tensor& visual, const TextTensors& text, const torch::Device& device) {
    const torch::Tensor masked = text.mask.sum(0).nonzero();
    const int64_t from = masked.numel() ? masked[0][0].item<int64_t>() : 0;
    const torch::Tensor logits = model.forward(visual, text.inputs.to(device), from);
    return sequenceLogProbs(logits, text.targets.slice(1, from).to(device), text.mask.slice(1, from).to(device));
}

std::vector<int> greedyGenerate(VlaModelImpl& model, const torch::Tensor& visual, const std::vector<int>& prefix, int maxNew,
                                bool useCache) {
    c10::InferenceMode inference;  // less bookkeeping per op than NoGradGuard
    const auto device = visual.device();
    auto tensorOf = [&](const std::vector<int>& ids) {
        return torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kLong).unsqueeze(0).to(device);
    };
    // No room past the positions the model has learned.
    maxNew = std::min(maxNew, model.config().maxTextTokens - int(prefix.size()));
    std::vector<int> sequence = prefix, generated;
    KvCache cache;
    torch::Tensor logits = useCache ? model.forwardCached(visual, tensorOf(prefix), cache, true) : model.forward(visual, tensorOf(prefix));
    for (int step = 0; step < maxNew; ++step) {
        const int next = int(logits.select(1, logits.size(1) - 1).argmax().item<int64_t>());
        if (next == Tokenizer::kEos) break;
        generated.push_back(next);
        sequence.push_back(next);
        if (step + 1 == maxNew) break;
        logits = useCache ? model.forwardCached(visual, torch::full({1, 1}, int64_t(next), torch::dtype(torch::kLong).device(device)), cache, true)
                          : model.forward(visual, tensorOf(sequence));
    }
    return generated;
}

}  // namespace corevla::model
