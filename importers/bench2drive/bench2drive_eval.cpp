// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_eval.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <set>

#include <simdjson.h>

#include "importers/bench2drive/bench2drive_folder.h"
#include "importers/bench2drive/bench2drive_json.h"
#include "importers/common/file_io.h"
#include "storage/hash.h"
#include "storage/json_writer.h"

namespace corevla::importers {
namespace fs = std::filesystem;
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::size_t kSniffBytes = 16 * 1024;

struct Results {
    simdjson::dom::parser parser;
    std::string text, scratch;
    simdjson::dom::array records;
    std::string entryStatus;
};

// The results file's text parsed; *error without the file name.
bool parseResults(std::string text, Results& out, std::string* error) {
    out.text = std::move(text);
    element doc;
    if (!parseJsonLenient(out.parser, out.text, false, out.scratch, doc, error)) return false;
    if (doc["_checkpoint"]["records"].get_array().get(out.records) != simdjson::SUCCESS) {
        if (error) *error = "has no _checkpoint.records array (not a Bench2Drive results file)";
        return false;
    }
    out.entryStatus = stringOr(doc, "entry_status");
    return true;
}

bool loadResults(const fs::path& path, Results& out, std::string* error) {
    auto text = readFile(path, error);
    return text && parseResults(std::move(*text), out, error);
}

std::vector<std::string> saveNames(const Results& results) {
    std::vector<std::string> names;
    for (element record : results.records) {
        const std::string name = stringOr(record, "save_name");
        if (!name.empty()) names.push_back(name);
    }
    return names;
}

std::optional<double> numberAfter(std::string_view text, std::string_view key, std::size_t& pos) {
    const auto at = text.find(key, pos);
    if (at == std::string_view::npos) return std::nullopt;
    const char* begin = text.data() + at + key.size();
    double value = 0;
    const auto [ptr, err] = std::from_chars(begin, text.data() + text.size(), value);
    if (err != std::errc()) return std::nullopt;
    pos = static_cast<std::size_t>(ptr - text.data());
    return value;
}

Recording recordingOf(element record) {
    Recording rec;
    rec.source = SourceKind::Bench2DriveEval;
    rec.name = stringOr(record, "save_name");
    rec.routeId = stringOr(record, "route_id");
    if (rec.name.empty()) rec.name = rec.routeId;
    rec.scenario = stringOr(record, "scenario_name");
    rec.town = stringOr(record, "town_name");
    if (const auto weather = optNumber(record, "weather_id")) {
        if (const auto id = toInteger<long long>(*weather)) rec.weather = "Weather" + std::to_string(*id);
    } else if (auto text = stringOr(record, "weather_id"); !text.empty()) rec.weather = "Weather" + text;
    rec.fps = kBench2DriveFps;

    EvalRecord eval;
    eval.routeId = rec.routeId;
    eval.status = stringOr(record, "status");
    element scores, meta;
    if (record["scores"].get(scores) == simdjson::SUCCESS) {
        eval.routeCompletion = numberOr(scores, "score_route", 0);
        eval.penalty = numberOr(scores, "score_penalty", 0);
        eval.drivingScore = numberOr(scores, "score_composed", 0);
    }
    if (record["meta"].get(meta) == simdjson::SUCCESS) {
        eval.routeLength = numberOr(meta, "route_length", 0);
        eval.durationGame = numberOr(meta, "duration_game", 0);
    }
    rec.eval = eval;

    object infractions;
    if (record["infractions"].get_object().get(infractions) == simdjson::SUCCESS) {
        for (auto [key, list] : infractions) {
            simdjson::dom::array items;
            if (list.get_array().get(items) != simdjson::SUCCESS) continue;
            for (element item : items) {
                std::string_view text;
                if (item.get_string().get(text) != simdjson::SUCCESS) continue;
                Event event;
                event.kind = EventKind::Infraction;
                event.category = std::string(key);
                event.text = std::string(text);
                if (const auto at = parseInfractionLocation(text)) {
                    event.x = (*at)[0];
                    event.y = (*at)[1];
                    event.z = (*at)[2];
                }
                rec.events.push_back(std::move(event));
            }
        }
    }

    return rec;
}

// What the record says beyond the core fields, and where the frames came from.
std::string metadataOf(element record, const fs::path& resultsPath, const Results& results,
                       const fs::path* framesFolder) {
    JsonWriter w;
    w.beginObject().key("format").str("bench2drive_eval");
    w.key("results").str(fs::absolute(resultsPath).lexically_normal().string());
    for (const char* key : {"index", "num_infractions"}) {
        const auto value = optNumber(record, key);
        if (const auto integer = value ? toInteger<long long>(*value) : std::nullopt) w.key(key).integer(*integer);
    }
    element meta;
    if (record["meta"].get(meta) == simdjson::SUCCESS) {
        if (const auto d = optNumber(meta, "duration_system")) w.key("duration_system").number(*d, 15);
    }
    if (!results.entryStatus.empty()) w.key("entry_status").str(results.entryStatus);
    if (framesFolder) w.key("frames_folder").str(framesFolder->string());
    w.endObject();
    return w.take();
}

}  // namespace

