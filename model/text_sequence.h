// SPDX-License-Identifier: MIT
// How a prompt and an answer become the decoder's text: <bos> prompt <sep>
// answer <eos>, after the visual tokens. The loss (and a DPO log-prob) counts
// only the answer and its <eos>.
#pragma once

#include <vector>

#include "model/tokenizer.h"

namespace corevla::model {

struct TextExample {
    std::vector<int> inputs;   // what the decoder reads
    std::vector<int> targets;  // the next token at each input position
    std::vector<int> mask;     // 1 where the target is part of the answer
};

// The prompt keeps its end (the question) and the answer its start when the
// two do not fit in maxTokens together.
TextExample makeTextExample(const std::vector<int>& prompt, const std::vector<int>& answer, int maxTokens);

// <bos> prompt <sep>: what generation starts from (same truncation rule).
std::vector<int> generationPrefix(const std::vector<int>& prompt, int maxTokens);

}  // namespace corevla::model
