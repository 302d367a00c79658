// SPDX-License-Identifier: MIT
#include "dataset/export_dataset.h"

#include <algorithm>

#include <simdjson.h>

#include "dataset/export_folder.h"
#include "dataset/export_images.h"
#include "dataset/export_manifest.h"
#include "dataset/prompt_text.h"
#include "storage/annotation_store.h"
#include "storage/hash.h"
#include "storage/project.h"

namespace corevla::dataset {
namespace {

ExportResult failed(std::string error) {
    ExportResult r;
    r.errors.push_back(std::move(error));
    return r;
}

// One text of a pair as written: valid UTF-8 (JSON readers refuse anything
// else), not empty where a trainer needs it, with a person's media tokens escaped.
void prepareText(const std::string& label, const char* what, const std::string& text, bool required, std::string& out,
                 ExportResult& result) {
    const std::string prefix = label + ": ";
    if (!simdjson::validate_utf8(text.data(), text.size())) {
        result.errors.push_back(prefix + "the " + what + " text is not valid UTF-8");
        return;
    }
    if (required && text.empty()) result.errors.push_back(prefix + "the " + what + " text is empty");
    out = text;
    if (const int escaped = escapeMediaTokens(out)) {
        result.escapedTokens += escaped;
        result.warnings.push_back(prefix + "the " + what + " text holds " + std::to_string(escaped) +
                                  " literal <image>/<video>/<audio> token(s), written as [image]/[video]/[audio]");
    }
}

ExportRecord recordTexts(const PreferencePair& p, const std::string& label, ExportFormat format, ExportResult& result) {
    ExportRecord r;
    prepareText(label, "question", p.question, false, r.question, result);
    prepareText(label, "chosen", p.chosen, true, r.chosen, result);
    if (format != ExportFormat::LlamaFactorySft) prepareText(label, "rejected", p.rejected, true, r.rejected, result);
    return r;
}

bool writeText(const std::filesystem::path& dir, const std::string& name, const std::string& text,
               std::vector<DatasetFile>& files, ExportResult& result) {
    std::string error;
    if (!writeFileBytes(dir / name, text, &error)) {
        result.errors.push_back(error);
        return false;
    }
    files.push_back({name, std::int64_t(text.size()), hashBytes(text.data(), text.size())});
    return true;
}

// Everything after the examples are chosen: their texts checked, images
// planned and written, the data file, dataset_info.json and the manifest, in
// a partial folder that replaces `options.out` only when all is there.
// Entry e is examples[e] (a pair, or a frame's question carried as one),
// named labels[e] in problems.
ExportResult writeExport(Project& project, const std::vector<PreferencePair>& examples,
                         const std::vector<std::string>& labels, Manifest manifest, ExportResult result,
                         const ExportOptions& options) {
    std::vector<ExportRecord> records;
    for (std::size_t e = 0; e < examples.size(); ++e) records.push_back(recordTexts(examples[e], labels[e], options.format, result));
    ImagePlan plan;
    std::string error;
    if (!planImages(project, examples, labels, plan, result.errors, &error)) return failed(error);
    if (!result.errors.empty()) return result;  // nothing written yet

    ExportFolder folder;
    if (!folder.begin(options.out, &error)) return failed(error);
    ImageWriteOptions imageOptions;
    imageOptions.threads = options.threads, imageOptions.maxWidth = options.maxWidth;
    imageOptions.cancel = options.cancel, imageOptions.progress = options.progress;
    std::vector<std::vector<WrittenImage>> written;
    writeImages(plan, labels, folder.dir(), imageOptions, written, result.errors);
    if (options.cancel && options.cancel->cancelled()) result.errors.push_back("cancelled: nothing written");
    if (!result.errors.empty()) return result;  // the partial folder goes with `folder`

    std::vector<DatasetFile> files;
    manifest.format = options.format;
    manifest.escapedTokens = result.escapedTokens;
    const std::string info = datasetInfoJson(options.format);
    if (!info.empty() && !writeText(folder.dir(), "dataset_info.json", info, files, result)) return result;
    std::vector<std::string> lines;
    for (std::size_t e = 0; e < records.size(); ++e) {
        for (const WrittenImage& image : written[e]) records[e].images.push_back(image.relPath);
        lines.push_back(recordJson(options.format, records[e]));
    }
    if (!writeText(folder.dir(), dataFileName(options.format), dataFile(options.format, lines), files, result))
        return result;
    for (const auto& [name, text] : options.extraFiles)
        if (!writeText(folder.dir(), name, text, files, result)) return result;
    for (const DatasetFile& f : files) manifest.files.push_back(f.relPath);
    for (const auto& entry : written)
        for (const WrittenImage& image : entry) files.push_back({image.relPath, image.size, image.hash});
    manifest.images = static_cast<int>(files.size() - manifest.files.size());
    manifest.contentHash = contentHash(files);
    if (!writeFileBytes(folder.dir() / kManifestFile, manifestJson(manifest), &error) || !folder.commit(&error))
        return failed(error);
    result.ok = true;
    result.pairs = static_cast<int>(examples.size());
    result.images = manifest.images;
    result.contentHash = manifest.contentHash;
    return result;
}

}  // namespace

ExportResult exportDataset(Project& project, const ExportOptions& options) {
    AnnotationStore store(project);
    PairFilter filter;
    if (options.pairIds.empty()) filter.status = options.status;
    auto pairs = store.pairs(filter);
    if (!pairs) return failed(store.lastError());
    if (!options.pairIds.empty()) {
        std::vector<PreferencePair> chosen;
        for (std::int64_t id : options.pairIds) {
            const auto it = std::find_if(pairs->begin(), pairs->end(), [id](const PreferencePair& p) { return p.id == id; });
            if (it == pairs->end()) return failed("pair " + std::to_string(id) + " does not exist (deleted since it was chosen?)");
            chosen.push_back(*it);
        }
        return exportPairs(project, std::move(chosen), options);
    }
    if (pairs->empty())
        return failed(options.status ? std::string("no pairs with status ") + pairStatusName(*options.status) +
                                           " (--status any exports every pair)"
                                     : "the project has no pairs");
    return exportPairs(project, std::move(*pairs), options);
}

ExportResult exportPairs(Project& project, std::vector<PreferencePair> pairs, const ExportOptions& options) {
    std::sort(pairs.begin(), pairs.end(), [](const PreferencePair& a, const PreferencePair& b) { return a.id < b.id; });
    Manifest manifest;
    manifest.status = options.status ? pairStatusName(*options.status) : "any";
    std::vector<std::string> labels;
    for (const PreferencePair& p : pairs) {
        manifest.pairIds.push_back(p.id);
        labels.push_back("pair " + std::to_string(p.id));
    }
    return writeExport(project, pairs, labels, std::move(manifest), {}, options);
}

ExportResult exportFrames(Project& project, const FrameQaOptions& frames, const ExportOptions& options) {
    if (options.format != ExportFormat::LlamaFactorySft)
        return failed("examples from frames are SFT data: --format llamafactory-sft");
    FrameQaResult qa = frameExamples(project, frames, options.progress);
    if (!qa.ok) return failed(qa.error);
    ExportResult result;
    result.warnings = qa.skipped;
    result.skipped = static_cast<int>(qa.skipped.size());
    result.excluded = qa.excluded;
    if (qa.examples.empty()) {
        result.errors.push_back(frames.excludeSegments && qa.excluded
                                    ? "every sampled frame lies inside a segment (without --exclude-segments they are kept)"
                                    : "no frames to ask about: no recording is longer than the prompt's history and --every");
        return result;
    }
    Manifest manifest;
    manifest.fromFrames = true;
    manifest.everyS = frames.everyS;
    manifest.excludeSegments = frames.excludeSegments;
    manifest.recording = frames.recordings.size() == 1 ? frames.recordings.front() : 0;  // several: "frames" lists them
    // The image planner and writer take pairs: each example rides in one.
    std::vector<PreferencePair> carriers;
    std::vector<std::string> labels;
    for (FrameExample& e : qa.examples) {
        labels.push_back("recording " + std::to_string(e.recording) + " frame " + std::to_string(e.frame));
        manifest.frames.push_back({e.recording, e.frame});
        carriers.push_back(asChosen(std::move(e)));
    }
    return writeExport(project, carriers, labels, std::move(manifest), std::move(result), options);
}

}  // namespace corevla::dataset