bool Bench2DriveEvalImporter::recognises(const fs::path& path) const {
    std::error_code ec;
    if (path.extension() != ".json" || !fs::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    std::string head(kSniffBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head.find("\"_checkpoint\"") != std::string::npos;
}

ImportResult readBench2DriveResults(const fs::path& path, std::string text, const ImportOptions& options) {
    ImportResult result;
    Results results;
    std::string error;
    if (!parseResults(std::move(text), results, &error)) {
        result.error(path.string(), error);
        return result;
    }
    const fs::path dir = fs::absolute(path).lexically_normal().parent_path();
    const auto folders = findSavedFrameFolders(dir, saveNames(results));
    const std::size_t count = results.records.size();
    std::size_t i = 0;
    for (element record : results.records) {
        const auto progress = progressRange(options.progress, double(i) / count, double(i + 1) / count);
        ++i;
        if (options.cancel && options.cancel->cancelled()) {
            result.cancelled = true;
            result.recordings.clear();
            return result;
        }
        if (record.type() != simdjson::dom::element_type::OBJECT) {
            result.error(path.string(), "record " + std::to_string(i - 1) + " is not a JSON object");
            continue;
        }
        Recording rec = recordingOf(record);
        rec.root = dir.string();
        // Two evaluations of the same route (before and after refinement) have
        // the same name: what the record says tells them apart.
        const std::string recordText = simdjson::minify(record);
        rec.contentDigest = hashBytes(recordText.data(), recordText.size());
        const auto found = folders.find(rec.name);
        const fs::path* framesFolder = found == folders.end() ? nullptr : &found->second.front();
        rec.metadataJson = metadataOf(record, path, results, framesFolder);
        if (!framesFolder) {
            result.warn(path.string(), "no saved frames found for " + rec.name);
        } else {
            if (found->second.size() > 1)
                result.warn(path.string(), std::to_string(found->second.size()) + " folders are named " + rec.name +
                                               "; frames read from " + found->second.front().string());
            if (!readClipFolder(found->second.front(), rec, result, options, progress)) {
                result.cancelled = true;
                result.recordings.clear();
                return result;
            }
            alignEventsToFrames(rec.events, rec.frames);
        }
        result.recordings.push_back(std::move(rec));
    }
    return result;
}

ImportResult Bench2DriveEvalImporter::readPath(const fs::path& path, const ImportOptions& options) const {
    std::string error;
    auto text = readFile(path, &error);
    if (!text) {
        ImportResult result;
        result.error(path.string(), error);
        return result;
    }
    return readBench2DriveResults(path, std::move(*text), options);
}

std::vector<fs::path> claimedFolders(const fs::path& resultsJson) {
    Results results;
    if (!loadResults(resultsJson, results, nullptr)) return {};
    const auto found = findSavedFrameFolders(fs::absolute(resultsJson).lexically_normal().parent_path(),
                                             saveNames(results));
    std::vector<fs::path> out;
    for (const auto& [name, paths] : found) out.push_back(paths.front());
    return out;
}

std::map<std::string, std::vector<fs::path>> findSavedFrameFolders(const fs::path& dir,
                                                                   const std::vector<std::string>& names,
                                                                   int maxDepth) {
    const std::set<std::string> wanted(names.begin(), names.end());
    std::map<std::string, std::vector<fs::path>> found;
    std::vector<fs::path> level{dir};
    for (int depth = 1; depth <= maxDepth && !level.empty(); ++depth) {
        std::vector<fs::path> nextLevel;
        for (const auto& parent : level) {
            std::error_code ec;
            for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
                std::error_code ec2;
                if (!it->is_directory(ec2) || it->is_symlink(ec2)) continue;  // no link loops
                const std::string name = it->path().filename().string();
                if (name.starts_with('.')) continue;
                const bool clip = isClipFolder(it->path());
                if (clip && wanted.count(name)) found[name].push_back(it->path());
                else if (!clip) nextLevel.push_back(it->path());  // a clip's subfolders are media
            }
        }
        level = std::move(nextLevel);
    }
    for (auto& [name, paths] : found) std::sort(paths.begin(), paths.end());
    return found;
}

std::optional<std::array<double, 3>> parseInfractionLocation(std::string_view text) {
    std::size_t pos = text.rfind("(x=");
    if (pos == std::string_view::npos) return std::nullopt;
    const auto x = numberAfter(text, "x=", pos);
    const auto y = x ? numberAfter(text, "y=", pos) : std::nullopt;
    const auto z = y ? numberAfter(text, "z=", pos) : std::nullopt;
    if (!z) return std::nullopt;
    return std::array<double, 3>{*x, *y, *z};
}

void alignEventsToFrames(std::vector<Event>& events, const std::vector<Frame>& frames) {
    for (Event& event : events) {
        if (!event.x || !event.y || frames.empty()) continue;
        double best = std::numeric_limits<double>::infinity();
        for (const Frame& frame : frames) {
            const double dx = frame.egoX - *event.x, dy = frame.egoY - *event.y;
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                event.frame = frame.index;
                event.t = frame.t;
            }
        }
    }
}

}  // namespace corevla::importers
