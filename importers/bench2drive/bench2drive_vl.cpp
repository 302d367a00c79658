// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_vl.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>

#include <simdjson.h>

#include "importers/bench2drive/anno_parser.h"
#include "importers/bench2drive/bench2drive_folder.h"
#include "importers/bench2drive/bench2drive_json.h"
#include "importers/common/file_io.h"
#include "importers/common/parallel.h"
#include "importers/common/meta_action.h"

namespace corevla::importers {
namespace fs = std::filesystem;
namespace {

using simdjson::dom::element;

constexpr std::size_t kSniffBytes = 8 * 1024;
constexpr const char* kOrigin = "b2dvl";

// A file's call, or why it is not one.
struct Call {
    bool ok = false;
    std::string error;
    VlCall call;
};

bool isNumberedJson(const fs::path& path) {
    const std::string name = path.filename().string();
    if (name.size() <= 5 || !name.ends_with(".json")) return false;
    return std::all_of(name.begin(), name.end() - 5, [](char c) { return c >= '0' && c <= '9'; });
}

// Items of QA, which is {"Category": [...]} (inference) or
// {perception|prediction|planning|behaviour: [...]}: every array counts.
template <typename Fn>
void forEachQa(element qa, Fn&& fn) {
    simdjson::dom::object groups;
    if (qa.get_object().get(groups) != simdjson::SUCCESS) return;
    for (auto [key, list] : groups) {
        simdjson::dom::array items;
        if (list.get_array().get(items) != simdjson::SUCCESS) continue;
        for (element item : items) fn(item);
    }
}

void readCall(const fs::path& path, simdjson::dom::parser& parser, std::string& scratch, Call& call) {
    auto text = readFile(path, &call.error);
    call.ok = text && parseVlCall(*text, parser, scratch, call.call, &call.error);
}

}  // namespace

bool parseVlCall(std::string_view text, simdjson::dom::parser& parser, std::string& scratch, VlCall& call,
                 std::string* error) {
    element doc;
    if (!parseJsonLenient(parser, text, false, scratch, doc, error)) return false;
    const auto frameNumber = optNumber(doc, "frame_number");
    const auto frame = frameNumber ? toInteger<int>(*frameNumber) : std::nullopt;
    element qa;
    if (frameNumber && !frame) {
        if (error) *error = "frame_number is out of range";
        return false;
    }
    if (!frame || doc["QA"].get(qa) != simdjson::SUCCESS) {
        if (error) *error = "is not a Bench2Drive-VL inference file (no frame_number or QA)";
        return false;
    }
    call.frame = *frame;
    call.scenario = stringOr(doc, "scenario");
    bool have50 = false, have43 = false;
    forEachQa(qa, [&](element item) {
        const auto qid = optNumber(item, "qid");
        if (!qid) return;
        if (*qid == 50 && !have50) {
            have50 = true;
            call.question = stringOr(item, "Q");
            if (call.question.empty()) call.question = stringOr(item, "actual_Q");
            call.answer50 = stringOr(item, "VLM_answer");
        } else if (*qid == 43 && !have43) {
            have43 = true;
            call.answer43 = stringOr(item, "VLM_answer");
        }
    });
    return true;
}

bool Bench2DriveVlImporter::recognises(const fs::path& path) const {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return false;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        if (!isNumberedJson(it->path())) continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::string head(kSniffBytes, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        return head.find("\"frame_number\"") != std::string::npos && head.find("\"scenario\"") != std::string::npos;
    }
    return false;
}

static ImportResult readInferenceFolder(const fs::path& path, const ImportOptions& options) {
    ImportResult result;
    const auto files = listNumberedFiles(path, ".json");
    if (files.empty()) {
        result.error(path.string(), "has no NNNNN.json Bench2Drive-VL inference files");
        return result;
    }
    const int threads = std::min<int>(resolveThreads(options.threads), static_cast<int>(files.size()));
    struct Worker {
        simdjson::dom::parser parser;
        std::string scratch;
    };
    std::vector<std::unique_ptr<Worker>> workers(threads);
    for (auto& w : workers) w = std::make_unique<Worker>();
    std::vector<Call> calls(files.size());
    const bool ok = parallelFor(
        files.size(), threads, options.cancel,
        [&](std::size_t i, int worker) { readCall(files[i].path, workers[worker]->parser, workers[worker]->scratch, calls[i]); },
        [&](std::size_t done) {
            if (options.progress && (done % 16 == 0 || done == files.size()))
                options.progress(double(done) / files.size(),
                                 "inference " + std::to_string(done) + "/" + std::to_string(files.size()));
        });
    if (!ok) {
        result.cancelled = true;
        return result;
    }

    std::vector<VlCall> good;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (calls[i].ok) good.push_back(std::move(calls[i].call));
        else result.error(files[i].path.string(), calls[i].error);
    }
    attachVlCalls(good, path, result);
    if (result.attachments.size() > 1)
        result.warn(path.string(), "files name " + std::to_string(result.attachments.size()) +
                                       " different scenarios; their decisions are attached separately");
    return result;
}

void attachVlCalls(std::vector<VlCall>& calls, const fs::path& folder, ImportResult& result) {
    // The meta-action carries over from the previous call, so walk in time order.
    std::stable_sort(calls.begin(), calls.end(), [](const VlCall& a, const VlCall& b) { return a.frame < b.frame; });
    const fs::path absolute = fs::absolute(folder).lexically_normal();
    const std::string folderName = absolute.filename().string();
    std::vector<MetaAction> previous(result.attachments.size());  // one per attachment, by index
    for (VlCall& call : calls) {
        const std::string target = call.scenario.empty() ? folderName : call.scenario;
        auto it = std::find_if(result.attachments.begin(), result.attachments.end(),
                               [&](const DecisionAttachment& a) { return a.targetName == target; });
        if (it == result.attachments.end()) {
            DecisionAttachment attachment;
            attachment.targetSource = SourceKind::Bench2DriveEval;
            attachment.targetName = target;
            attachment.origin = absolute.string();
            result.attachments.push_back(std::move(attachment));
            previous.emplace_back();
            it = result.attachments.end() - 1;
        }
        MetaAction& last = previous[static_cast<std::size_t>(it - result.attachments.begin())];
        last = parseMetaAction(call.answer50, last);
        Decision d;
        d.frame = call.frame;
        d.t = call.frame / kBench2DriveFps;
        d.speedCmd = last.speed;
        d.dirCmd = last.direction;
        d.reasoning = call.answer43.empty() ? std::move(call.answer50) : std::move(call.answer43);
        d.question = std::move(call.question);
        d.origin = kOrigin;
        it->decisions.push_back(std::move(d));
    }
}

ImportResult Bench2DriveVlImporter::readPath(const fs::path& path, const ImportOptions& options) const {
    return readInferenceFolder(path, options);
}

}  // namespace corevla::importers
