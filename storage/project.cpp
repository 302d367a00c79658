// SPDX-License-Identifier: MIT
#include "storage/project.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "storage/frame_codec.h"
#include "storage/hash.h"

namespace corevla {
namespace {

const char* mediaKindName(MediaKind kind) { return kind == MediaKind::Video ? "video" : "jpeg_sequence"; }

void describeChanges(const std::vector<MediaFile>& stored, const std::vector<MediaFile>& now,
                            std::vector<std::string>& changes) {
    std::map<std::string, const MediaFile*> before;
    for (const auto& m : stored) before[m.relPath] = &m;
    for (const auto& m : now) {
        auto it = before.find(m.relPath);
        if (it == before.end()) {
            changes.push_back(m.relPath + ": new file since the import");
            continue;
        }
        const MediaFile& old = *it->second;
        if (old.size != m.size)
            changes.push_back(m.relPath + ": changed since the import (" + std::to_string(old.size) + " -> " +
                              std::to_string(m.size) + " bytes)");
        else if (old.hash != m.hash)
            changes.push_back(m.relPath + ": changed since the import (same size, different content)");
        before.erase(it);
    }
    for (const auto& [path, m] : before) changes.push_back(path + ": missing since the import");
}

}  // namespace

std::string fingerprint(const Recording& recording) {
    std::vector<const MediaFile*> files;
    for (const auto& m : recording.media) files.push_back(&m);
    std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return a->relPath < b->relPath; });
    Hasher h;
    const std::string head = std::string(sourceKindName(recording.source)) + '\n' + recording.name + '\n';
    h.update(head.data(), head.size());
    for (const MediaFile* m : files) {
        h.update(m->relPath.data(), m->relPath.size() + 1);  // with the terminating NUL as a separator
        h.update(&m->size, sizeof m->size);
        h.update(&m->hash, sizeof m->hash);
    }
    return hashToHex(h.digest());
}

bool Project::fail(std::string message) {
    m_error = std::move(message);
    return false;
}

bool Project::open(const std::string& path, Mode mode) {
    m_path = path;
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists && mode == Mode::OpenExisting) return fail(path + ": project file does not exist");
    if (!m_db.open(path, mode == Mode::OpenOrCreate)) return fail(m_db.lastError());
    // WAL lets the GUI read while an import writes; foreign keys keep child
    // rows from outliving their recording.
    if (!m_db.exec("PRAGMA foreign_keys = ON")) return fail(path + ": " + m_db.lastError());
    m_schema = migrate(m_db);
    if (m_schema.status == SchemaStatus::TooNew || m_schema.status == SchemaStatus::NotAProject ||
        m_schema.status == SchemaStatus::Failed) {
        m_db.close();
        return fail(path + ": " + m_schema.error);
    }
    if (!m_db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"))
        return fail(path + ": " + m_db.lastError());
    return true;
}

Project::StoreResult Project::store(const Recording& recording, bool replaceChanged) {
    StoreResult result;
    const std::string print = fingerprint(recording);
    std::int64_t existing = 0;
    std::string existingPrint;
    {
        Statement q(m_db, "SELECT id, fingerprint FROM recordings WHERE source = ?1 AND root = ?2");
        q.bind(1, sourceKindName(recording.source)).bind(2, recording.root);
        if (q.step()) {
            existing = q.int64(0);
            existingPrint = q.text(1);
        }
    }
    if (!existing) {  // the same content moved elsewhere is still the same recording
        Statement q(m_db, "SELECT id FROM recordings WHERE fingerprint = ?1 AND source = ?2");
        q.bind(1, print).bind(2, sourceKindName(recording.source));
        if (q.step()) {
            result.outcome = StoreOutcome::Unchanged;
            result.id = q.int64(0);
            return result;
        }
    }
    if (existing && existingPrint == print) {
        result.outcome = StoreOutcome::Unchanged;
        result.id = existing;
        return result;
    }
    if (existing) {
        describeChanges(media(existing), recording.media, result.changes);
        if (result.changes.empty()) result.changes.push_back("recording metadata changed since the import");
        if (!replaceChanged) {
            result.outcome = StoreOutcome::Changed;
            result.id = existing;
            return result;
        }
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        result.error = m_db.lastError();
        return result;
    }
    if (existing) {
        Statement del(m_db, "DELETE FROM recordings WHERE id = ?1");
        if (!del.bind(1, existing).run()) {
            result.error = m_db.lastError();
            return result;
        }
    }
    result.id = insert(recording, print);
    if (!result.id || !tx.commit()) {
        result.error = "cannot store " + recording.name + ": " + m_db.lastError();
        result.id = 0;
        return result;
    }
    result.outcome = existing ? StoreOutcome::Replaced : StoreOutcome::Inserted;
    return result;
}

