// SPDX-License-Identifier: MIT
// Read side of Project: summaries for the library, and the per-recording
// lists the playback views load.
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>

#include "storage/frame_codec.h"
#include "storage/project.h"
#include "storage/query.h"

namespace corevla {
namespace {

constexpr const char* kSummarySelect = R"sql(
SELECT r.id, r.source, r.name, r.scenario, r.town, r.weather, r.route_id, r.root, r.frame_count, r.fps,
       r.duration_s, r.missing_images,
       (SELECT group_concat(name, '|') FROM (SELECT name FROM cameras c WHERE c.recording_id = r.id
                                              AND c.is_attention = 0 ORDER BY position)),
       (SELECT count(*) FROM events e WHERE e.recording_id = r.id AND e.kind = 'takeover_start'),
       (SELECT count(*) FROM events e WHERE e.recording_id = r.id AND e.kind = 'infraction'),
       (SELECT count(*) FROM decisions d WHERE d.recording_id = r.id),
       EXISTS (SELECT 1 FROM decisions d WHERE d.recording_id = r.id AND d.reasoning <> ''),
       v.route_id, v.status, v.route_completion, v.penalty, v.driving_score, v.route_length, v.duration_game
FROM recordings r LEFT JOIN eval_records v ON v.recording_id = r.id
)sql";

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    if (text.empty()) return parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
    return parts;
}

RecordingSummary readSummary(const Statement& q) {
    RecordingSummary s;
    s.id = q.int64(0);
    s.source = sourceKindFromName(q.text(1)).value_or(SourceKind::Bench2DriveClip);
    s.name = q.text(2);
    s.scenario = q.text(3);
    s.town = q.text(4);
    s.weather = q.text(5);
    s.routeId = q.text(6);
    s.root = q.text(7);
    s.frames = q.integer(8);
    s.fps = q.real(9);
    s.durationS = q.real(10);
    s.missingImages = q.integer(11);
    s.cameras = split(q.text(12), '|');
    s.takeovers = q.integer(13);
    s.infractions = q.integer(14);
    s.decisions = q.integer(15);
    s.hasReasoning = q.integer(16) != 0;
    if (!q.isNull(17)) {
        s.eval = EvalRecord{q.text(17), q.text(18), q.real(19), q.real(20), q.real(21), q.real(22), q.real(23)};
    }
    return s;
}

Frame readFrame(const Statement& q) {
    Frame f;
    f.index = q.integer(0);
    f.t = q.real(1);
    f.egoX = q.real(2);
    f.egoY = q.real(3);
    f.egoYaw = q.real(4);
    f.speed = q.optReal(5);
    f.accel = q.real(6);
    f.authority = q.integer(7) ? Authority::Driver : Authority::Model;
    f.model = {float(q.real(8)), float(q.real(9)), float(q.real(10))};
    if (!q.isNull(11)) f.driver = Controls{float(q.real(11)), float(q.real(12)), float(q.real(13))};
    f.speedCmd = q.text(14);
    f.dirCmd = q.text(15);
    f.waypoints = decodeWaypoints(q.blob(16));
    f.objects = decodeObjects(q.blob(17));
    f.missingCameras = static_cast<std::uint32_t>(q.int64(18));
    return f;
}

Event readEvent(const Statement& q) {
    Event e;
    e.kind = eventKindFromName(q.text(0)).value_or(EventKind::Note);
    e.frame = q.integer(1);
    e.t = q.real(2);
    e.category = q.text(3);
    e.text = q.text(4);
    e.x = q.optReal(5);
    e.y = q.optReal(6);
    e.z = q.optReal(7);
    e.id = q.int64(8);
    e.userMade = q.text(9) == "user";
    e.detached = q.integer(10) != 0;
    return e;
}

Decision readDecision(const Statement& q) {
    Decision d{q.integer(0), q.real(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)};
    d.detached = q.integer(7) != 0;
    return d;
}

Camera readCamera(const Statement& q) {
    Camera c;
    c.name = q.text(0);
    c.kind = q.text(1) == "video" ? MediaKind::Video : MediaKind::JpegSequence;
    c.pattern = q.text(2);
    c.width = q.integer(3);
    c.height = q.integer(4);
    c.fovDeg = q.real(5);
    c.videoFps = q.real(6);
    c.isAttention = q.integer(7) != 0;
    c.calibrationJson = q.text(8);
    return c;
}

