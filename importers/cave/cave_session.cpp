// SPDX-License-Identifier: MIT
#include "importers/cave/cave_session.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <system_error>

#include <simdjson.h>

#include "importers/common/file_io.h"
#include "importers/media/video_probe.h"
#include "storage/hash.h"
#include "storage/json_writer.h"

namespace corevla::importers {
namespace fs = std::filesystem;
using simdjson::dom::element;

namespace {

constexpr int kReadableMajor = 1;

// Our extension (cave-session.md): "infraction:<key> <text>", a Bench2Drive
// infraction the closed loop's runs log where it happened.
constexpr std::string_view kInfractionPrefix = "infraction:";
void infractionEvent(std::string_view rest, Event& e) {
    const std::size_t space = rest.find(' ');
    e.kind = EventKind::Infraction;
    e.category = std::string(rest.substr(0, space));
    e.text = space == std::string_view::npos ? std::string() : std::string(rest.substr(space + 1));
}

// Keys that become Recording fields or cameras; everything else is metadata.
constexpr std::array<std::string_view, 8> kMappedKeys{"format", "session_id", "scenario", "town",
                                                      "weather", "control_hz", "cameras", "attention"};

fs::path sessionFolder(const fs::path& path) {
    fs::path dir = path.filename() == "session.json" ? path.parent_path() : path;
    if (dir.empty()) dir = ".";
    return dir.has_filename() ? dir : dir.parent_path();
}

std::string num(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", value);
    return buf;
}

// "1", 1, 1.2 and "1.2.0" all have major version 1.
std::optional<long> majorVersion(element value) {
    if (double number; value.get_double().get(number) == simdjson::SUCCESS) return toInteger<long>(std::floor(number));
    if (int64_t integer; value.get_int64().get(integer) == simdjson::SUCCESS) return long(integer);
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS || text.empty() || !std::isdigit((unsigned char)text[0]))
        return std::nullopt;
    return std::strtol(std::string(text).c_str(), nullptr, 10);
}

Controls readControls(element object) {
    return {float(numberOr(object, "throttle", 0)), float(numberOr(object, "steer", 0)),
            float(numberOr(object, "brake", 0))};
}

std::string metadataOf(simdjson::dom::object root) {
    JsonWriter writer;
    writer.beginObject();
    for (auto [key, value] : root) {
        if (std::find(kMappedKeys.begin(), kMappedKeys.end(), key) != kMappedKeys.end()) continue;
        writer.key(key).raw(simdjson::to_string(value));
    }
    writer.endObject();
    return writer.take();
}

std::vector<CaveVideo> videoEntries(element root, const std::string& sessionFile, ImportResult& result) {
    std::vector<CaveVideo> videos;
    simdjson::dom::array cameras;
    const auto camerasField = root["cameras"];
    if (camerasField.error()) {
        videos.push_back({"front", "front.mp4", 90, false});  // the format's one required camera
    } else if (camerasField.get_array().get(cameras) != simdjson::SUCCESS) {
        result.error(sessionFile, "\"cameras\" is not a list; using front.mp4");
        videos.push_back({"front", "front.mp4", 90, false});
    } else {
        int i = 0;
        for (element camera : cameras) {
            std::string file = stringOr(camera, "file");
            if (file.empty()) {
                result.error(sessionFile, "cameras[" + std::to_string(i++) + "] has no \"file\"; skipped");
                continue;
            }
            std::string name = stringOr(camera, "name", fs::path(file).stem().string());
            videos.push_back({std::move(name), std::move(file), numberOr(camera, "fov_deg", 0), false});
            ++i;
        }
    }
    if (std::string attention = stringOr(root, "attention"); !attention.empty())
        videos.push_back({"attention", std::move(attention), 0, true});
    return videos;
}

// Every authority == driver span must be a takeover. Events logged by the
// simulator are trusted; spans they do not cover get events derived from the
// authority edges: start at the first driver tick, end at the last one (the
// takeover's frames, inclusive, as segments count them).
void completeTakeovers(Recording& rec, const std::string& logName, ImportResult& result) {
    const int n = int(rec.frames.size());
    std::vector<std::pair<int, int>> spans;  // first and last driver tick
    for (int i = 0; i < n; ++i) {
        if (rec.frames[i].authority != Authority::Driver) continue;
        if (spans.empty() || spans.back().second != i - 1) spans.push_back({i, i});
        else spans.back().second = i;
    }
    std::vector<Event> derived;
    auto derive = [&](EventKind kind, int frame) {
        derived.push_back({kind, frame, rec.frames[frame].t, {}, "derived from authority", {}, {}, {}});
    };
    std::vector<std::pair<int, int>> marked;  // takeovers the log's own events mark, inclusive
    int open = -1;
    for (const Event& e : rec.events) {
        if (e.kind == EventKind::TakeoverStart && open < 0) {
            open = e.frame;
        } else if (e.kind == EventKind::TakeoverEnd) {
            if (open >= 0) {
                marked.push_back({open, e.frame});
            } else {
                // An end without a start (logged at the last driver tick or the
                // first model tick): its start is the span's first tick.
                const auto span = std::find_if(spans.begin(), spans.end(), [&](auto s) {
                    return s.first <= e.frame && e.frame <= s.second + 1;
                });
                if (span != spans.end()) {
                    derive(EventKind::TakeoverStart, span->first);
                    marked.push_back({span->first, e.frame});
                }
            }
            open = -1;
        }
    }
    if (open >= 0) marked.push_back({open, n - 1});
    for (const auto& span : spans) {
        const int first = span.first, last = span.second;  // clang 14 cannot capture structured bindings
        if (std::any_of(marked.begin(), marked.end(), [&](auto m) { return m.first <= last && first <= m.second; }))
            continue;
        derive(EventKind::TakeoverStart, first);
        derive(EventKind::TakeoverEnd, last);
        if (!marked.empty()) {
            result.warn(logName, "the driver drives from t = " + num(rec.frames[first].t) + " s to " +
                                     num(rec.frames[last].t) + " s without takeover events; derived from authority");
        }
    }
    if (derived.empty()) return;
    rec.events.insert(rec.events.end(), derived.begin(), derived.end());
    std::stable_sort(rec.events.begin(), rec.events.end(),
                     [](const Event& a, const Event& b) { return a.frame < b.frame; });
}

void addMedia(Recording& rec, const fs::path& dir, const std::string& rel, const ImportOptions& options,
              ImportResult& result) {
    std::error_code ec;
    const fs::path path = dir / rel;
    if (!fs::exists(path, ec)) return;
    MediaFile media{rel, 0, 0};
    if (options.hashMedia) {
        std::string why;
        const auto digest = hashFile(path, &why);
        if (!digest) {
            result.error(path.string(), why);
            return;
        }
        media.size = digest->size;
        media.hash = digest->hash;
    } else {
        media.size = std::int64_t(fs::file_size(path, ec));
    }
    rec.media.push_back(std::move(media));
}

void markMissing(Recording& rec, std::size_t camera, std::size_t fromFrame) {
    if (camera >= 32) return;
    for (std::size_t i = fromFrame; i < rec.frames.size(); ++i) rec.frames[i].missingCameras |= 1u << camera;
}

bool cancelled(const ImportOptions& options) { return options.cancel && options.cancel->cancelled(); }

}  // namespace