std::int64_t Project::insert(const Recording& r, const std::string& print) {
    int missing = 0;
    for (const auto& f : r.frames) missing += std::popcount(f.missingCameras);
    Statement rec(m_db,
                  "INSERT INTO recordings (source, name, scenario, town, weather, route_id, root, fps, duration_s,"
                  " frame_count, missing_images, fingerprint, metadata) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
    rec.bind(1, sourceKindName(r.source)).bind(2, r.name).bind(3, r.scenario).bind(4, r.town).bind(5, r.weather);
    rec.bind(6, r.routeId).bind(7, r.root).bind(8, r.fps).bind(9, r.durationS);
    rec.bind(10, static_cast<int>(r.frames.size())).bind(11, missing).bind(12, print).bind(13, r.metadataJson);
    if (!rec.run()) return 0;
    const std::int64_t id = m_db.lastInsertId();

    if (r.eval) {
        Statement ev(m_db, "INSERT INTO eval_records VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
        ev.bind(1, id).bind(2, r.eval->routeId).bind(3, r.eval->status).bind(4, r.eval->routeCompletion);
        ev.bind(5, r.eval->penalty).bind(6, r.eval->drivingScore).bind(7, r.eval->routeLength);
        ev.bind(8, r.eval->durationGame);
        if (!ev.run()) return 0;
    }
    Statement cam(m_db, "INSERT INTO cameras VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    for (std::size_t i = 0; i < r.cameras.size(); ++i) {
        const Camera& c = r.cameras[i];
        cam.bind(1, id).bind(2, static_cast<int>(i)).bind(3, c.name).bind(4, mediaKindName(c.kind));
        cam.bind(5, c.pattern).bind(6, c.width).bind(7, c.height).bind(8, c.fovDeg).bind(9, c.videoFps);
        cam.bind(10, c.isAttention ? 1 : 0).bind(11, c.calibrationJson);
        if (!cam.run()) return 0;
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
        if (!fr.run()) return 0;
    }
    Statement evt(m_db, "INSERT INTO events (recording_id, kind, frame, t, category, text, x, y, z)"
                        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    for (const Event& e : r.events) {
        evt.bind(1, id).bind(2, eventKindName(e.kind)).bind(3, e.frame).bind(4, e.t).bind(5, e.category);
        evt.bind(6, e.text).bind(7, e.x).bind(8, e.y).bind(9, e.z);
        if (!evt.run()) return 0;
    }
    Statement dec(m_db, "INSERT OR REPLACE INTO decisions VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    for (const Decision& d : r.decisions) {
        dec.bind(1, id).bind(2, d.origin).bind(3, d.frame).bind(4, d.t).bind(5, d.speedCmd).bind(6, d.dirCmd);
        dec.bind(7, d.reasoning).bind(8, d.question);
        if (!dec.run()) return 0;
    }
    Statement med(m_db, "INSERT OR REPLACE INTO media VALUES (?1,?2,?3,?4)");
    for (const MediaFile& m : r.media) {
        med.bind(1, id).bind(2, m.relPath).bind(3, m.size).bind(4, hashToHex(m.hash));
        if (!med.run()) return 0;
    }
    return id;
}

std::int64_t Project::attachDecisions(SourceKind source, const std::string& name, const std::string& origin,
                                      const std::vector<Decision>& decisions) {
    std::int64_t id = 0;
    {
        Statement q(m_db, "SELECT id FROM recordings WHERE source = ?1 AND name = ?2 ORDER BY id DESC LIMIT 1");
        q.bind(1, sourceKindName(source)).bind(2, name);
        if (q.step()) id = q.int64(0);
    }
    if (!id) {
        m_error = std::string("no ") + sourceKindName(source) + " recording named " + name +
                  " in the project; import its results and saved frames first";
        return 0;
    }
    Transaction tx(m_db);
    Statement del(m_db, "DELETE FROM decisions WHERE recording_id = ?1 AND origin = ?2");
    Statement ins(m_db, "INSERT OR REPLACE INTO decisions VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    bool ok = tx.ok() && del.bind(1, id).bind(2, origin).run();
    for (const Decision& d : decisions) {
        if (!ok) break;
        ins.bind(1, id).bind(2, origin).bind(3, d.frame).bind(4, d.t).bind(5, d.speedCmd).bind(6, d.dirCmd);
        ins.bind(7, d.reasoning).bind(8, d.question);
        ok = ins.run();
    }
    // Each frame shows the meta-action in force: the last decision at or before it.
    Statement inForce(m_db, R"sql(
UPDATE frames SET (speed_cmd, dir_cmd) = (
  SELECT d.speed_cmd, d.dir_cmd FROM decisions d
  WHERE d.recording_id = frames.recording_id AND d.origin = ?2 AND d.frame <= frames.idx
  ORDER BY d.frame DESC LIMIT 1)
WHERE recording_id = ?1 AND EXISTS (
  SELECT 1 FROM decisions d WHERE d.recording_id = ?1 AND d.origin = ?2 AND d.frame <= frames.idx))sql");
    ok = ok && inForce.bind(1, id).bind(2, origin).run();
    if (!ok || !tx.commit()) {
        m_error = "cannot attach decisions to " + name + ": " + m_db.lastError();
        return 0;
    }
    return id;
}

}  // namespace corevla