MediaFile readMedia(const Statement& q) {
    return {q.text(0), q.int64(1), std::strtoull(q.text(2).c_str(), nullptr, 16)};
}

}  // namespace

template <typename T>
std::optional<T> Project::failed(const std::string& what) {
    m_error = m_path + ": " + what + ": " + m_db.lastError();
    return std::nullopt;
}

std::optional<std::vector<RecordingSummary>> Project::recordings() {
    Statement q(m_db, std::string(kSummarySelect) + " ORDER BY r.id");
    auto list = selectAll(q, readSummary);
    return list ? list : failed<std::vector<RecordingSummary>>("cannot list the recordings");
}

std::optional<std::vector<EvalRoute>> Project::evaluationRoutes() {
    // Imported infractions only: the evaluation's record, not a person's notes.
    Statement q(m_db, R"sql(
SELECT r.id, coalesce(CASE WHEN json_valid(r.metadata) THEN json_extract(r.metadata, '$.results') END, ''),
       r.scenario, v.route_id, v.status, v.route_completion, v.penalty, v.driving_score, v.route_length, v.duration_game,
       (SELECT group_concat(e.category, '|') FROM events e
         WHERE e.recording_id = r.id AND e.kind = 'infraction' AND e.origin = 'import')
FROM recordings r JOIN eval_records v ON v.recording_id = r.id ORDER BY 2, r.id)sql");
    auto list = selectAll(q, [](const Statement& row) {
        EvalRoute route;
        route.recordingId = row.int64(0);
        route.evaluation = row.text(1);
        route.scenario = row.text(2);
        route.record = EvalRecord{row.text(3), row.text(4), row.real(5), row.real(6), row.real(7), row.real(8), row.real(9)};
        route.infractions = split(row.text(10), '|');
        return route;
    });
    return list ? list : failed<std::vector<EvalRoute>>("cannot list the evaluation routes");
}

std::optional<RecordingSummary> Project::summary(std::int64_t id) {
    Statement q(m_db, std::string(kSummarySelect) + " WHERE r.id = ?1");
    q.bind(1, id);
    bool error = false;
    auto found = selectOne(q, readSummary, &error);
    if (error) return failed<RecordingSummary>("cannot read recording " + std::to_string(id));
    if (!found) m_error = m_path + ": recording " + std::to_string(id) + " is not in the project";
    return found;
}

std::optional<std::vector<Frame>> Project::frames(std::int64_t id, int first, int last, int limit) {
    Statement q(m_db,
                "SELECT idx, t, ego_x, ego_y, ego_yaw, speed, accel, authority, model_throttle, model_steer,"
                " model_brake, driver_throttle, driver_steer, driver_brake, speed_cmd, dir_cmd, waypoints, objects,"
                " missing_cameras FROM frames WHERE recording_id = ?1 AND idx BETWEEN ?2 AND ?3 ORDER BY idx LIMIT ?4");
    q.bind(1, id).bind(2, first).bind(3, last).bind(4, limit);
    auto list = selectAll(q, readFrame);
    return list ? list : failed<std::vector<Frame>>("cannot read the frames of recording " + std::to_string(id));
}

std::optional<std::vector<Event>> Project::events(std::int64_t id) {
    Statement q(m_db, "SELECT kind, frame, t, category, text, x, y, z, id, origin, detached FROM events"
                      " WHERE recording_id = ?1 ORDER BY CASE WHEN frame < 0 THEN 1 ELSE 0 END, frame, id");
    q.bind(1, id);
    auto list = selectAll(q, readEvent);
    return list ? list : failed<std::vector<Event>>("cannot read the events of recording " + std::to_string(id));
}

std::optional<std::vector<Decision>> Project::decisions(std::int64_t id) {
    Statement q(m_db, "SELECT frame, t, speed_cmd, dir_cmd, reasoning, question, origin, detached FROM decisions"
                      " WHERE recording_id = ?1 ORDER BY frame, origin");
    q.bind(1, id);
    auto list = selectAll(q, readDecision);
    return list ? list : failed<std::vector<Decision>>("cannot read the decisions of recording " + std::to_string(id));
}

