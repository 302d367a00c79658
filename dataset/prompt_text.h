// SPDX-License-Identifier: MIT
// The user text of a training prompt. LLaMA-Factory matches every "<image>"
// (and "<video>", "<audio>") in a sample's messages against its media list,
// so these tokens may appear only where we put them: one "<image>" per
// image, at the start of the prompt. A person's literal token is written as
// "[image]" ("[video]", "[audio]") instead (docs/datasets.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace corevla::dataset {

inline constexpr std::string_view kImageToken = "<image>";

// How often `token` occurs in `text` (non-overlapping).
std::size_t countToken(std::string_view text, std::string_view token);

// Replaces every <image>, <video> and <audio> with [image], [video], [audio];
// returns how many it replaced.
int escapeMediaTokens(std::string& text);
// Whether the text holds any of those tokens.
bool hasMediaToken(std::string_view text);

// "<image>" x images, then "\n" and the question; the question alone when
// there are no images. The question must be escaped already.
std::string composePrompt(std::size_t images, std::string_view question);

// The question back from a prompt's user text: every <image> removed, with
// the path text some files write right after it (CoReVLA's released data:
// "<image>../datasets/x/0.jpg<image>...") — the image's own path as listed in
// `images`, or a run of non-space characters ending in an image extension —
// a newline between leading tokens, and the one newline composePrompt puts
// after them.
std::string questionFromPrompt(std::string_view text, const std::vector<std::string>& images);

}  // namespace corevla::dataset
