// SPDX-License-Identifier: MIT
// A project: one SQLite file holding the recordings' index (frames, events,
// decisions, media fingerprints). Media stays where it is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/schema.h"
#include "storage/types.h"

namespace corevla {

class Project {
public:
    enum class Mode { OpenExisting, OpenOrCreate };
    bool open(const std::string& path, Mode mode);
    const std::string& path() const { return m_path; }
    const std::string& lastError() const { return m_error; }
    const SchemaResult& schema() const { return m_schema; }

    enum class StoreOutcome { Inserted, Unchanged, Changed, Replaced, Failed };
    struct StoreResult {
        StoreOutcome outcome = StoreOutcome::Failed;
        std::int64_t id = 0;
        std::vector<std::string> changes;  // for Changed/Replaced: what differs from the stored copy
        std::string error;
    };
    // Stores a recording in one transaction, all or nothing. A recording
    // already in the project (same source and root, or the same content
    // elsewhere) is not duplicated; if its files changed, the differences are
    // reported and the stored copy is kept unless replaceChanged is set.
    StoreResult store(const Recording& recording, bool replaceChanged = false);

    // Adds decisions to a stored recording found by source and name, replacing
    // earlier ones of the same origin. Returns the recording id, or 0.
    std::int64_t attachDecisions(SourceKind source, const std::string& name, const std::string& origin,
                                 const std::vector<Decision>& decisions);

    std::vector<RecordingSummary> recordings();
    std::optional<RecordingSummary> summary(std::int64_t id);
    // The whole recording; frames only when asked (they can be large).
    std::optional<Recording> load(std::int64_t id, bool withFrames = true);
    std::vector<Frame> frames(std::int64_t id, int first, int last);
    std::vector<Event> events(std::int64_t id);
    std::vector<Decision> decisions(std::int64_t id);
    std::vector<Camera> cameras(std::int64_t id);
    std::vector<MediaFile> media(std::int64_t id);
    bool remove(std::int64_t id);

    Database& database() { return m_db; }

private:
    std::int64_t insert(const Recording& recording, const std::string& fingerprint);
    bool fail(std::string message);

    Database m_db;
    std::string m_path, m_error;
    SchemaResult m_schema;
};

// Fingerprint of a recording's content: its kind, name and media digests.
std::string fingerprint(const Recording& recording);

}  // namespace corevla
