// SPDX-License-Identifier: MIT
// Segments and preference pairs in the project database. Every save is one
// statement (or one transaction) and commits at once: a crash loses nothing.
// A save names the version it was read at; when another workstation saved
// the same row since, it is a conflict and the current row comes back,
// never an overwrite. Errors are values; lastError() names the project file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/annotation.h"

namespace corevla {

class Project;

enum class SaveOutcome { Saved, Conflict, Missing, Failed };

template <typename T>
struct Saved {
    SaveOutcome outcome = SaveOutcome::Failed;
    std::optional<T> current;  // Saved: as stored now (new version); Conflict: the other save's
    bool ok() const { return outcome == SaveOutcome::Saved; }
};

struct PairFilter {
    std::optional<PairStatus> status;
    std::string category;       // the segment's; empty: any
    std::int64_t recording = 0;  // 0: any
    std::int64_t segment = 0;    // 0: any
    std::string author;          // empty: any
};

class AnnotationStore {
public:
    explicit AnnotationStore(Project& project);
    const std::string& lastError() const { return m_error; }

    // --- segments
    std::optional<std::vector<Segment>> segments(std::int64_t recording = 0);  // 0: every recording's
    std::optional<Segment> segment(std::int64_t id);
    // Inserts; a segment with an id (an undone delete) comes back under it.
    std::optional<std::int64_t> insertSegment(const Segment& segment);
    Saved<Segment> saveSegment(const Segment& segment);
    // Deletes the segment and its pairs (the caller asked the person first).
    // A deleted detection stays deleted when detecting again (until an undo
    // inserts it back).
    bool removeSegment(std::int64_t id);

    struct Detected {
        int inserted = 0, updated = 0, unchanged = 0, keptEdited = 0;
        int dismissed = 0;  // found again, but a person had deleted it: left deleted
        std::vector<Segment> segments;  // as stored, in the order found
    };
    // What detection found for a recording, in one transaction: new ones are
    // inserted, earlier detections moved to the new bounds, and a segment a
    // person edited or deleted is never touched. Nothing is deleted.
    std::optional<Detected> storeDetected(std::int64_t recording, const std::vector<Segment>& found);

    // --- pairs
    std::optional<std::vector<PreferencePair>> pairs(const PairFilter& filter = {});
    std::optional<PreferencePair> pair(std::int64_t id);
    std::optional<std::int64_t> insertPair(const PreferencePair& pair);
    Saved<PreferencePair> savePair(const PreferencePair& pair);
    bool removePair(std::int64_t id);

private:
    bool fail(const std::string& what);

    Project& m_project;
    std::string m_error;
};

}  // namespace corevla
