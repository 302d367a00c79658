// SPDX-License-Identifier: MIT
#include "storage/schema.h"

#include <array>

#include "storage/database.h"

namespace corevla {
namespace {

// Migration N brings the schema from version N-1 to N. Never edit one that
// has shipped: add the next.
constexpr std::array<const char*, kSchemaVersion> kMigrations{{
    R"sql(
CREATE TABLE recordings (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  name TEXT NOT NULL,
  scenario TEXT NOT NULL DEFAULT '',
  town TEXT NOT NULL DEFAULT '',
  weather TEXT NOT NULL DEFAULT '',
  route_id TEXT NOT NULL DEFAULT '',
  root TEXT NOT NULL,
  fps REAL NOT NULL,
  duration_s REAL NOT NULL,
  frame_count INTEGER NOT NULL,
  missing_images INTEGER NOT NULL DEFAULT 0,
  fingerprint TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (source, root)
);
CREATE INDEX recordings_by_fingerprint ON recordings (fingerprint);

CREATE TABLE eval_records (
  recording_id INTEGER PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
  route_id TEXT NOT NULL, status TEXT NOT NULL,
  route_completion REAL NOT NULL, penalty REAL NOT NULL, driving_score REAL NOT NULL,
  route_length REAL NOT NULL, duration_game REAL NOT NULL
);

CREATE TABLE cameras (
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('jpeg_sequence', 'video')),
  pattern TEXT NOT NULL,
  width INTEGER NOT NULL, height INTEGER NOT NULL,
  fov_deg REAL NOT NULL, video_fps REAL NOT NULL,
  is_attention INTEGER NOT NULL,
  calibration TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (recording_id, position)
) WITHOUT ROWID;

-- Clustered by (recording, frame): a range of frames is one b-tree walk.
CREATE TABLE frames (
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  t REAL NOT NULL,
  ego_x REAL NOT NULL, ego_y REAL NOT NULL, ego_yaw REAL NOT NULL,
  speed REAL, accel REAL NOT NULL,
  authority INTEGER NOT NULL,
  model_throttle REAL NOT NULL, model_steer REAL NOT NULL, model_brake REAL NOT NULL,
  driver_throttle REAL, driver_steer REAL, driver_brake REAL,
  speed_cmd TEXT NOT NULL DEFAULT '', dir_cmd TEXT NOT NULL DEFAULT '',
  waypoints BLOB, objects BLOB,
  missing_cameras INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (recording_id, idx)
) WITHOUT ROWID;

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  kind TEXT NOT NULL, frame INTEGER NOT NULL, t REAL NOT NULL,
  category TEXT NOT NULL DEFAULT '', text TEXT NOT NULL DEFAULT '',
  x REAL, y REAL, z REAL
);
CREATE INDEX events_by_recording ON events (recording_id, frame);

CREATE TABLE decisions (
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  origin TEXT NOT NULL,
  frame INTEGER NOT NULL, t REAL NOT NULL,
  speed_cmd TEXT NOT NULL, dir_cmd TEXT NOT NULL,
  reasoning TEXT NOT NULL, question TEXT NOT NULL,
  PRIMARY KEY (recording_id, origin, frame)
) WITHOUT ROWID;

CREATE TABLE media (
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  rel_path TEXT NOT NULL, size INTEGER NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY (recording_id, rel_path)
) WITHOUT ROWID;
)sql",
    // 2: a recording is identified by (source, root, name): the routes of one
    // results file share its folder. Import-made and person-made events are
    // told apart, and attached work whose frame is gone after a re-import is
    // flagged (detached), never deleted. Rebuilding `recordings` needs foreign
    // keys off (migrate() does that), or dropping it would cascade.
    R"sql(
CREATE TABLE recordings_v2 (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  name TEXT NOT NULL,
  scenario TEXT NOT NULL DEFAULT '',
  town TEXT NOT NULL DEFAULT '',
  weather TEXT NOT NULL DEFAULT '',
  route_id TEXT NOT NULL DEFAULT '',
  root TEXT NOT NULL,
  fps REAL NOT NULL,
  duration_s REAL NOT NULL,
  frame_count INTEGER NOT NULL,
  missing_images INTEGER NOT NULL DEFAULT 0,
  fingerprint TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (source, root, name)
);
INSERT INTO recordings_v2 SELECT * FROM recordings;
DROP TABLE recordings;
ALTER TABLE recordings_v2 RENAME TO recordings;
CREATE INDEX recordings_by_fingerprint ON recordings (fingerprint);

ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'import' CHECK (origin IN ('import', 'user'));
ALTER TABLE events ADD COLUMN detached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN detached INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3: what annotators make. Segments of a recording (detected or drawn by
    // a person) and preference pairs drafted from them or imported from a
    // dataset file. A person's edit bumps `version`: a save that names an
    // older version is a conflict, never an overwrite. Ids are never reused
    // (AUTOINCREMENT): an undo that restores a deleted row by its id cannot
    // meet another workstation's new row there.
    R"sql(
CREATE TABLE segments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('takeover', 'infraction', 'divergence', 'manual')),
  start_frame INTEGER NOT NULL, end_frame INTEGER NOT NULL, event_frame INTEGER NOT NULL,
  start_s REAL NOT NULL, end_s REAL NOT NULL, event_s REAL NOT NULL,
  category TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  edited INTEGER NOT NULL DEFAULT 0,
  detected_key TEXT,
  detached INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK (start_frame <= end_frame)
);
CREATE INDEX segments_by_recording ON segments (recording_id, start_frame);
CREATE UNIQUE INDEX segments_by_detection ON segments (recording_id, detected_key) WHERE detected_key IS NOT NULL;

