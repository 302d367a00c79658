// SPDX-License-Identifier: MIT
#include <cstdio>

#include "commands.h"
#include "dataset/annotation_json.h"
#include "dataset/segment_detector.h"
#include "storage/annotation_store.h"
#include "storage/project.h"

namespace corevla::cli {

// segments detect --project P [--recording ID] [--lead-in S] [--json]
int runSegments(const Args& args) {
    const auto& what = args.positional();
    const auto projectPath = args.value("project");
    if (what.size() != 1 || what[0] != "detect" || !projectPath)
        return usageError("segments needs: detect --project P [--recording ID] [--lead-in S] [--json]");
    dataset::DetectOptions options;
    if (const auto leadIn = args.value("lead-in")) {
        char* end = nullptr;
        options.leadInS = std::strtod(leadIn->c_str(), &end);
        if (end == leadIn->c_str() || *end || options.leadInS < 0) return usageError("--lead-in needs seconds >= 0");
    }
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    std::vector<std::int64_t> ids;
    if (const auto id = args.integer("recording")) {
        ids.push_back(*id);
    } else {
        const auto all = project.recordings();
        if (!all) return fail(project.lastError());
        for (const auto& r : *all) ids.push_back(r.id);
    }
    AnnotationStore store(project);
    JsonWriter json;
    json.beginObject().key("segments").beginArray();
    int inserted = 0, updated = 0, unchanged = 0, kept = 0;
    for (std::int64_t id : ids) {
        const auto recording = project.load(id);
        if (!recording) return fail(project.lastError());
        const auto stored = store.storeDetected(id, dataset::detectSegments(*recording, options));
        if (!stored) return fail(store.lastError());
        inserted += stored->inserted, updated += stored->updated, unchanged += stored->unchanged, kept += stored->keptEdited;
        for (const Segment& s : stored->segments) {
            dataset::writeSegment(json, s);
            if (!args.flag("json"))
                std::printf("%6lld  recording %-4lld %-10s frames %5d-%-5d  %7.1f-%7.1f s%s\n", (long long)s.id,
                            (long long)s.recording, segmentKindName(s.kind), s.startFrame, s.endFrame, s.startS, s.endS,
                            s.edited ? "  (edited by a person: kept)" : "");
        }
    }
    json.endArray().endObject();
    if (args.flag("json")) std::printf("%s\n", json.str().c_str());
    else std::printf("segments: %d new, %d moved, %d unchanged, %d edited by a person and kept\n", inserted, updated,
                     unchanged, kept);
    return 0;
}

}  // namespace corevla::cli
