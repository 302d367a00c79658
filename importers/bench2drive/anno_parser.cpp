// SPDX-License-Identifier: MIT
#include "importers/bench2drive/anno_parser.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <numbers>

#include <simdjson.h>

#include "importers/bench2drive/bench2drive_json.h"
#include "importers/common/file_io.h"
#include "importers/common/parallel.h"
#include "storage/json_writer.h"

namespace corevla::importers {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr double kDegToRad = std::numbers::pi / 180.0;

// Reads a whole file into buf, reusing its capacity (no per-frame allocation
// once the largest file has been seen).
bool readInto(const std::filesystem::path& path, std::string& buf, std::string* error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (error) *error = errno == ENOENT ? "does not exist" : std::string("cannot be read: ") + std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        if (error) *error = "cannot be read (not a regular file)";
        return false;
    }
    buf.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < buf.size()) {
        const ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    buf.resize(got);  // a file that shrank while being read reads as truncated
    return true;
}

// Nested arrays of numbers (matrices) as compact JSON; anything else is null.
void writeNumbers(JsonWriter& w, element e) {
    simdjson::dom::array array;
    double value;
    if (e.get_array().get(array) == simdjson::SUCCESS) {
        w.beginArray();
        for (element child : array) writeNumbers(w, child);
        w.endArray();
    } else if (jsonNumber(e, value)) {
        w.number(value);
    } else {
        w.null();
    }
}

SensorCalibration calibrationOf(std::string_view id, std::string folder, element sensor) {
    SensorCalibration c;
    c.sensorId = std::string(id);
    c.folder = std::move(folder);
    c.width = toInteger<int>(numberOr(sensor, "image_size_x", 0)).value_or(0);
    c.height = toInteger<int>(numberOr(sensor, "image_size_y", 0)).value_or(0);
    c.fovDeg = numberOr(sensor, "fov", 0);
    JsonWriter w;
    w.beginObject();
    for (std::string_view key : {"intrinsic", "cam2ego", "world2cam"}) {
        w.key(key);
        element matrix;
        if (sensor[key].get(matrix) == simdjson::SUCCESS) writeNumbers(w, matrix);
        else w.null();
    }
    w.key("fov");
    if (c.fovDeg > 0) w.number(c.fovDeg);
    else w.null();
    w.key("width").integer(c.width);
    w.key("height").integer(c.height);
    w.endObject();
    c.json = w.take();
    return c;
}

void readBox(object box, SceneObject& o) {
    bool located = false;
    for (auto field : box) {
        const std::string_view k = field.key;
        const element v = field.value;
        double d;
        if (k == "class") {
            std::string_view s;
            if (v.get_string().get(s) == simdjson::SUCCESS) o.cls.assign(s);
        } else if (k == "id") {
            o.id = jsonText(v);
        } else if (k == "location" || (k == "center" && !located)) {  // center only stands in
            o.x = static_cast<float>(jsonArrayNumber(v, 0, o.x));
            o.y = static_cast<float>(jsonArrayNumber(v, 1, o.y));
            located = k == "location";
        } else if (k == "rotation") {
            o.yaw = static_cast<float>(jsonArrayNumber(v, 2, 0) * kDegToRad);  // [pitch, roll, yaw]
        } else if (k == "extent") {
            o.length = static_cast<float>(2 * jsonArrayNumber(v, 0, 0));  // CARLA extents are half sizes
            o.width = static_cast<float>(2 * jsonArrayNumber(v, 1, 0));
        } else if (k == "speed" && jsonNumber(v, d)) {
            o.speed = static_cast<float>(d);
        }
    }
}

}  // namespace

std::string cameraFolderOf(std::string_view sensorId) {
    std::string_view rest;
    if (sensorId.starts_with("CAM_")) rest = sensorId.substr(4);
    else if (sensorId == "TOP_DOWN") rest = sensorId;
    else return {};
    std::string folder = "rgb_";
    for (char c : rest) folder += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return folder;
}

struct AnnoParser::Impl {
    simdjson::dom::parser parser;
    std::string raw, json, scratch;

    bool parse(std::string_view gz, AnnoFrame& out, bool withCalibration, std::string* error);
};

AnnoParser::AnnoParser() : m_impl(std::make_unique<Impl>()) {}
AnnoParser::~AnnoParser() = default;

bool AnnoParser::parse(std::string_view gz, AnnoFrame& out, bool withCalibration, std::string* error) {
    return m_impl->parse(gz, out, withCalibration, error);
}

bool AnnoParser::parseFile(const std::filesystem::path& path, AnnoFrame& out, bool withCalibration,
                           FileDigest* digest, std::string* error) {
    if (!readInto(path, m_impl->raw, error)) return false;
    if (digest) {
        digest->size = static_cast<std::int64_t>(m_impl->raw.size());
        digest->hash = hashBytes(m_impl->raw.data(), m_impl->raw.size());
    }
    return m_impl->parse(m_impl->raw, out, withCalibration, error);
}

