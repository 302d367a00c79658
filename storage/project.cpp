// SPDX-License-Identifier: MIT
#include "storage/project.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "storage/frame_codec.h"
#include "storage/hash.h"
#include "storage/query.h"

namespace corevla {
namespace {

const char* mediaKindName(MediaKind kind) { return kind == MediaKind::Video ? "video" : "jpeg_sequence"; }

using Change = Project::Change;

void describeMediaChanges(const std::vector<MediaFile>& stored, const std::vector<MediaFile>& now,
                          std::vector<Change>& changes) {
    std::map<std::string, const MediaFile*> before;
    for (const auto& m : stored) before[m.relPath] = &m;
    for (const auto& m : now) {
        auto it = before.find(m.relPath);
        if (it == before.end()) {
            changes.push_back({m.relPath, "new file since the import"});
            continue;
        }
        const MediaFile& old = *it->second;
        if (old.size != m.size)
            changes.push_back({m.relPath, "changed since the import (" + std::to_string(old.size) + " -> " +
                                              std::to_string(m.size) + " bytes)"});
        else if (old.hash != m.hash)
            changes.push_back({m.relPath, "changed since the import (same size, different content)"});
        before.erase(it);
    }
    for (const auto& [path, m] : before) changes.push_back({path, "missing since the import"});
}

std::string number(double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.ends_with('.')) text.pop_back();
    return text;
}

// What a stored recording's import-made parts say, compared with what the
// files say now: the evaluation record, the event list, the frame count.
void describeContentChanges(const RecordingSummary& stored, const std::vector<Event>& storedEvents,
                            const Recording& now, std::vector<Change>& changes) {
    if (stored.frames != static_cast<int>(now.frames.size()))
        changes.push_back({"", "frames: " + std::to_string(stored.frames) + " -> " + std::to_string(now.frames.size())});
    if (stored.eval.has_value() != now.eval.has_value()) {
        changes.push_back({"", now.eval ? "now has an evaluation record" : "no longer has an evaluation record"});
    } else if (stored.eval) {
        const EvalRecord &a = *stored.eval, &b = *now.eval;
        std::string what;
        const auto field = [&](const char* name, const std::string& from, const std::string& to) {
            if (from != to) what += std::string(what.empty() ? "" : ", ") + name + " " + from + " -> " + to;
        };
        field("status", a.status, b.status);
        field("driving score", number(a.drivingScore), number(b.drivingScore));
        field("route completion", number(a.routeCompletion), number(b.routeCompletion));
        field("penalty", number(a.penalty), number(b.penalty));
        if (!what.empty()) changes.push_back({"", "evaluation record changed: " + what});
    }
    std::multiset<std::string> before, after;
    for (const Event& e : storedEvents)
        if (!e.userMade) before.insert(std::string(eventKindName(e.kind)) + " " + e.category + " " + e.text);
    for (const Event& e : now.events) after.insert(std::string(eventKindName(e.kind)) + " " + e.category + " " + e.text);
    if (before != after)
        changes.push_back({"", "events changed: " + std::to_string(before.size()) + " -> " + std::to_string(after.size())});
}

}  // namespace

std::string fingerprint(const Recording& recording) {
    std::vector<const MediaFile*> files;
    for (const auto& m : recording.media) files.push_back(&m);
    std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return a->relPath < b->relPath; });
    Hasher h;
    const std::string head = std::string(sourceKindName(recording.source)) + '\n' + recording.name + '\n';
    h.update(head.data(), head.size());
    if (recording.contentDigest) h.update(&recording.contentDigest, sizeof recording.contentDigest);
    for (const MediaFile* m : files) {
        h.update(m->relPath.data(), m->relPath.size() + 1);  // with the terminating NUL as a separator
        h.update(&m->size, sizeof m->size);
        h.update(&m->hash, sizeof m->hash);
    }
    return hashToHex(h.digest());
}

bool Project::fail(const std::string& message) {
    m_error = m_path + ": " + message;
    return false;
}