void parseCaveLog(std::string_view text, const std::string& logName, Recording& rec, ImportResult& result,
                  const ImportOptions& options) {
    simdjson::dom::parser parser;  // one parser for every line: its buffers are reused
    rec.frames.reserve(std::count(text.begin(), text.end(), '\n') + 1);
    Decision inForce;
    std::size_t lineNo = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (std::all_of(line.begin(), line.end(), [](char c) { return std::isspace((unsigned char)c); })) continue;
        if ((lineNo & 4095) == 0) {
            if (cancelled(options)) return;
            if (options.progress) options.progress(0.05 + 0.65 * double(pos) / text.size(), "log.jsonl");
        }
        // Built only when a line has something to report: most lines have nothing.
        const auto where = [&] { return logName + ":" + std::to_string(lineNo); };
        element doc;
        // The caller guarantees the padding, so simdjson reads the line in place.
        if (auto error = parser.parse(line.data(), line.size(), false).get(doc)) {
            result.error(where(), std::string("malformed JSON: ") + simdjson::error_message(error));
            continue;
        }
        if (!doc.is_object()) {
            result.error(where(), "malformed JSON: not an object");
            continue;
        }
        const auto t = optNumber(doc, "t");
        if (!t || !std::isfinite(*t)) {
            result.error(where(), "has no number \"t\"; line skipped");
            continue;
        }
        if (!rec.frames.empty() && *t <= rec.frames.back().t) {
            result.error(where(), "t = " + num(*t) + " is not after the previous line's t = " +
                                    num(rec.frames.back().t) + "; line skipped");
            continue;
        }
        Frame f;
        f.index = int(rec.frames.size());
        f.t = *t;
        if (element ego; doc["ego"].get(ego) == simdjson::SUCCESS) {
            f.egoX = numberOr(ego, "x", 0);
            f.egoY = numberOr(ego, "y", 0);
            f.egoYaw = numberOr(ego, "yaw", 0);
            f.speed = optNumber(ego, "speed");
            f.accel = numberOr(ego, "accel", 0);
        }
        const std::string authority = stringOr(doc, "authority", "model");
        f.authority = authority == "driver" ? Authority::Driver : Authority::Model;
        if (authority != "driver" && authority != "model")
            result.warn(where(), "authority \"" + authority + "\" is neither model nor driver; taken as model");

        std::string speedCmd, dirCmd, reasoning;
        if (element model; doc["model"].get(model) == simdjson::SUCCESS) {
            f.model = readControls(model);
            speedCmd = stringOr(model, "speed_cmd");
            dirCmd = stringOr(model, "dir_cmd");
            reasoning = stringOr(model, "reasoning");
            if (simdjson::dom::array points; model["waypoints"].get(points) == simdjson::SUCCESS) {
                for (element point : points) {
                    double x, y;
                    if (point.at(0).get(x) == simdjson::SUCCESS && point.at(1).get(y) == simdjson::SUCCESS)
                        f.waypoints.emplace_back(float(x), float(y));
                }
            }
        }
        if (element driver; doc["driver"].get(driver) == simdjson::SUCCESS) f.driver = readControls(driver);
        // Our extension (docs/cave-session.md): the scene around the ego, world frame.
        if (simdjson::dom::array objects; doc["objects"].get(objects) == simdjson::SUCCESS) {
            for (element o : objects) {
                if (!o.is_object()) continue;
                SceneObject obj;
                obj.cls = stringOr(o, "class");
                obj.id = stringOr(o, "id");
                obj.x = float(numberOr(o, "x", 0));
                obj.y = float(numberOr(o, "y", 0));
                obj.yaw = float(numberOr(o, "yaw", 0));
                obj.length = float(numberOr(o, "length", 0));
                obj.width = float(numberOr(o, "width", 0));
                obj.speed = float(numberOr(o, "speed", 0));
                if (!obj.cls.empty()) f.objects.push_back(std::move(obj));
            }
        }

        // A decision holds until the next: a new one starts where the model
        // wrote reasoning or where its meta-action changed.
        if (speedCmd.empty()) speedCmd = inForce.speedCmd;
        if (dirCmd.empty()) dirCmd = inForce.dirCmd;
        const bool changed = speedCmd != inForce.speedCmd || dirCmd != inForce.dirCmd;
        if (!reasoning.empty() || changed) {
            inForce = Decision{f.index, f.t, speedCmd, dirCmd, std::move(reasoning), {}, "log"};
            rec.decisions.push_back(inForce);
        }
        f.speedCmd = speedCmd;
        f.dirCmd = dirCmd;

        if (simdjson::dom::array events; doc["events"].get(events) == simdjson::SUCCESS) {
            for (element value : events) {
                std::string_view name;
                if (value.get_string().get(name) != simdjson::SUCCESS) {
                    result.warn(where(), "an event is not a string; ignored");
                    continue;
                }
                Event e{EventKind::Note, f.index, f.t, {}, {}, {}, {}, {}};
                if (name == "takeover_start") e.kind = EventKind::TakeoverStart;
                else if (name == "takeover_end") e.kind = EventKind::TakeoverEnd;
                else if (name == "collision") e.kind = EventKind::Collision;
                else if (name == "bookmark") e.kind = EventKind::Bookmark;
                else if (name.starts_with(kInfractionPrefix)) infractionEvent(name.substr(kInfractionPrefix.size()), e);
                else e.text = std::string(name);
                rec.events.push_back(std::move(e));
            }
        }
        rec.frames.push_back(std::move(f));
    }
    if (!rec.frames.empty()) completeTakeovers(rec, logName, result);
}

