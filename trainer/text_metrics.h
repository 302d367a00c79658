// SPDX-License-Identifier: MIT
// Open-loop text metrics as LLaMA-Factory's predict step computes them
// (formats.md §6), 0-100, one hypothesis against one reference: what the
// paper's BLEU / R-1 / R-L columns most likely are. Plain C++.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corevla::trainer {

// Sentence BLEU-4 over characters (Unicode code points, spaces included),
// weights 0.25, NLTK's smoothing method 3; 0 when no character matches.
double bleu4(std::string_view hypothesis, std::string_view reference);

// Words as jieba cuts English: runs of letters and digits (a decimal point
// or a % inside a number stays: "3.5", "20%"), every other visible character
// its own token, whitespace dropped, case kept.
std::vector<std::string> words(std::string_view text);

// ROUGE-1 over the sets of unique words; ROUGE-L over the LCS of the word
// sequences; F = 2PR / (P + R + 1e-8); 0 when either text has no word.
double rouge1(std::string_view hypothesis, std::string_view reference);
double rougeL(std::string_view hypothesis, std::string_view reference);

}  // namespace corevla::trainer