bool AnnoParser::Impl::parse(std::string_view gz, AnnoFrame& out, bool withCalibration, std::string* error) {
    if (!gunzip(gz, json, error)) return false;
    const bool padded = json.capacity() - json.size() >= simdjson::SIMDJSON_PADDING;
    element doc;
    if (!parseJsonLenient(parser, json, padded, scratch, doc, error)) return false;
    object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS) {
        if (error) *error = "is not a JSON object";
        return false;
    }

    Frame& f = out.frame;
    double theta = 0, value;
    bool speedSeen = false;
    for (auto field : root) {
        const std::string_view k = field.key;
        const element v = field.value;
        if (k == "x") jsonNumber(v, f.egoX);
        else if (k == "y") jsonNumber(v, f.egoY);
        else if (k == "theta") jsonNumber(v, theta);
        else if (k == "speed") {
            if (jsonNumber(v, value)) {
                f.speed = value;
                speedSeen = true;
            }
        } else if (k == "throttle" && jsonNumber(v, value)) f.model.throttle = static_cast<float>(value);
        else if (k == "steer" && jsonNumber(v, value)) f.model.steer = static_cast<float>(value);
        else if (k == "brake" && jsonNumber(v, value)) f.model.brake = static_cast<float>(value);
        else if (k == "acceleration") {
            // The IMU's x (longitudinal, signed: braking < 0); its norm would be
            // dominated by gravity on z.
            if (!jsonNumber(v, f.accel)) f.accel = jsonArrayNumber(v, 0, 0);
        } else if (k == "bounding_boxes") {
            simdjson::dom::array boxes;
            if (v.get_array().get(boxes) != simdjson::SUCCESS) continue;
            f.objects.clear();
            f.objects.reserve(boxes.size());
            for (element b : boxes) {
                object box;
                if (b.get_object().get(box) != simdjson::SUCCESS) continue;
                readBox(box, f.objects.emplace_back());
            }
        } else if (k == "sensors" && withCalibration) {
            object sensors;
            if (v.get_object().get(sensors) != simdjson::SUCCESS) continue;
            for (auto sensor : sensors) {
                std::string folder = cameraFolderOf(sensor.key);
                if (folder.empty() || !sensor.value.is_object()) continue;
                out.cameras.push_back(calibrationOf(sensor.key, std::move(folder), sensor.value));
            }
        }
    }
    if (!std::isfinite(theta)) theta = 0;  // formats.md 1.2: NaN/None compass reads as 0
    f.egoYaw = theta - std::numbers::pi / 2;
    out.speedNull = !speedSeen;
    if (!speedSeen) f.speed.reset();
    return true;
}

std::optional<std::vector<AnnoFileResult>> parseAnnoFiles(const std::vector<std::filesystem::path>& files,
                                                          const AnnoBatchOptions& options) {
    const int threads = std::min<int>(resolveThreads(options.threads), std::max<std::size_t>(files.size(), 1));
    std::vector<std::unique_ptr<AnnoParser>> parsers(threads);
    for (auto& p : parsers) p = std::make_unique<AnnoParser>();
    std::vector<AnnoFileResult> results(files.size());
    const std::size_t n = files.size();
    const std::string total = "/" + std::to_string(n);
    const bool ok = parallelFor(
        n, threads, options.cancel,
        [&](std::size_t i, int worker) {
            AnnoFileResult& r = results[i];
            r.ok = parsers[worker]->parseFile(files[i], r.anno, options.calibrationOfFirst && i == 0,
                                              options.hash ? &r.digest : nullptr, &r.error);
            if (!options.hash) {
                std::error_code ec;
                r.digest.size = static_cast<std::int64_t>(std::filesystem::file_size(files[i], ec));
            }
        },
        [&](std::size_t done) {
            if (options.progress && (done % 16 == 0 || done == n))
                options.progress(static_cast<double>(done) / std::max<std::size_t>(n, 1),
                                 "anno " + std::to_string(done) + total);
        });
    if (!ok) return std::nullopt;
    return results;
}

std::vector<NumberedFile> listNumberedFiles(const std::filesystem::path& dir, std::string_view suffix) {
    std::vector<NumberedFile> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
        const std::string_view stem(name.data(), name.size() - suffix.size());
        int number = 0;
        const auto [ptr, err] = std::from_chars(stem.data(), stem.data() + stem.size(), number);
        if (err != std::errc() || ptr != stem.data() + stem.size() || number < 0) continue;
        out.push_back({number, it->path()});
    }
    std::sort(out.begin(), out.end(), [](const NumberedFile& a, const NumberedFile& b) {
        return a.number != b.number ? a.number < b.number : a.path < b.path;
    });
    return out;
}

}  // namespace corevla::importers