bool parseCaveSession(std::string_view text, const std::string& sessionFile, CaveSessionInfo& info,
                      ImportResult& result) {
    std::string why;
    simdjson::dom::parser parser;
    element root;
    if (!parseJson(parser, text, root, &why)) {
        result.error(sessionFile, why);
        return false;
    }
    if (!root.is_object()) {
        result.error(sessionFile, "is not a JSON object");
        return false;
    }
    const std::string format = stringOr(root, "format");
    if (format != "cave-session") {
        result.error(sessionFile, format.empty() ? "has no \"format\" (expected \"cave-session\")"
                                                 : "format is \"" + format + "\", not \"cave-session\"");
        return false;
    }
    element versionField;
    if (root["version"].get(versionField) != simdjson::SUCCESS) {
        result.error(sessionFile, "has no \"version\"");
        return false;
    }
    const auto major = majorVersion(versionField);
    if (!major || *major < 1) {
        result.error(sessionFile, "format version " + simdjson::to_string(versionField) + " is not understood");
        return false;
    }
    if (*major > kReadableMajor) {
        result.error(sessionFile, "format version " + std::to_string(*major) +
                                      " is newer than this program reads (" + std::to_string(kReadableMajor) +
                                      "); update CoReVLA Workstation");
        return false;
    }
    if (std::string_view id; root["session_id"].get_string().get(id) == simdjson::SUCCESS) info.sessionId = std::string(id);
    info.scenario = stringOr(root, "scenario");
    info.town = stringOr(root, "town");
    info.weather = stringOr(root, "weather");
    info.controlHz = optNumber(root, "control_hz");
    info.metadataJson = metadataOf(root.get_object().value_unsafe());
    info.videos = videoEntries(root, sessionFile, result);
    return true;
}

