// SPDX-License-Identifier: MIT
// What a model is asked at any frame of a recording, as the pairs ask it:
// the prompt frames (5, 0.5 s apart, ending at the frame) of the prompt
// camera as JPEG, and the question with the ego's state. The live
// comparison asks every model this at the frame on screen.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/types.h"

namespace corevla::importers {
class FrameSource;
}

namespace corevla::dataset {

struct FramePrompt {
    int frame = -1;                   // Frame::index the question is asked at
    std::vector<int> promptFrames;    // oldest first, ending at `frame`
    std::string camera;
    std::vector<std::string> images;  // JPEG bytes, one per prompt frame
    std::string prompt;               // "<image>" per image, then the question (prompt_text.h)
};

// The live comparison's decision grid: the frame whose answer is in force at
// `frame` — the recording's own last model decision at or before it, so
// models are asked where the recorded model decided; every 0.5 s of the
// recording's clock where it has no decisions. -1 for an empty recording.
int decisionFrameAt(const Recording& recording, int frame);
// The grid's next decision after the one at `decision`; -1 when none.
int nextDecisionFrame(const Recording& recording, int decision);

class FramePrompter {
public:
    explicit FramePrompter(int maxWidth = 256);  // the export's width for served models
    ~FramePrompter();
    // nullopt and *error naming the frame, camera and file when an image
    // cannot be decoded.
    std::optional<FramePrompt> at(const Recording& recording, int frame, std::string* error);

private:
    int m_maxWidth;
    std::map<std::pair<std::int64_t, std::string>, std::unique_ptr<importers::FrameSource>> m_sources;
};

}  // namespace corevla::dataset