std::optional<std::vector<Camera>> Project::cameras(std::int64_t id) {
    Statement q(m_db, "SELECT name, kind, pattern, width, height, fov_deg, video_fps, is_attention, calibration"
                      " FROM cameras WHERE recording_id = ?1 ORDER BY position");
    q.bind(1, id);
    auto list = selectAll(q, readCamera);
    return list ? list : failed<std::vector<Camera>>("cannot read the cameras of recording " + std::to_string(id));
}

std::optional<std::vector<MediaFile>> Project::media(std::int64_t id) {
    Statement q(m_db, "SELECT rel_path, size, hash FROM media WHERE recording_id = ?1 ORDER BY rel_path");
    q.bind(1, id);
    auto list = selectAll(q, readMedia);
    return list ? list : failed<std::vector<MediaFile>>("cannot read the media list of recording " + std::to_string(id));
}

std::optional<Recording> Project::load(std::int64_t id, int maxFrames) {
    Transaction snapshot(m_db, Transaction::Kind::Read);  // one consistent view while an import writes
    if (!snapshot.ok()) return failed<Recording>("cannot read recording " + std::to_string(id));
    const auto s = summary(id);
    if (!s) return std::nullopt;
    Recording r;
    r.id = s->id;
    r.source = s->source;
    r.name = s->name;
    r.scenario = s->scenario;
    r.town = s->town;
    r.weather = s->weather;
    r.routeId = s->routeId;
    r.root = s->root;
    r.fps = s->fps;
    r.durationS = s->durationS;
    r.eval = s->eval;
    {
        Statement q(m_db, "SELECT metadata FROM recordings WHERE id = ?1");
        q.bind(1, id);
        bool error = false;
        const auto meta = selectOne(q, [](const Statement& row) { return row.text(0); }, &error);
        if (error || !meta) return failed<Recording>("cannot read recording " + std::to_string(id));
        r.metadataJson = *meta;
    }
    auto cameras = this->cameras(id);
    auto events = this->events(id);
    auto decisions = this->decisions(id);
    auto media = this->media(id);
    if (!cameras || !events || !decisions || !media) return std::nullopt;
    if (maxFrames != 0) {
        auto frames = this->frames(id, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), maxFrames);
        if (!frames) return std::nullopt;
        if (static_cast<int>(frames->size()) != (maxFrames < 0 ? s->frames : std::min(maxFrames, s->frames))) {
            m_error = m_path + ": recording " + std::to_string(id) + " should have " + std::to_string(s->frames) +
                      " frames but " + std::to_string(frames->size()) + " could be read";
            return std::nullopt;
        }
        r.frames = std::move(*frames);
    }
    r.cameras = std::move(*cameras);
    r.events = std::move(*events);
    r.decisions = std::move(*decisions);
    r.media = std::move(*media);
    return r;
}

std::optional<Project::RemovalImpact> Project::removalImpact(std::int64_t id) {
    Statement q(m_db, R"sql(
SELECT (SELECT count(*) FROM frames WHERE recording_id = ?1),
       (SELECT count(*) FROM events WHERE recording_id = ?1 AND origin = 'import'),
       (SELECT count(*) FROM events WHERE recording_id = ?1 AND origin = 'user'),
       (SELECT count(*) FROM decisions WHERE recording_id = ?1 AND origin = 'log'),
       (SELECT count(*) FROM decisions WHERE recording_id = ?1 AND origin <> 'log'),
       (SELECT count(*) FROM segments WHERE recording_id = ?1),
       (SELECT count(*) FROM segments WHERE recording_id = ?1 AND edited = 1),
       (SELECT count(*) FROM pairs WHERE recording_id = ?1),
       (SELECT count(*) FROM pairs WHERE recording_id = ?1 AND status IN ('approved', 'rejected')))sql");
    q.bind(1, id);
    bool error = false;
    auto impact = selectOne(q, [](const Statement& row) {
        return RemovalImpact{row.integer(0), row.integer(1), row.integer(2), row.integer(3), row.integer(4),
                             row.integer(5), row.integer(6), row.integer(7), row.integer(8)};
    }, &error);
    if (error || !impact) return failed<RemovalImpact>("cannot count what recording " + std::to_string(id) + " holds");
    return impact;
}

bool Project::remove(std::int64_t id) {
    Statement q(m_db, "DELETE FROM recordings WHERE id = ?1");
    q.bind(1, id);
    if (!q.run()) return fail("cannot delete recording " + std::to_string(id) + ": " + m_db.lastError());
    return true;
}

}  // namespace corevla
