// SPDX-License-Identifier: MIT
// What people make on top of recordings: segments of a recording (a takeover
// and what led to it, a failure, a divergence) and the preference pairs an
// annotator drafts from them — chosen = what the driver did, rejected = what
// the model said and did. Plain C++, no Qt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/types.h"

namespace corevla {

enum class SegmentKind { Takeover, Infraction, Divergence, Manual };
const char* segmentKindName(SegmentKind kind);  // "takeover", ...
std::optional<SegmentKind> segmentKindFromName(const std::string& name);

struct Segment {
    std::int64_t id = 0;  // 0 until stored
    std::int64_t recording = 0;
    SegmentKind kind = SegmentKind::Manual;
    int startFrame = 0, endFrame = 0;  // Frame::index, both included
    int eventFrame = -1;               // the takeover's start or the infraction; -1: none
    double startS = 0, endS = 0, eventS = -1;
    std::string category;  // a Bench2Drive scenario or ability ("Merging", "EmergencyBrake", ...)
    std::string note;
    std::string author;    // "detector" for what detection made
    bool edited = false;   // a person changed it: detection never touches it again
    std::string detectedKey;  // what detection knows it by ("takeover@31"); empty for a person's
    bool detached = false; // its frames are gone since a re-import (kept, flagged)
    int version = 1;       // bumped by every save
    std::string createdAt, updatedAt;
};

enum class PairStatus { Draft, NeedsReview, Approved, Rejected };
const char* pairStatusName(PairStatus status);  // "draft", "needs-review", "approved", "rejected"
std::optional<PairStatus> pairStatusFromName(const std::string& name);

struct PreferencePair {
    std::int64_t id = 0;         // 0 until stored
    std::int64_t segment = 0;    // 0 for a pair imported from a dataset file
    std::int64_t recording = 0;  // likewise
    int decisionFrame = -1;      // Frame::index of the model's decision
    std::vector<int> promptFrames;  // Frame::index, oldest first, ending at the decision
    std::string camera;          // whose images the prompt shows
    std::string question;
    std::string chosen, rejected;
    MetaAction chosenAction, rejectedAction;
    PairStatus status = PairStatus::Draft;
    std::string author, reviewer;
    std::string source;          // imported: "<file>#<entry>"
    std::vector<MediaFile> images;    // imported: the image files (absolute paths), sizes and hashes
    bool detached = false;       // its decision frame is gone since a re-import
    int version = 1;
    std::string createdAt, updatedAt, reviewedAt;
};

}  // namespace corevla
