// SPDX-License-Identifier: MIT
#include "dataset/frame_prompt.h"

#include <algorithm>
#include <cmath>

#include "dataset/export_images.h"
#include "dataset/pair_drafter.h"
#include "dataset/prompt_text.h"
#include "dataset/scene.h"
#include "importers/media/frame_source.h"
#include "storage/recording_time.h"

namespace corevla::dataset {

namespace {
constexpr double kGridS = 0.5;  // the paper's prompt spacing; the sample world decides as often
}

int decisionFrameAt(const Recording& r, int frame) {
    int position = framePosition(r, frame);
    if (position < 0) return -1;
    const Decision* inForce = nullptr;
    for (const Decision& d : r.decisions)
        if (d.frame <= r.frames[std::size_t(position)].index && (!inForce || d.frame > inForce->frame)) inForce = &d;
    if (inForce) return inForce->frame;
    const double t0 = r.frames.front().t;
    const double grid = t0 + std::floor((r.frames[std::size_t(position)].t - t0) / kGridS + 1e-9) * kGridS;
    while (position > 0 && r.frames[std::size_t(position) - 1].t >= grid - 1e-9) --position;
    return r.frames[std::size_t(position)].index;
}

int nextDecisionFrame(const Recording& r, int decision) {
    const int position = framePosition(r, decision);
    if (position < 0) return -1;
    int last = -1;  // past the recording's last decision nothing changes: no need to look
    for (const Decision& d : r.decisions) last = std::max(last, d.frame);
    if (last >= 0 && decision >= last) return -1;
    for (std::size_t p = std::size_t(position) + 1; p < r.frames.size(); ++p)
        if (const int d = decisionFrameAt(r, r.frames[p].index); d != decision) return d;
    return -1;
}

FramePrompter::FramePrompter(int maxWidth) : m_maxWidth(maxWidth) {}
FramePrompter::~FramePrompter() = default;

std::optional<FramePrompt> FramePrompter::at(const Recording& r, int frame, std::string* error) {
    const int position = framePosition(r, frame);
    if (position < 0) return *error = "recording " + std::to_string(r.id) + " has no frames", std::nullopt;
    FramePrompt p;
    p.frame = r.frames[std::size_t(position)].index;
    p.camera = promptCamera(r, "");
    const auto camera = std::find_if(r.cameras.begin(), r.cameras.end(), [&](const Camera& c) { return c.name == p.camera; });
    if (camera == r.cameras.end()) return *error = "recording " + std::to_string(r.id) + " has no camera to ask a model with", std::nullopt;
    auto& source = m_sources[{r.id, p.camera}];
    if (!source) source = importers::makeFrameSource(r.root, *camera);
    p.promptFrames = promptFramesEndingAt(r, p.frame);
    for (const int index : p.promptFrames) {
        std::vector<unsigned char> bytes;
        if (!encodeCameraFrame(*source, r.root, p.camera, index, frameTime(r, index), m_maxWidth, 95, bytes, error)) return std::nullopt;
        p.images.emplace_back(bytes.begin(), bytes.end());
    }
    std::string question = questionAt(r, p.frame, kDefaultQuestion);
    escapeMediaTokens(question);
    p.prompt = composePrompt(p.images.size(), question);
    return p;
}

}  // namespace corevla::dataset