bool Project::open(const std::string& path, Mode mode) {
    m_path = path;
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists && mode == Mode::OpenExisting) return fail("project file does not exist");
    if (!m_db.open(path, mode == Mode::OpenOrCreate)) {
        m_error = m_db.lastError();  // already names the file
        return false;
    }
    // WAL lets the GUI read while an import writes; foreign keys keep child
    // rows from outliving their recording.
    if (!m_db.exec("PRAGMA foreign_keys = ON")) return fail(m_db.lastError());
    m_schema = migrate(m_db);
    if (m_schema.status == SchemaStatus::TooNew || m_schema.status == SchemaStatus::NotAProject ||
        m_schema.status == SchemaStatus::Failed) {
        m_db.close();
        return fail(m_schema.error);
    }
    if (!m_db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")) return fail(m_db.lastError());
    return true;
}

struct Project::Existing {
    std::int64_t id = 0;
    std::string fingerprint, root;
    bool sameKey = false;  // same (source, root, name); else the same content elsewhere
};

bool Project::find(const Recording& rec, const std::string& print, std::optional<Existing>& found) {
    const auto row = [](const Statement& q) { return Existing{q.int64(0), q.text(1), q.text(2), false}; };
    bool error = false;
    {
        Statement q(m_db, "SELECT id, fingerprint, root FROM recordings WHERE source = ?1 AND root = ?2 AND name = ?3");
        q.bind(1, sourceKindName(rec.source)).bind(2, rec.root).bind(3, rec.name);
        found = selectOne(q, row, &error);
        if (error) return false;
        if (found) {
            found->sameKey = true;
            return true;
        }
    }
    Statement q(m_db, "SELECT id, fingerprint, root FROM recordings WHERE fingerprint = ?1 AND source = ?2 ORDER BY id");
    q.bind(1, print).bind(2, sourceKindName(rec.source));
    found = selectOne(q, row, &error);
    return !error;
}

Project::StoreResult Project::store(const Recording& recording, bool replaceChanged) {
    StoreResult result;
    const std::string print = fingerprint(recording);
    const auto failure = [&](const std::string& what) {
        result = StoreResult{};
        result.error = m_path + ": cannot store " + recording.name + ": " + what + m_db.lastError();
        m_error = result.error;
        return result;
    };
    // The checks and the write happen under one write lock: two imports of
    // the same recording cannot both find it missing.
    Transaction tx(m_db);
    if (!tx.ok()) return failure("");
    std::optional<Existing> existing;
    if (!find(recording, print, existing)) return failure("");
    if (!existing) {
        if (!insertRow(recording, print, &result.id) || !insertContent(result.id, recording) || !tx.commit())
            return failure("");
        result.outcome = StoreOutcome::Inserted;
        return result;
    }
    result.id = existing->id;
    if (!existing->sameKey) {
        std::error_code ec;
        if (std::filesystem::exists(existing->root, ec)) {
            result.outcome = StoreOutcome::Unchanged;
            result.note = "the same content as recording " + std::to_string(existing->id) + ", imported from " +
                          existing->root + "; not imported twice";
            return result;
        }
        Statement move(m_db, "UPDATE recordings SET root = ?2, metadata = ?3 WHERE id = ?1");
        if (!move.bind(1, existing->id).bind(2, recording.root).bind(3, recording.metadataJson).run() || !tx.commit())
            return failure("");
        result.outcome = StoreOutcome::Moved;
        result.note = "moved from " + existing->root + "; the recording now reads its files from " + recording.root;
        return result;
    }
    if (existing->fingerprint == print) {
        result.outcome = StoreOutcome::Unchanged;
        return result;
    }
    auto changes = differences(existing->id, recording);
    if (!changes) return failure("");
    if (changes->empty()) {
        // Nothing that matters differs (a fingerprint made by an older
        // version): remember the new one and carry on.
        Statement refresh(m_db, "UPDATE recordings SET fingerprint = ?2 WHERE id = ?1");
        if (!refresh.bind(1, existing->id).bind(2, print).run() || !tx.commit()) return failure("");
        result.outcome = StoreOutcome::Unchanged;
        return result;
    }
    result.changes = std::move(*changes);
    if (!replaceChanged) {
        result.outcome = StoreOutcome::Changed;
        return result;
    }
    if (!updateRow(existing->id, recording, print) || !replaceContent(existing->id, recording) || !tx.commit())
        return failure("");
    result.outcome = StoreOutcome::Replaced;
    return result;
}

