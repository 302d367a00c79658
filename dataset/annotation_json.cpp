// SPDX-License-Identifier: MIT
#include "dataset/annotation_json.h"

namespace corevla::dataset {
namespace {

void writeAction(JsonWriter& w, const MetaAction& a) {
    w.beginObject().key("speed").str(a.speed).key("direction").str(a.direction).endObject();
}

void idOrNull(JsonWriter& w, std::int64_t id) {
    if (id) w.integer(id);
    else w.null();
}

}  // namespace

void writeSegment(JsonWriter& w, const Segment& s) {
    w.beginObject();
    w.key("id").integer(s.id).key("recording").integer(s.recording).key("kind").str(segmentKindName(s.kind));
    w.key("start_frame").integer(s.startFrame).key("end_frame").integer(s.endFrame).key("event_frame").integer(s.eventFrame);
    w.key("start_s").number(s.startS, 6).key("end_s").number(s.endS, 6).key("event_s").number(s.eventS, 6);
    w.key("category").str(s.category).key("note").str(s.note).key("author").str(s.author);
    w.key("edited").boolean(s.edited).key("detached").boolean(s.detached).key("version").integer(s.version);
    w.endObject();
}

void writePair(JsonWriter& w, const PreferencePair& p, const std::vector<LintIssue>& lint) {
    w.beginObject();
    w.key("id").integer(p.id).key("segment");
    idOrNull(w, p.segment);
    w.key("recording");
    idOrNull(w, p.recording);
    w.key("status").str(pairStatusName(p.status)).key("version").integer(p.version);
    w.key("question").str(p.question).key("chosen").str(p.chosen).key("rejected").str(p.rejected);
    w.key("chosen_action");
    writeAction(w, p.chosenAction);
    w.key("rejected_action");
    writeAction(w, p.rejectedAction);
    w.key("decision_frame").integer(p.decisionFrame).key("prompt_frames").beginArray();
    for (int f : p.promptFrames) w.integer(f);
    w.endArray().key("camera").str(p.camera).key("images").beginArray();
    for (const MediaFile& m : p.images) w.str(m.relPath);
    w.endArray().key("author").str(p.author).key("reviewer").str(p.reviewer);
    w.key("detached").boolean(p.detached).key("lint").beginArray();
    for (const LintIssue& issue : lint) w.beginObject().key("code").str(issue.code).key("message").str(issue.message).endObject();
    w.endArray().endObject();
}

}  // namespace corevla::dataset
