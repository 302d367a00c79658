// SPDX-License-Identifier: MIT
#include "storage/annotation_store.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include "storage/hash.h"
#include "storage/project.h"
#include "storage/query.h"

namespace corevla {
namespace {

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

// The end of every versioned save: `update` ran "... WHERE id = ? AND
// version = ?"; no row changed means another save came first (Conflict, with
// what it stored) or the row is gone (Missing). nullopt: the update failed.
template <class T, class Reread>
std::optional<Saved<T>> afterVersionedUpdate(Database& db, Statement& update, Reread reread) {
    if (!update.run()) return std::nullopt;
    const bool changed = db.changes() > 0;
    Saved<T> result;
    result.current = reread();
    result.outcome = changed ? SaveOutcome::Saved : result.current ? SaveOutcome::Conflict : SaveOutcome::Missing;
    return result;
}

constexpr const char* kSegmentColumns =
    "id, recording_id, kind, start_frame, end_frame, event_frame, start_s, end_s, event_s, category, note, author, "
    "edited, detached, version, created_at, updated_at, coalesce(detected_key, '')";

Segment readSegment(const Statement& q) {
    Segment s;
    s.id = q.int64(0);
    s.recording = q.int64(1);
    s.kind = segmentKindFromName(q.text(2)).value_or(SegmentKind::Manual);
    s.startFrame = q.integer(3);
    s.endFrame = q.integer(4);
    s.eventFrame = q.integer(5);
    s.startS = q.real(6);
    s.endS = q.real(7);
    s.eventS = q.real(8);
    s.category = q.text(9);
    s.note = q.text(10);
    s.author = q.text(11);
    s.edited = q.integer(12) != 0;
    s.detached = q.integer(13) != 0;
    s.version = q.integer(14);
    s.createdAt = q.text(15);
    s.updatedAt = q.text(16);
    s.detectedKey = q.text(17);
    return s;
}

// The columns a save writes, bound from ?2 on (?1 is the id).
void bindSegment(Statement& q, const Segment& s) {
    q.bind(2, s.recording).bind(3, segmentKindName(s.kind)).bind(4, s.startFrame).bind(5, s.endFrame);
    q.bind(6, s.eventFrame).bind(7, s.startS).bind(8, s.endS).bind(9, s.eventS).bind(10, s.category);
    q.bind(11, s.note).bind(12, s.author).bind(13, s.edited ? 1 : 0).bind(14, s.detached ? 1 : 0);
    if (s.detectedKey.empty()) q.bindNull(15);
    else q.bind(15, s.detectedKey);
}

std::string joinFrames(const std::vector<int>& frames) {
    std::string text;
    for (int f : frames) text += (text.empty() ? "" : ",") + std::to_string(f);
    return text;
}

std::vector<int> splitFrames(const std::string& text) {
    std::vector<int> frames;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');)
        if (!part.empty()) frames.push_back(std::atoi(part.c_str()));
    return frames;
}

constexpr const char* kPairColumns =
    "p.id, coalesce(p.segment_id, 0), coalesce(p.recording_id, 0), p.decision_frame, p.prompt_frames, p.camera, "
    "p.question, p.chosen, p.chosen_speed, p.chosen_dir, p.rejected, p.rejected_speed, p.rejected_dir, p.status, "
    "p.author, p.reviewer, p.source, p.detached, p.version, p.created_at, p.updated_at, p.reviewed_at";

PreferencePair readPair(const Statement& q) {
    PreferencePair p;
    p.id = q.int64(0);
    p.segment = q.int64(1);
    p.recording = q.int64(2);
    p.decisionFrame = q.integer(3);
    p.promptFrames = splitFrames(q.text(4));
    p.camera = q.text(5);
    p.question = q.text(6);
    p.chosen = q.text(7);
    p.chosenAction = {q.text(8), q.text(9)};
    p.rejected = q.text(10);
    p.rejectedAction = {q.text(11), q.text(12)};
    p.status = pairStatusFromName(q.text(13)).value_or(PairStatus::Draft);
    p.author = q.text(14);
    p.reviewer = q.text(15);
    p.source = q.text(16);
    p.detached = q.integer(17) != 0;
    p.version = q.integer(18);
    p.createdAt = q.text(19);
    p.updatedAt = q.text(20);
    p.reviewedAt = q.text(21);
    return p;
}

// The columns a save writes, bound from ?2 on.
void bindPair(Statement& q, const PreferencePair& p) {
    if (p.segment) q.bind(2, p.segment);
    else q.bindNull(2);
    if (p.recording) q.bind(3, p.recording);
    else q.bindNull(3);
    q.bind(4, p.decisionFrame).bind(5, joinFrames(p.promptFrames)).bind(6, p.camera).bind(7, p.question);
    q.bind(8, p.chosen).bind(9, p.chosenAction.speed).bind(10, p.chosenAction.direction);
    q.bind(11, p.rejected).bind(12, p.rejectedAction.speed).bind(13, p.rejectedAction.direction);
    q.bind(14, pairStatusName(p.status)).bind(15, p.author).bind(16, p.reviewer).bind(17, p.source);
    q.bind(18, p.detached ? 1 : 0).bind(19, p.reviewedAt);
}

}  // namespace

AnnotationStore::AnnotationStore(Project& project) : m_project(project) {}

bool AnnotationStore::fail(const std::string& what) {
    m_error = m_project.path() + ": " + what + ": " + m_project.database().lastError();
    return false;
}

// ---- segments

std::optional<std::vector<Segment>> AnnotationStore::segments(std::int64_t recording) {
    Statement q(m_project.database(), std::string("SELECT ") + kSegmentColumns +
                                          " FROM segments WHERE ?1 = 0 OR recording_id = ?1"
                                          " ORDER BY recording_id, start_frame, id");
    q.bind(1, recording);
    auto list = selectAll(q, readSegment);
    if (!list) fail("cannot read the segments");
    return list;
}

std::optional<Segment> AnnotationStore::segment(std::int64_t id) {
    Statement q(m_project.database(), std::string("SELECT ") + kSegmentColumns + " FROM segments WHERE id = ?1");
    q.bind(1, id);
    bool error = false;
    auto found = selectOne(q, readSegment, &error);
    if (error) fail("cannot read segment " + std::to_string(id));
    else if (!found) m_error = m_project.path() + ": segment " + std::to_string(id) + " is not in the project";
    return found;
}

std::optional<std::int64_t> AnnotationStore::insertSegment(const Segment& s) {
    Database& db = m_project.database();
    Statement q(db, "INSERT INTO segments (id, recording_id, kind, start_frame, end_frame, event_frame, start_s, end_s,"
                    " event_s, category, note, author, edited, detached, detected_key, version)"
                    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)");
    if (s.id) q.bind(1, s.id);
    else q.bindNull(1);
    bindSegment(q, s);
    q.bind(16, std::max(1, s.version));
    if (!q.run()) {
        fail("cannot add a segment to recording " + std::to_string(s.recording));
        return std::nullopt;
    }
    const std::int64_t id = db.lastInsertId();
    if (!s.detectedKey.empty()) {  // an undone delete: detection may find it again
        Statement undismiss(db, "DELETE FROM dismissed_detections WHERE recording_id = ?1 AND detected_key = ?2");
        if (!undismiss.bind(1, s.recording).bind(2, s.detectedKey).run()) {
            fail("cannot add a segment to recording " + std::to_string(s.recording));
            return std::nullopt;
        }
    }
    return id;
}

Saved<Segment> AnnotationStore::saveSegment(const Segment& s) {
    Database& db = m_project.database();
    Statement q(db, std::string("UPDATE segments SET recording_id = ?2, kind = ?3, start_frame = ?4, end_frame = ?5,"
                                " event_frame = ?6, start_s = ?7, end_s = ?8, event_s = ?9, category = ?10, note = ?11,"
                                " author = ?12, edited = ?13, detached = ?14, detected_key = ?15,"
                                " version = version + 1, updated_at = ") +
                        kNow + " WHERE id = ?1 AND version = ?16");
    q.bind(1, s.id);
    bindSegment(q, s);
    q.bind(16, s.version);
    if (auto saved = afterVersionedUpdate<Segment>(db, q, [&] { return segment(s.id); })) return *saved;
    fail("cannot save segment " + std::to_string(s.id));
    return {};
}

bool AnnotationStore::removeSegment(std::int64_t id) {
    // A deleted detection is remembered, so detecting again leaves it deleted.
    Database& db = m_project.database();
    Transaction tx(db);
    Statement dismiss(db, "INSERT OR IGNORE INTO dismissed_detections SELECT recording_id, detected_key FROM segments"
                          " WHERE id = ?1 AND detected_key IS NOT NULL");
    Statement remove(db, "DELETE FROM segments WHERE id = ?1");
    const bool ok = tx.ok() && dismiss.bind(1, id).run() && remove.bind(1, id).run() && tx.commit();
    return ok || fail("cannot delete segment " + std::to_string(id));
}

std::optional<AnnotationStore::Detected> AnnotationStore::storeDetected(std::int64_t recording,
                                                                        const std::vector<Segment>& found) {
    Database& db = m_project.database();
    Transaction tx(db);
    if (!tx.ok()) {
        fail("cannot store detected segments");
        return std::nullopt;
    }
    Detected result;
    Statement dismissed(db, "SELECT 1 FROM dismissed_detections WHERE recording_id = ?1 AND detected_key = ?2");
    for (Segment s : found) {
        s.recording = recording;
        dismissed.bind(1, recording).bind(2, s.detectedKey);
        const bool wasDeleted = dismissed.step();
        dismissed.reset();
        if (dismissed.failed()) {
            fail("cannot store detected segments");
            return std::nullopt;
        }
        if (wasDeleted) {
            ++result.dismissed;
            continue;
        }
        Statement q(db, std::string("SELECT ") + kSegmentColumns +
                            " FROM segments WHERE recording_id = ?1 AND detected_key = ?2");
        q.bind(1, recording).bind(2, s.detectedKey);
        bool error = false;
        auto stored = selectOne(q, readSegment, &error);
        if (error) {
            fail("cannot store detected segments");
            return std::nullopt;
        }
        if (!stored) {
            const auto id = insertSegment(s);
            if (!id) return std::nullopt;
            s.id = *id;
            ++result.inserted;
            result.segments.push_back(s);
            continue;
        }
        if (stored->edited) {
            ++result.keptEdited;
            result.segments.push_back(*stored);
            continue;
        }
        if (stored->startFrame == s.startFrame && stored->endFrame == s.endFrame && stored->eventFrame == s.eventFrame) {
            ++result.unchanged;
            result.segments.push_back(*stored);
            continue;
        }
        Segment moved = *stored;
        moved.startFrame = s.startFrame, moved.endFrame = s.endFrame, moved.eventFrame = s.eventFrame;
        moved.startS = s.startS, moved.endS = s.endS, moved.eventS = s.eventS;
        const auto saved = saveSegment(moved);
        if (!saved.ok()) return std::nullopt;
        ++result.updated;
        result.segments.push_back(*saved.current);
    }
    if (!tx.commit()) {
        fail("cannot store detected segments");
        return std::nullopt;
    }
    return result;
}

// ---- pairs

std::optional<std::vector<PreferencePair>> AnnotationStore::pairs(const PairFilter& filter) {
    Database& db = m_project.database();
    Statement q(db, std::string("SELECT ") + kPairColumns +
                        " FROM pairs p LEFT JOIN segments s ON s.id = p.segment_id"
                        " WHERE (?1 = '' OR p.status = ?1) AND (?2 = '' OR s.category = ?2)"
                        " AND (?3 = 0 OR p.recording_id = ?3) AND (?4 = 0 OR p.segment_id = ?4)"
                        " AND (?5 = '' OR p.author = ?5) ORDER BY p.id");
    q.bind(1, filter.status ? pairStatusName(*filter.status) : "").bind(2, filter.category);
    q.bind(3, filter.recording).bind(4, filter.segment).bind(5, filter.author);
    auto list = selectAll(q, readPair);
    Statement images(db, "SELECT pair_id, path, size, hash FROM pair_images ORDER BY pair_id, position");
    auto files = selectAll(images, [](const Statement& row) {
        return std::pair{row.int64(0), MediaFile{row.text(1), row.int64(2), std::strtoull(row.text(3).c_str(), nullptr, 16)}};
    });
    if (!list || !files) {
        fail("cannot read the pairs");
        return std::nullopt;
    }
    std::map<std::int64_t, PreferencePair*> byId;
    for (PreferencePair& p : *list) byId[p.id] = &p;
    for (auto& [id, file] : *files)
        if (const auto it = byId.find(id); it != byId.end()) it->second->images.push_back(std::move(file));
    return list;
}

std::optional<PreferencePair> AnnotationStore::pair(std::int64_t id) {
    Database& db = m_project.database();
    Statement q(db, std::string("SELECT ") + kPairColumns + " FROM pairs p WHERE p.id = ?1");
    q.bind(1, id);
    bool error = false;
    auto found = selectOne(q, readPair, &error);
    if (!error && found) {
        Statement images(db, "SELECT path, size, hash FROM pair_images WHERE pair_id = ?1 ORDER BY position");
        images.bind(1, id);
        auto files = selectAll(images, [](const Statement& row) {
            return MediaFile{row.text(0), row.int64(1), std::strtoull(row.text(2).c_str(), nullptr, 16)};
        });
        error = !files;
        if (files) found->images = std::move(*files);
    }
    if (error) {
        fail("cannot read pair " + std::to_string(id));
        return std::nullopt;
    }
    if (!found) m_error = m_project.path() + ": pair " + std::to_string(id) + " is not in the project";
    return found;
}

std::optional<std::int64_t> AnnotationStore::insertPair(const PreferencePair& p) {
    Database& db = m_project.database();
    Transaction tx(db);
    Statement q(db, "INSERT INTO pairs (id, segment_id, recording_id, decision_frame, prompt_frames, camera, question,"
                    " chosen, chosen_speed, chosen_dir, rejected, rejected_speed, rejected_dir, status, author, reviewer,"
                    " source, detached, reviewed_at, version)"
                    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)");
    if (p.id) q.bind(1, p.id);
    else q.bindNull(1);
    bindPair(q, p);
    q.bind(20, std::max(1, p.version));
    bool ok = tx.ok() && q.run();
    const std::int64_t id = db.lastInsertId();
    Statement image(db, "INSERT INTO pair_images VALUES (?1,?2,?3,?4,?5)");
    for (std::size_t i = 0; ok && i < p.images.size(); ++i) {
        const MediaFile& m = p.images[i];
        ok = image.bind(1, id).bind(2, int(i)).bind(3, m.relPath).bind(4, m.size).bind(5, hashToHex(m.hash)).run();
    }
    if (!ok || !tx.commit()) {
        fail("cannot add a pair");
        return std::nullopt;
    }
    return id;
}

Saved<PreferencePair> AnnotationStore::savePair(const PreferencePair& p) {
    Database& db = m_project.database();
    Statement q(db, std::string("UPDATE pairs SET segment_id = ?2, recording_id = ?3, decision_frame = ?4,"
                                " prompt_frames = ?5, camera = ?6, question = ?7, chosen = ?8, chosen_speed = ?9,"
                                " chosen_dir = ?10, rejected = ?11, rejected_speed = ?12, rejected_dir = ?13,"
                                " status = ?14, author = ?15, reviewer = ?16, source = ?17, detached = ?18,"
                                " reviewed_at = ?19, version = version + 1, updated_at = ") +
                        kNow + " WHERE id = ?1 AND version = ?20");
    q.bind(1, p.id);
    bindPair(q, p);
    q.bind(20, p.version);
    if (auto saved = afterVersionedUpdate<PreferencePair>(db, q, [&] { return pair(p.id); })) return *saved;
    fail("cannot save pair " + std::to_string(p.id));
    return {};
}

bool AnnotationStore::removePair(std::int64_t id) {
    Statement q(m_project.database(), "DELETE FROM pairs WHERE id = ?1");
    return q.bind(1, id).run() || fail("cannot delete pair " + std::to_string(id));
}

}  // namespace corevla
