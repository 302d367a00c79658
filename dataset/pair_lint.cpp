// SPDX-License-Identifier: MIT
#include "dataset/pair_lint.h"

#include <algorithm>
#include <filesystem>

#include "importers/common/meta_action.h"
#include "importers/media/frame_source.h"
#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/recording_time.h"

namespace corevla::dataset {
namespace fs = std::filesystem;
namespace {

std::string actionText(const MetaAction& a) { return a.direction + ", " + a.speed; }

void checkPromptFrames(const PreferencePair& p, const Recording& r, std::vector<LintIssue>& issues) {
    if (p.promptFrames.empty()) {
        issues.push_back({"prompt-frames-missing", "the pair has no prompt frames"});
        return;
    }
    const auto camera = std::find_if(r.cameras.begin(), r.cameras.end(), [&](const Camera& c) { return c.name == p.camera; });
    if (camera == r.cameras.end()) {
        issues.push_back({"prompt-frames-missing", "the recording has no camera \"" + p.camera + "\""});
        return;
    }
    const auto bit = std::uint32_t(1) << std::min<long>(31, camera - r.cameras.begin());
    std::vector<std::string> missing;
    for (int index : p.promptFrames) {
        const int position = framePosition(r, index);
        const bool exists = position >= 0 && r.frames[std::size_t(position)].index == index;
        std::error_code ec;
        const std::string file = importers::cameraFile(*camera, index);
        if (!exists) missing.push_back("frame " + std::to_string(index) + " is not in the recording");
        else if (r.frames[std::size_t(position)].missingCameras & bit) missing.push_back(file + " was missing on import");
        else if (!fs::is_regular_file(fs::path(r.root) / file, ec)) missing.push_back(file + " cannot be read");
    }
    for (const std::string& m : missing) issues.push_back({"prompt-frames-missing", m});
}

}  // namespace

std::vector<LintIssue> lintPair(const PreferencePair& p, const LintContext& context) {
    std::vector<LintIssue> issues;
    if (!p.chosenAction.empty() && p.chosenAction == p.rejectedAction)
        issues.push_back({"same-action", "chosen and rejected both decide " + actionText(p.chosenAction)});
    const MetaAction said = importers::parseMetaAction(p.chosen, {});
    if (said.empty()) {
        issues.push_back({"chosen-names-no-action", "the chosen text names no meta-action"});
    } else if ((!said.speed.empty() && said.speed != p.chosenAction.speed) ||
               (!said.direction.empty() && said.direction != p.chosenAction.direction)) {
        issues.push_back({"chosen-contradicts-chips", "the chosen text says " + actionText(said) + " but its chips say " +
                                                          actionText(p.chosenAction)});
    }
    for (const auto* text : {&p.question, &p.chosen, &p.rejected})
        if (text->find("<image>") != std::string::npos)
            issues.push_back({"image-token-in-text", "a literal <image> in the text (escaped on export)"});
    if (p.detached) issues.push_back({"detached", "its decision frame is gone since the recording was re-imported"});
    if (context.segment && (p.decisionFrame < context.segment->startFrame || p.decisionFrame > context.segment->endFrame))
        issues.push_back({"decision-outside-segment", "decision frame " + std::to_string(p.decisionFrame) +
                                                          " is outside its segment (" + std::to_string(context.segment->startFrame) +
                                                          "–" + std::to_string(context.segment->endFrame) + ")"});
    if (context.recording) checkPromptFrames(p, *context.recording, issues);
    for (const MediaFile& image : p.images) {
        std::error_code ec;
        const auto size = fs::file_size(image.relPath, ec);
        if (ec) issues.push_back({"image-missing", image.relPath + " cannot be read"});
        else if (std::int64_t(size) != image.size) issues.push_back({"image-missing", image.relPath + " changed since the import"});
    }
    return issues;
}

std::map<std::int64_t, std::vector<LintIssue>> lintPairs(const std::vector<PreferencePair>& pairs,
                                                         const std::function<LintContext(const PreferencePair&)>& context) {
    std::map<std::int64_t, std::vector<LintIssue>> all;
    // The same prompt with the same answers is the same example twice.
    std::map<std::string, std::int64_t> seen;
    for (const PreferencePair& p : pairs) {
        auto& issues = all[p.id] = lintPair(p, context(p));
        std::string key = std::to_string(p.recording) + "|" + std::to_string(p.decisionFrame) + "|" + p.camera + "|" +
                          p.question + "|" + p.chosen + "|" + p.rejected;
        for (const MediaFile& m : p.images) key += "|" + m.relPath;
        const auto [it, first] = seen.emplace(key, p.id);
        if (!first) issues.push_back({"duplicate", "the same example as pair " + std::to_string(it->second)});
    }
    return all;
}

std::optional<std::map<std::int64_t, std::vector<LintIssue>>> lintPairs(Project& project,
                                                                         const std::vector<PreferencePair>& pairs) {
    AnnotationStore store(project);
    std::map<std::int64_t, Segment> segments;
    std::map<std::int64_t, Recording> recordings;
    for (const PreferencePair& p : pairs) {
        if (p.segment && !segments.count(p.segment)) {
            auto s = store.segment(p.segment);
            if (!s) return std::nullopt;
            segments.emplace(p.segment, std::move(*s));
        }
        if (p.recording && !recordings.count(p.recording)) {
            auto r = project.load(p.recording);
            if (!r) return std::nullopt;
            recordings.emplace(p.recording, std::move(*r));
        }
    }
    return lintPairs(pairs, [&](const PreferencePair& p) {
        LintContext context;
        if (const auto s = segments.find(p.segment); s != segments.end()) context.segment = &s->second;
        if (const auto r = recordings.find(p.recording); r != recordings.end()) context.recording = &r->second;
        return context;
    });
}

}  // namespace corevla::dataset
