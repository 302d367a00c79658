// SPDX-License-Identifier: MIT
#include "dataset/dataset_check.h"

#include <algorithm>

#include "dataset/check_entries.h"
#include "dataset/dataset_file.h"
#include "dataset/export_folder.h"
#include "dataset/export_manifest.h"
#include "storage/hash.h"

namespace corevla::dataset {
namespace fs = std::filesystem;
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr const char* kInfoFile = "dataset_info.json";

std::string textOr(object o, std::string_view key, std::string fallback) {
    std::string_view v;
    return o[key].get(v) == simdjson::SUCCESS ? std::string(v) : fallback;
}

struct Checker {
    fs::path dir;
    CheckReport report;
    std::vector<std::string> images;  // as the data files list them, in order (for the manifest's hash)

    void problem(const std::string& file, std::string message) { report.problems.push_back({file, -1, std::move(message)}); }

    // Runs check on every example of `file`; false when the file is unusable.
    bool eachExample(const std::string& file, const std::function<void(element, long, EntryContext&)>& check) {
        EntryContext context{dir, file, &report.problems, &images};
        std::string error;
        const bool read = forEachExample(
            dir / file, [&](element e, long i) { check(e, i, context), ++report.entries; },
            [&](long i, const std::string& why) { context.problem(i, why); }, &error);
        if (!read) problem(file, error);
        report.images += context.imageCount;
        return read;
    }

    void sharegpt(const std::string& file, const SharegptSpec& spec) {
        bool answers = false;
        eachExample(file, [&](element e, long i, EntryContext& c) {
            element ignored;
            answers = answers || !e["chosen"].get(ignored);
            checkSharegptEntry(e, i, spec, c);
        });
        if (answers && !spec.ranking)
            problem(kInfoFile, "the examples of " + file + " have chosen/rejected but its entry lacks \"ranking\": true: "
                               "LLaMA-Factory reads them as SFT examples without answers");
        report.formats.push_back(std::string(spec.ranking ? "llamafactory-dpo " : "llamafactory-sft ") + file);
    }

    void trl(const std::string& file) {
        eachExample(file, [](element e, long i, EntryContext& c) { checkTrlEntry(e, i, c); });
        report.formats.push_back("trl-dpo " + file);
    }

