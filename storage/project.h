// SPDX-License-Identifier: MIT
// A project: one SQLite file holding the recordings' index (frames, events,
// decisions, media fingerprints) and the work people attach to them. Media
// stays where it is.
//
// A recording keeps its id for life: re-importing it (changed, replaced or
// moved) updates it in place, so what hangs on it is never cascaded away.
// Only remove() deletes, and removalImpact() says first what goes with it.
//
// Reads return nullopt when SQLite fails (busy, I/O error, corruption) or the
// thing asked for is not there; lastError() then names the file and says
// which. Nothing partial is returned as if whole.
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

    enum class StoreOutcome { Inserted, Unchanged, Changed, Replaced, Moved, Failed };
    // One difference between the stored copy and the files now: `file` is
    // relative to the recording's root, empty for the recording as a whole.
    struct Change {
        std::string file, message;
    };
    struct StoreResult {
        StoreOutcome outcome = StoreOutcome::Failed;
        std::int64_t id = 0;
        std::vector<Change> changes;  // Changed/Replaced: what differs from the stored copy
        std::string note;             // Moved, or the same content found elsewhere: what was done
        std::string error;
    };
    // Stores a recording in one write transaction, all or nothing; the
    // duplicate checks run inside it. The same recording (source, root, name)
    // with the same content is Unchanged; with other content it is Changed
    // (the differences listed, the stored copy kept) or, with replaceChanged,
    // Replaced in place under the same id. The same content under a root that
    // no longer exists is Moved (the root updated in place); under a root
    // that still exists it is a copy and Unchanged.
    StoreResult store(const Recording& recording, bool replaceChanged = false);

    // Adds decisions to a stored recording found by source and name, replacing
    // earlier ones of the same origin. Returns the recording id, or 0.
    std::int64_t attachDecisions(SourceKind source, const std::string& name, const std::string& origin,
                                 const std::vector<Decision>& decisions);
    // A person's bookmark or note on a stored recording (kept through
    // re-imports). Returns the event's id, or nullopt. An event with an id
    // (a redone bookmark) comes back under it.
    std::optional<std::int64_t> addEvent(std::int64_t recording, const Event& event);
    // Deletes a bookmark or note a person made (an undone one); the
    // recording's own events are never deleted here. False when it fails or is not there.
    bool removeUserEvent(std::int64_t id);

    std::optional<std::vector<RecordingSummary>> recordings();
    // Every imported evaluation route, by results file then recording.
    std::optional<std::vector<EvalRoute>> evaluationRoutes();
    std::optional<RecordingSummary> summary(std::int64_t id);
    // The recording, read in one snapshot: every frame (maxFrames < 0), or
    // only its first maxFrames (a quick first look at a long recording).
    std::optional<Recording> load(std::int64_t id, int maxFrames = -1);
    // Frames with first <= index <= last, in order; at most `limit` (< 0: all).
    std::optional<std::vector<Frame>> frames(std::int64_t id, int first, int last, int limit = -1);
    std::optional<std::vector<Event>> events(std::int64_t id);
    std::optional<std::vector<Decision>> decisions(std::int64_t id);
    std::optional<std::vector<Camera>> cameras(std::int64_t id);
    std::optional<std::vector<MediaFile>> media(std::int64_t id);

    // What deleting a recording takes with it, for the confirmation.
    struct RemovalImpact {
        int frames = 0, events = 0, userEvents = 0, decisions = 0, attachedDecisions = 0;
        int segments = 0, editedSegments = 0, pairs = 0, reviewedPairs = 0;  // what people made
    };
    std::optional<RemovalImpact> removalImpact(std::int64_t id);
    // Deletes a recording and everything attached to it. Only a person's
    // explicit request calls this, after removalImpact().
    bool remove(std::int64_t id);

    Database& database() { return m_db; }

private:
    struct Existing;
    bool find(const Recording& recording, const std::string& print, std::optional<Existing>& found);
    bool insertRow(const Recording& recording, const std::string& print, std::int64_t* id);
    bool updateRow(std::int64_t id, const Recording& recording, const std::string& print);
    bool insertContent(std::int64_t id, const Recording& recording);
    bool replaceContent(std::int64_t id, const Recording& recording);
    bool applyDecisionsInForce(std::int64_t id, const std::string& origin);
    bool flagDetached(std::int64_t id);
    std::optional<std::vector<Change>> differences(std::int64_t id, const Recording& now);
    template <typename T>
    std::optional<T> failed(const std::string& what);  // nullopt, with lastError() = "<file>: <what>: <SQLite's message>"
    bool fail(const std::string& message);

    Database m_db;
    std::string m_path, m_error;
    SchemaResult m_schema;
};

// Fingerprint of a recording's content: its kind, name, content digest and
// media digests.
std::string fingerprint(const Recording& recording);

}  // namespace corevla