std::optional<std::vector<Change>> Project::differences(std::int64_t id, const Recording& now) {
    const auto stored = summary(id);
    const auto media = this->media(id);
    const auto events = this->events(id);
    if (!stored || !media || !events) return std::nullopt;
    std::vector<Change> changes;
    describeMediaChanges(*media, now.media, changes);
    describeContentChanges(*stored, *events, now, changes);
    return changes;
}

namespace {

constexpr const char* kRecordingColumns =
    "source, name, scenario, town, weather, route_id, root, fps, duration_s, frame_count, missing_images, "
    "fingerprint, metadata";

void bindRecording(Statement& q, const Recording& r, const std::string& print) {
    int missing = 0;
    for (const auto& f : r.frames) missing += std::popcount(f.missingCameras);
    q.bind(1, sourceKindName(r.source)).bind(2, r.name).bind(3, r.scenario).bind(4, r.town).bind(5, r.weather);
    q.bind(6, r.routeId).bind(7, r.root).bind(8, r.fps).bind(9, r.durationS);
    q.bind(10, static_cast<int>(r.frames.size())).bind(11, missing).bind(12, print).bind(13, r.metadataJson);
}

}  // namespace

bool Project::insertRow(const Recording& r, const std::string& print, std::int64_t* id) {
    Statement rec(m_db, std::string("INSERT INTO recordings (") + kRecordingColumns +
                            ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
    bindRecording(rec, r, print);
    if (!rec.run()) return false;
    *id = m_db.lastInsertId();
    return true;
}

bool Project::updateRow(std::int64_t id, const Recording& r, const std::string& print) {
    Statement rec(m_db, std::string("UPDATE recordings SET (") + kRecordingColumns +
                            ") = (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13) WHERE id = ?14");
    bindRecording(rec, r, print);
    rec.bind(14, id);
    return rec.run();
}

// Replacing keeps what is attached to the recording: a person's events and
// decisions attached from elsewhere (Bench2Drive-VL) stay; those whose frame
// is gone are flagged detached.
bool Project::replaceContent(std::int64_t id, const Recording& r) {
    std::set<std::string> replacedOrigins{"log"};
    for (const Decision& d : r.decisions) replacedOrigins.insert(d.origin);
    for (const char* sql : {"DELETE FROM eval_records WHERE recording_id = ?1", "DELETE FROM cameras WHERE recording_id = ?1",
                            "DELETE FROM frames WHERE recording_id = ?1", "DELETE FROM media WHERE recording_id = ?1",
                            "DELETE FROM events WHERE recording_id = ?1 AND origin = 'import'"}) {
        Statement del(m_db, sql);
        if (!del.bind(1, id).run()) return false;
    }
    Statement delDecisions(m_db, "DELETE FROM decisions WHERE recording_id = ?1 AND origin = ?2");
    for (const std::string& origin : replacedOrigins)
        if (!delDecisions.bind(1, id).bind(2, origin).run()) return false;
    if (!insertContent(id, r)) return false;
    Statement kept(m_db, "SELECT DISTINCT origin FROM decisions WHERE recording_id = ?1");
    kept.bind(1, id);
    const auto origins = selectAll(kept, [](const Statement& q) { return q.text(0); });
    if (!origins) return false;
    for (const std::string& origin : *origins)
        if (!replacedOrigins.count(origin) && !applyDecisionsInForce(id, origin)) return false;
    return flagDetached(id);
}

bool Project::flagDetached(std::int64_t id) {
    Statement events(m_db, R"sql(
UPDATE events SET detached = (frame >= 0 AND NOT EXISTS (
  SELECT 1 FROM frames f WHERE f.recording_id = events.recording_id AND f.idx = events.frame))
WHERE recording_id = ?1)sql");
    Statement decisions(m_db, R"sql(
UPDATE decisions SET detached = NOT EXISTS (
  SELECT 1 FROM frames f WHERE f.recording_id = decisions.recording_id AND f.idx = decisions.frame)
WHERE recording_id = ?1)sql");
    Statement segments(m_db, R"sql(
UPDATE segments SET detached = NOT EXISTS (
  SELECT 1 FROM frames f WHERE f.recording_id = segments.recording_id AND f.idx = segments.start_frame)
  OR NOT EXISTS (SELECT 1 FROM frames f WHERE f.recording_id = segments.recording_id AND f.idx = segments.end_frame)
WHERE recording_id = ?1)sql");
    Statement pairs(m_db, R"sql(
UPDATE pairs SET detached = decision_frame >= 0 AND NOT EXISTS (
  SELECT 1 FROM frames f WHERE f.recording_id = pairs.recording_id AND f.idx = pairs.decision_frame)
WHERE recording_id = ?1)sql");
    return events.bind(1, id).run() && decisions.bind(1, id).run() && segments.bind(1, id).run() &&
           pairs.bind(1, id).run();
}

bool Project::insertContent(std::int64_t id, const Recording& r) {
    if (r.eval) {
        Statement ev(m_db, "INSERT INTO eval_records VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
        ev.bind(1, id).bind(2, r.eval->routeId).bind(3, r.eval->status).bind(4, r.eval->routeCompletion);
        ev.bind(5, r.eval->penalty).bind(6, r.eval->drivingScore).bind(7, r.eval->routeLength);
        ev.bind(8, r.eval->durationGame);
        if (!ev.run()) return false;
    }
    Statement cam(m_db, "INSERT INTO cameras VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    for (std::size_t i = 0; i < r.cameras.size(); ++i) {
        const Camera& c = r.cameras[i];
        cam.bind(1, id).bind(2, static_cast<int>(i)).bind(3, c.name).bind(4, mediaKindName(c.kind));
        cam.bind(5, c.pattern).bind(6, c.width).bind(7, c.height).bind(8, c.fovDeg).bind(9, c.videoFps);
        cam.bind(10, c.isAttention ? 1 : 0).bind(11, c.calibrationJson);
        if (!cam.run()) return false;
    }
    Statement fr(m_db, "INSERT INTO frames VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)");
    for (const Frame& f : r.frames) {
        fr.bind(1, id).bind(2, f.index).bind(3, f.t).bind(4, f.egoX).bind(5, f.egoY).bind(6, f.egoYaw);
        fr.bind(7, f.speed).bind(8, f.accel).bind(9, static_cast<int>(f.authority));
        fr.bind(10, double(f.model.throttle)).bind(11, double(f.model.steer)).bind(12, double(f.model.brake));
        if (f.driver) {
            fr.bind(13, double(f.driver->throttle)).bind(14, double(f.driver->steer)).bind(15, double(f.driver->brake));
        }
        fr.bind(16, f.speedCmd).bind(17, f.dirCmd);
        if (!f.waypoints.empty()) {
            const std::string w = encodeWaypoints(f.waypoints);
            fr.bindBlob(18, w.data(), static_cast<int>(w.size()));
        }
        if (!f.objects.empty()) {
            const std::string o = encodeObjects(f.objects);
            fr.bindBlob(19, o.data(), static_cast<int>(o.size()));
        }
        fr.bind(20, static_cast<std::int64_t>(f.missingCameras));
        if (!fr.run()) return false;
    }
    Statement evt(m_db, "INSERT INTO events (recording_id, kind, frame, t, category, text, x, y, z, origin)"
                        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    for (const Event& e : r.events) {
        evt.bind(1, id).bind(2, eventKindName(e.kind)).bind(3, e.frame).bind(4, e.t).bind(5, e.category);
        evt.bind(6, e.text).bind(7, e.x).bind(8, e.y).bind(9, e.z).bind(10, e.userMade ? "user" : "import");
        if (!evt.run()) return false;
    }
    Statement dec(m_db, "INSERT OR REPLACE INTO decisions (recording_id, origin, frame, t, speed_cmd, dir_cmd,"
                        " reasoning, question) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    for (const Decision& d : r.decisions) {
        dec.bind(1, id).bind(2, d.origin).bind(3, d.frame).bind(4, d.t).bind(5, d.speedCmd).bind(6, d.dirCmd);
        dec.bind(7, d.reasoning).bind(8, d.question);
        if (!dec.run()) return false;
    }
    Statement med(m_db, "INSERT OR REPLACE INTO media VALUES (?1,?2,?3,?4)");
    for (const MediaFile& m : r.media) {
        med.bind(1, id).bind(2, m.relPath).bind(3, m.size).bind(4, hashToHex(m.hash));
        if (!med.run()) return false;
    }
    return true;
}

std::int64_t Project::attachDecisions(SourceKind source, const std::string& name, const std::string& origin,
                                      const std::vector<Decision>& decisions) {
    Transaction tx(m_db);
    std::int64_t id = 0;
    bool error = !tx.ok();
    if (!error) {
        Statement q(m_db, "SELECT id FROM recordings WHERE source = ?1 AND name = ?2 ORDER BY id DESC LIMIT 1");
        q.bind(1, sourceKindName(source)).bind(2, name);
        id = selectOne(q, [](const Statement& row) { return row.int64(0); }, &error).value_or(0);
    }
    if (error) {
        fail("cannot attach decisions to " + name + ": " + m_db.lastError());
        return 0;
    }
    if (!id) {
        m_error = std::string("no ") + sourceKindName(source) + " recording named " + name +
                  " in the project; import its results and saved frames first";
        return 0;
    }
    Statement del(m_db, "DELETE FROM decisions WHERE recording_id = ?1 AND origin = ?2");
    Statement ins(m_db, "INSERT OR REPLACE INTO decisions (recording_id, origin, frame, t, speed_cmd, dir_cmd,"
                        " reasoning, question) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    bool ok = del.bind(1, id).bind(2, origin).run();
    for (const Decision& d : decisions) {
        if (!ok) break;
        ins.bind(1, id).bind(2, origin).bind(3, d.frame).bind(4, d.t).bind(5, d.speedCmd).bind(6, d.dirCmd);
        ins.bind(7, d.reasoning).bind(8, d.question);
        ok = ins.run();
    }
    ok = ok && applyDecisionsInForce(id, origin) && flagDetached(id);
    if (!ok || !tx.commit()) {
        fail("cannot attach decisions to " + name + ": " + m_db.lastError());
        return 0;
    }
    return id;
}

std::optional<std::int64_t> Project::addEvent(std::int64_t recording, const Event& e) {
    Statement q(m_db, "INSERT INTO events (recording_id, kind, frame, t, category, text, x, y, z, origin, id)"
                      " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,'user',?10)");
    q.bind(1, recording).bind(2, eventKindName(e.kind)).bind(3, e.frame).bind(4, e.t).bind(5, e.category);
    q.bind(6, e.text).bind(7, e.x).bind(8, e.y).bind(9, e.z);
    if (e.id) q.bind(10, e.id);
    else q.bindNull(10);
    if (!q.run()) {
        fail("cannot add a " + std::string(eventKindName(e.kind)) + " to recording " + std::to_string(recording) + ": " +
             m_db.lastError());
        return std::nullopt;
    }
    return m_db.lastInsertId();
}

bool Project::removeUserEvent(std::int64_t id) {
    Statement q(m_db, "DELETE FROM events WHERE id = ?1 AND origin = 'user'");
    if (!q.bind(1, id).run()) return fail("cannot delete event " + std::to_string(id) + ": " + m_db.lastError());
    if (m_db.changes() == 0) return fail("event " + std::to_string(id) + " is not a bookmark or note a person made");
    return true;
}

// Each frame shows the meta-action in force: the last decision at or before it.
bool Project::applyDecisionsInForce(std::int64_t id, const std::string& origin) {
    Statement inForce(m_db, R"sql(
UPDATE frames SET (speed_cmd, dir_cmd) = (
  SELECT d.speed_cmd, d.dir_cmd FROM decisions d
  WHERE d.recording_id = frames.recording_id AND d.origin = ?2 AND d.frame <= frames.idx
  ORDER BY d.frame DESC LIMIT 1)
WHERE recording_id = ?1 AND EXISTS (
  SELECT 1 FROM decisions d WHERE d.recording_id = ?1 AND d.origin = ?2 AND d.frame <= frames.idx))sql");
    return inForce.bind(1, id).bind(2, origin).run();
}

}  // namespace corevla
