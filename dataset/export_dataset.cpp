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
void prepareText(const PreferencePair& p, const char* what, const std::string& text, bool required, std::string& out,
                 ExportResult& result) {
    const std::string prefix = "pair " + std::to_string(p.id) + ": ";
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

ExportRecord recordTexts(const PreferencePair& p, ExportFormat format, ExportResult& result) {
    ExportRecord r;
    prepareText(p, "question", p.question, false, r.question, result);
    prepareText(p, "chosen", p.chosen, true, r.chosen, result);
    if (format != ExportFormat::LlamaFactorySft) prepareText(p, "rejected", p.rejected, true, r.rejected, result);
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

}  // namespace

ExportResult exportDataset(Project& project, const ExportOptions& options) {
    AnnotationStore store(project);
    PairFilter filter;
    filter.status = options.status;
    auto pairs = store.pairs(filter);
    if (!pairs) return failed(store.lastError());
    if (pairs->empty())
        return failed(options.status ? std::string("no pairs with status ") + pairStatusName(*options.status) +
                                           " (--status any exports every pair)"
                                     : "the project has no pairs");
    return exportPairs(project, std::move(*pairs), options);
}

ExportResult exportPairs(Project& project, std::vector<PreferencePair> pairs, const ExportOptions& options) {
    std::sort(pairs.begin(), pairs.end(), [](const PreferencePair& a, const PreferencePair& b) { return a.id < b.id; });
    ExportResult result;
    std::vector<ExportRecord> records;
    std::vector<std::int64_t> ids;
    for (const PreferencePair& p : pairs) {
        records.push_back(recordTexts(p, options.format, result));
        ids.push_back(p.id);
    }
    ImagePlan plan;
    std::string error;
    if (!planImages(project, pairs, plan, result.errors, &error)) return failed(error);
    if (!result.errors.empty()) return result;  // nothing written yet

    ExportFolder folder;
    if (!folder.begin(options.out, &error)) return failed(error);
    ImageWriteOptions imageOptions;
    imageOptions.threads = options.threads, imageOptions.maxWidth = options.maxWidth;
    imageOptions.cancel = options.cancel, imageOptions.progress = options.progress;
    std::vector<std::vector<WrittenImage>> written;
    writeImages(plan, ids, folder.dir(), imageOptions, written, result.errors);
    if (options.cancel && options.cancel->cancelled()) result.errors.push_back("cancelled: nothing written");
    if (!result.errors.empty()) return result;  // the partial folder goes with `folder`

    std::vector<DatasetFile> files;
    Manifest manifest;
    manifest.format = options.format;
    manifest.status = options.status ? pairStatusName(*options.status) : "any";
    manifest.pairIds = ids;
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
    for (const DatasetFile& f : files) manifest.files.push_back(f.relPath);
    for (const auto& entry : written)
        for (const WrittenImage& image : entry) files.push_back({image.relPath, image.size, image.hash});
    manifest.images = static_cast<int>(files.size() - manifest.files.size());
    manifest.contentHash = contentHash(files);
    if (!writeFileBytes(folder.dir() / kManifestFile, manifestJson(manifest), &error) || !folder.commit(&error))
        return failed(error);
    result.ok = true;
    result.pairs = static_cast<int>(pairs.size());
    result.images = manifest.images;
    result.contentHash = manifest.contentHash;
    return result;
}

}  // namespace corevla::dataset