-- Detections a person deleted: detecting again must not bring them back.
CREATE TABLE dismissed_detections (
  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
  detected_key TEXT NOT NULL,
  PRIMARY KEY (recording_id, detected_key)
) WITHOUT ROWID;

CREATE TABLE pairs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  segment_id INTEGER REFERENCES segments (id) ON DELETE CASCADE,
  recording_id INTEGER REFERENCES recordings (id) ON DELETE CASCADE,
  decision_frame INTEGER NOT NULL DEFAULT -1,
  prompt_frames TEXT NOT NULL DEFAULT '',
  camera TEXT NOT NULL DEFAULT '',
  question TEXT NOT NULL,
  chosen TEXT NOT NULL, chosen_speed TEXT NOT NULL DEFAULT '', chosen_dir TEXT NOT NULL DEFAULT '',
  rejected TEXT NOT NULL, rejected_speed TEXT NOT NULL DEFAULT '', rejected_dir TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'needs-review', 'approved', 'rejected')),
  author TEXT NOT NULL DEFAULT '', reviewer TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  detached INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  reviewed_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pairs_by_segment ON pairs (segment_id);
CREATE INDEX pairs_by_status ON pairs (status);

-- The images of a pair imported from a dataset file, referenced like media.
CREATE TABLE pair_images (
  pair_id INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path TEXT NOT NULL, size INTEGER NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY (pair_id, position)
) WITHOUT ROWID;
)sql",
    // 4: training runs and the model registry. A run trains on a snapshot
    // (its folder's data/, hashed) and keeps its configuration, metric series
    // and outcome for good; a run left "running" by a GUI or machine that
    // died is found by its owner (host, pid) and heartbeat. Models come from
    // runs or from folders a person adds; deleting one never deletes a run.
    R"sql(
CREATE TABLE models (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  backend TEXT NOT NULL DEFAULT 'native',
  location TEXT NOT NULL,
  parent_id INTEGER REFERENCES models (id) ON DELETE SET NULL,
  run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('sft', 'dpo')),
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  config TEXT NOT NULL,
  folder TEXT NOT NULL,
  snapshot_hash TEXT NOT NULL DEFAULT '',
  pair_ids TEXT NOT NULL DEFAULT '',
  examples INTEGER NOT NULL DEFAULT 0,
  base_model_id INTEGER REFERENCES models (id) ON DELETE SET NULL,
  output_model_id INTEGER REFERENCES models (id) ON DELETE SET NULL,
  rerun_of INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  device TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  stderr_tail TEXT NOT NULL DEFAULT '',
  owner_host TEXT NOT NULL DEFAULT '',
  owner_pid INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  heartbeat_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  duration_s REAL NOT NULL DEFAULT 0
);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE run_metrics (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  split TEXT NOT NULL CHECK (split IN ('train', 'eval')),
  name TEXT NOT NULL,
  step INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (run_id, split, name, step)
) WITHOUT ROWID;
)sql",
}};

int pragmaInt(Database& db, const char* pragma) {
    Statement q(db, std::string("PRAGMA ") + pragma);
    return q.step() ? q.integer(0) : -1;
}

bool foreignKeysHold(Database& db) {
    Statement check(db, "PRAGMA foreign_key_check");
    if (check.step()) {
        db.setError("foreign key check failed in table " + check.text(0));
        return false;
    }
    return !check.failed();
}

}  // namespace

const char* migrationSql(int version) {
    return version >= 1 && version <= kSchemaVersion ? kMigrations[version - 1] : nullptr;
}

SchemaResult migrate(Database& db) {
    SchemaResult result;
    const int appId = pragmaInt(db, "application_id");
    const int version = pragmaInt(db, "user_version");
    result.fromVersion = version;
    if (appId < 0 || version < 0) {
        result.error = "is not a readable SQLite database: " + db.lastError();
        result.status = SchemaStatus::NotAProject;
        return result;
    }
    bool empty = false;
    {
        Statement tables(db, "SELECT count(*) FROM sqlite_schema");
        empty = tables.step() && tables.integer(0) == 0;
    }
    if (appId != kApplicationId && !(appId == 0 && empty)) {
        result.status = SchemaStatus::NotAProject;
        result.error = "is a SQLite database but not a CoReVLA project";
        return result;
    }
    if (version > kSchemaVersion) {
        result.status = SchemaStatus::TooNew;
        result.error = "project schema version " + std::to_string(version) +
                       " is newer than this program supports (" + std::to_string(kSchemaVersion) +
                       "); update CoReVLA Workstation. The file was not changed.";
        return result;
    }
    // A migration may rebuild a table that others reference: with foreign
    // keys on, dropping it would delete every child row. They are checked as
    // a whole before each migration commits instead.
    const int foreignKeys = pragmaInt(db, "foreign_keys");
    if (version < kSchemaVersion) db.exec("PRAGMA foreign_keys = OFF");
    for (int next = version + 1; next <= kSchemaVersion; ++next) {
        Transaction tx(db);
        const std::string bump = "PRAGMA user_version = " + std::to_string(next) +
                                 "; PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
        if (!tx.ok() || !db.exec(kMigrations[next - 1]) || !foreignKeysHold(db) || !db.exec(bump) ||
            !tx.commit()) {
            result.status = SchemaStatus::Failed;
            if (foreignKeys > 0) db.exec("PRAGMA foreign_keys = ON");
            result.error = "migration to schema version " + std::to_string(next) + " failed: " + db.lastError();
            return result;
        }
    }
    if (foreignKeys > 0) db.exec("PRAGMA foreign_keys = ON");
    result.toVersion = kSchemaVersion;
    result.status = version == kSchemaVersion ? SchemaStatus::Current
                    : version == 0           ? SchemaStatus::Created
                                             : SchemaStatus::Upgraded;
    return result;
}

}  // namespace corevla