bool CaveSessionImporter::recognises(const fs::path& path) const {
    std::error_code ec;
    const fs::path file = sessionFolder(path) / "session.json";
    if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) > (1u << 20)) return false;
    std::string why;
    const auto text = readFile(file, &why);
    simdjson::dom::parser parser;
    element root;
    return text && parseJson(parser, *text, root, &why) && stringOr(root, "format") == "cave-session";
}

ImportResult CaveSessionImporter::readPath(const fs::path& path, const ImportOptions& options) const {
    ImportResult result;
    const fs::path dir = sessionFolder(path);
    const std::string sessionFile = (dir / "session.json").string();
    const std::string logFile = (dir / "log.jsonl").string();
    auto progress = [&](double fraction, const std::string& what) {
        if (options.progress) options.progress(fraction, what);
    };

    // session.json: refuse what this program cannot read before anything else.
    std::string why;
    const auto sessionText = readFile(dir / "session.json", &why);
    if (!sessionText) {
        result.error(sessionFile, why);
        return result;
    }
    CaveSessionInfo session;
    if (!parseCaveSession(*sessionText, sessionFile, session, result)) return result;

    Recording rec;
    rec.source = SourceKind::CaveSession;
    std::error_code ec;
    fs::path absolute = fs::absolute(dir, ec).lexically_normal();
    if (!absolute.has_filename()) absolute = absolute.parent_path();  // "s03/." -> ".../s03"
    rec.root = absolute.string();
    rec.name = session.sessionId.value_or(absolute.filename().string());
    rec.scenario = std::move(session.scenario);
    rec.town = std::move(session.town);
    rec.weather = std::move(session.weather);
    rec.metadataJson = std::move(session.metadataJson);
    const auto controlHz = session.controlHz;
    const std::vector<CaveVideo>& videos = session.videos;
    progress(0.05, "session.json");

    // log.jsonl, padded once so that simdjson parses every line in place.
    auto logText = readFile(dir / "log.jsonl", &why);
    if (!logText) {
        result.error(logFile, why);
        return result;
    }
    const std::size_t logSize = logText->size();
    logText->append(simdjson::SIMDJSON_PADDING, '\0');
    parseCaveLog(std::string_view(logText->data(), logSize), logFile, rec, result, options);
    // Both text files are in memory already: hash them here rather than read them again.
    const auto inMemory = [&](const char* rel, std::string_view bytes) {
        return MediaFile{rel, std::int64_t(bytes.size()), options.hashMedia ? hashBytes(bytes.data(), bytes.size()) : 0};
    };
    const MediaFile sessionMedia = inMemory("session.json", *sessionText);
    const MediaFile logMedia = inMemory("log.jsonl", std::string_view(logText->data(), logSize));
    logText.reset();
    if (cancelled(options)) {
        result.cancelled = true;
        return result;
    }
    if (rec.frames.empty()) {
        result.error(logFile, "holds no readable control tick");
        return result;
    }
    if (controlHz && *controlHz > 0) {
        rec.fps = *controlHz;
    } else if (rec.frames.size() > 1) {
        rec.fps = (rec.frames.size() - 1) / (rec.frames.back().t - rec.frames.front().t);
        result.warn(sessionFile, "has no \"control_hz\"; the log's mean rate " + num(rec.fps) + " Hz is used");
    }
    rec.durationS = rec.frames.back().t - rec.frames.front().t + 1.0 / rec.fps;
    progress(0.7, "videos");

    // Videos: a failed one stays listed (its frames are marked missing) so
    // that the log still imports; the error names the file.
    const double lastT = rec.frames.back().t;
    for (const CaveVideo& video : videos) {
        Camera camera;
        camera.name = video.name;
        camera.kind = MediaKind::Video;
        camera.pattern = video.file;
        camera.fovDeg = video.fovDeg;
        camera.isAttention = video.attention;
        const std::size_t index = rec.cameras.size();
        const std::string shown = (dir / video.file).string();
        const auto info = probeVideo(dir / video.file, &why);
        if (!info || !info->decodes) {
            result.error(shown, info ? info->decodeError : why);
            markMissing(rec, index, 0);
        } else {
            camera.width = info->width;
            camera.height = info->height;
            camera.videoFps = info->fps;
            const std::int64_t lastIndex = std::llround(lastT * info->fps);
            if (lastIndex >= info->frameCount) {
                // Ticks past the video's end have no image; say so once.
                const auto first = std::find_if(rec.frames.begin(), rec.frames.end(), [&](const Frame& f) {
                    return std::llround(f.t * info->fps) >= info->frameCount;
                });
                result.warn(shown, "has " + std::to_string(info->frameCount) + " frames (" +
                                       num(info->frameCount / info->fps) + " s) but the log runs to " +
                                       num(lastT) + " s; " + std::to_string(rec.frames.end() - first) +
                                       " ticks have no image");
                markMissing(rec, index, std::size_t(first - rec.frames.begin()));
            }
            if (video.attention && !rec.cameras.empty() && rec.cameras[0].width > 0 &&
                (camera.width != rec.cameras[0].width || camera.height != rec.cameras[0].height)) {
                result.warn(shown, "attention video size differs from " + rec.cameras[0].pattern);
            }
        }
        rec.cameras.push_back(std::move(camera));
        if (cancelled(options)) {
            result.cancelled = true;
            return result;
        }
    }

    progress(0.8, "hashing media");
    rec.media.push_back(sessionMedia);
    rec.media.push_back(logMedia);
    for (const CaveVideo& video : videos) addMedia(rec, dir, video.file, options, result);
    progress(1.0, rec.name);
    result.recordings.push_back(std::move(rec));
    return result;
}

}  // namespace corevla::importers