    void datasetInfoEntry(std::string_view name, element value);
    void datasetInfo();
    void guess();
    void manifest();
};

void Checker::datasetInfoEntry(std::string_view name, element value) {
    const std::string where = "dataset \"" + std::string(name) + "\"";
    object entry;
    if (value.get(entry)) return problem(kInfoFile, where + " is not an object");
    const std::string file = textOr(entry, "file_name", "");
    if (file.empty()) return report.notes.push_back(where + " is not a local file_name: not checked");
    const std::string formatting = textOr(entry, "formatting", "alpaca");
    if (formatting != "sharegpt") return report.notes.push_back(where + " has formatting " + formatting + ": not checked");
    SharegptSpec spec;
    element ranking;
    if (!entry["ranking"].get(ranking) && ranking.get(spec.ranking))
        problem(kInfoFile, where + ": \"ranking\" is not true or false");
    object columns, tags;
    if (!entry["columns"].get(columns)) {
        spec.messages = textOr(columns, "messages", spec.messages);
        spec.chosen = textOr(columns, "chosen", ""), spec.rejected = textOr(columns, "rejected", "");
        spec.images = textOr(columns, "images", "");
    }
    if (!entry["tags"].get(tags)) {
        spec.roleTag = textOr(tags, "role_tag", spec.roleTag), spec.contentTag = textOr(tags, "content_tag", spec.contentTag);
        spec.userTag = textOr(tags, "user_tag", spec.userTag), spec.assistantTag = textOr(tags, "assistant_tag", spec.assistantTag);
        spec.systemTag = textOr(tags, "system_tag", spec.systemTag);
    }
    if (spec.ranking && (spec.chosen.empty() || spec.rejected.empty()))
        problem(kInfoFile, where + ": \"ranking\" is true but \"columns\" names no chosen and rejected");
    if (!spec.ranking && (!spec.chosen.empty() || !spec.rejected.empty()))
        problem(kInfoFile, where + ": \"columns\" names chosen/rejected but \"ranking\" is not true");
    std::error_code ec;
    if (!fs::is_regular_file(dir / file, ec)) return problem(kInfoFile, where + ": file_name " + file + " does not exist");
    sharegpt(file, spec);
}

void Checker::datasetInfo() {
    std::string error;
    simdjson::dom::parser parser;
    object datasets;
    const auto loaded = parser.load((dir / kInfoFile).string());
    if (loaded.error()) return problem(kInfoFile, std::string("malformed JSON: ") + simdjson::error_message(loaded.error()));
    if (loaded.value_unsafe().get(datasets)) return problem(kInfoFile, "is not an object of datasets");
    for (const auto field : datasets) datasetInfoEntry(field.key, field.value);
    if (datasets.size() == 0) problem(kInfoFile, "names no dataset");
}

// No dataset_info.json: the data files say what they are.
void Checker::guess() {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string(), ext = e.path().extension().string();
        if (e.is_regular_file(ec) && (ext == ".json" || ext == ".jsonl") && name != kManifestFile) files.push_back(name);
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) return problem(".", "no dataset_info.json and no .json or .jsonl data file");
    for (const std::string& file : files) {
        simdjson::dom::parser parser;
        std::string error, first;
        // What the first example holds decides the format.
        forEachExample(
            dir / file,
            [&](element e, long) {
                element ignored;
                if (first.empty()) first = !e["prompt"].get(ignored) ? "trl" : !e["conversations"].get(ignored) ? "dpo"
                                                                       : !e["messages"].get(ignored)        ? "sft" : "?";
            },
            [](long, const std::string&) {}, &error);
        if (first == "trl" || (first.empty() && file.ends_with(".jsonl"))) {
            trl(file);
            continue;
        }
        SharegptSpec spec;
        if (first == "dpo") {
            spec.ranking = true, spec.chosen = "chosen", spec.rejected = "rejected", spec.images = "images";
        } else if (first == "sft") {
            spec.messages = "messages", spec.images = "images", spec.roleTag = "role", spec.contentTag = "content";
            spec.userTag = "user", spec.assistantTag = "assistant";
        } else {
            problem(file, error.empty() ? "holds no examples of a format we know (prompt, conversations or messages)" : error);
            continue;
        }
        problem(kInfoFile, std::string("is missing: LLaMA-Factory needs an entry for ") + file + " with formatting sharegpt" +
                               (spec.ranking ? ", \"ranking\": true" : "") + " and its columns");
        sharegpt(file, spec);
    }
}

// Our own export: the files must still be the ones its content hash covers.
void Checker::manifest() {
    if (!isOurExport(dir)) return;
    simdjson::dom::parser parser;
    object m;
    std::string_view hash;
    std::int64_t pairs = -1;
    if (parser.load((dir / kManifestFile).string()).get(m) || m["content_hash"].get(hash))
        return problem(kManifestFile, "has no content_hash");
    for (const char* what : {"pairs", "examples"})  // an export of pairs, or of frames (--from frames)
        if (!m["counts"][what].get(pairs) && pairs != report.entries)
            problem(kManifestFile, "counts " + std::to_string(pairs) + " " + what + ", the data file holds " +
                                       std::to_string(report.entries));
    std::vector<DatasetFile> files;  // as the export hashed them: its listed files, then the images in order
    simdjson::dom::array listed;
    if (!m["files"].get(listed))
        for (element f : listed)
            if (std::string_view name; !f.get(name)) files.push_back({std::string(name)});
    for (const std::string& path : images) files.push_back({path});
    for (DatasetFile& f : files) {
        const fs::path p = fs::path(f.relPath).is_absolute() ? fs::path(f.relPath) : dir / f.relPath;
        if (const auto digest = hashFile(p)) f.size = digest->size, f.hash = digest->hash;
    }
    if (hashToHex(contentHash(files)) != hash)
        problem(kManifestFile, "content_hash " + std::string(hash) + " does not match the files (" +
                                   hashToHex(contentHash(files)) + "): the folder changed since it was exported");
}

}  // namespace

std::string CheckProblem::text() const {
    return file + ": " + (entry >= 0 ? "entry " + std::to_string(entry) + ": " : std::string()) + message;
}

CheckReport checkDataset(const fs::path& dir) {
    Checker c;
    c.dir = dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        c.problem(dir.string(), "is not a folder");
        return c.report;
    }
    if (fs::exists(dir / kInfoFile, ec)) c.datasetInfo();
    else c.guess();
    c.manifest();
    return c.report;
}

}  // namespace corevla::dataset
