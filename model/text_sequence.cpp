// SPDX-License-Identifier: MIT
#include "model/text_sequence.h"

#include <algorithm>

namespace corevla::model {
namespace {

// At most half the text for the prompt, its last tokens.
std::vector<int> clippedPrompt(const std::vector<int>& prompt, int maxTokens) {
    const std::size_t keep = std::min(prompt.size(), std::size_t(std::max(0, maxTokens / 2 - 2)));
    return {prompt.end() - std::ptrdiff_t(keep), prompt.end()};
}

}  // namespace

std::vector<int> generationPrefix(const std::vector<int>& prompt, int maxTokens) {
    std::vector<int> ids{Tokenizer::kBos};
    const std::vector<int> p = clippedPrompt(prompt, maxTokens);
    ids.insert(ids.end(), p.begin(), p.end());
    ids.push_back(Tokenizer::kSep);
    return ids;
}

TextExample makeTextExample(const std::vector<int>& prompt, const std::vector<int>& answer, int maxTokens) {
    std::vector<int> full = generationPrefix(prompt, maxTokens);
    const std::size_t answerStart = full.size();
    full.insert(full.end(), answer.begin(), answer.end());
    full.push_back(Tokenizer::kEos);
    // maxTokens counts the inputs, so the sequence has maxTokens + 1 tokens.
    if (full.size() > std::size_t(maxTokens) + 1) full.resize(std::size_t(maxTokens) + 1);
    TextExample e;
    e.inputs.assign(full.begin(), full.end() - 1);
    e.targets.assign(full.begin() + 1, full.end());
    e.mask.resize(e.inputs.size());
    for (std::size_t t = 0; t < e.mask.size(); ++t) e.mask[t] = t + 1 >= answerStart ? 1 : 0;
    return e;
}

}  // namespace corevla::model
