// SPDX-License-Identifier: MIT
// Segment editing: the open recording's segments, the selected one, and
// every edit as one command on the undo stack passed in (Shotcut's markers
// model and commands, Kdenlive's marker list: the stack is not a global).
// The public edit methods push commands; the apply*() methods are what the
// commands call, each writing to the project at once, so a crash loses
// nothing. A row another workstation saved since this one read it is never
// written over: the edit is refused and problem() says so.
// Frame numbers are Frame::index.
#pragma once

#include <QObject>
#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "storage/annotation.h"
#include "storage/types.h"

class QUndoStack;

namespace corevla {
class AnnotationStore;
class Project;
}  // namespace corevla

namespace corevla::ui {

class SegmentCommand;

class SegmentEditor : public QObject {
    Q_OBJECT
public:
    explicit SegmentEditor(QUndoStack* stack, QObject* parent = nullptr);
    ~SegmentEditor() override;

    // The project edits go to (nullptr: none). Another project clears the undo history.
    void setProject(Project* project);
    Project* project() const { return m_project; }
    AnnotationStore* store() const { return m_store.get(); }
    QUndoStack* undoStack() const { return m_stack; }
    // The recording the playhead is in (its frames give segments their times); nullptr: none.
    void setRecording(const Recording* recording);
    const Recording* recording() const { return m_recording; }
    // Reads the open recording's segments again.
    void reload();

    const std::vector<Segment>& segments() const { return m_segments; }  // the open recording's, by start
    const Segment* find(std::int64_t id) const;
    std::int64_t selected() const { return m_selected; }
    const Segment* selectedSegment() const { return find(m_selected); }
    void select(std::int64_t id);  // 0, or a segment not in the open recording: none
    // The first segment starting after frame / the last starting before it; 0: none.
    std::int64_t nextSegment(int frame) const;
    std::int64_t previousSegment(int frame) const;

    // Edits: each is one undo step, written at once. False when nothing was
    // done; problem() then says why, unless there was nothing to do.
    bool setIn(int frame);   // the selected segment's first frame; nothing selected: a new segment there
    bool setOut(int frame);  // its last frame; likewise
    bool addSegment(int first, int last);
    // Moves both edges. Moves of one drag gesture (the same nonzero number) are one undo step.
    bool setBounds(std::int64_t id, int first, int last, int gesture = 0);
    bool split(int frame);  // the selected segment: the part from frame on becomes a new segment
    bool mergeWithNext();   // the selected segment and the next one
    // `seen`: the segment as the person saw it (a table row, the selection).
    bool remove(const Segment& seen);
    bool setCategory(const Segment& seen, const QString& category);
    bool setNote(const Segment& seen, const QString& note);
    bool addBookmark(int frame);

    // Who edits: $COREVLA_USER, else $USER, else "annotator".
    static QString author();
    // The fields a person edits (and what detection set): equal means nothing to save.
    static bool sameContent(const Segment& a, const Segment& b);

    // --- called by the commands only (segment_commands.cpp), inside their transaction
    // Saves `wanted` if the row still holds `expected`; otherwise a conflict.
    bool applySave(const Segment& expected, const Segment& wanted);
    // Inserts; the first time sets segment.id, later (a redo) inserts under it.
    bool applyInsert(Segment& segment);
    // Deletes the row if it still holds `expected`. With pairs == nullptr a
    // segment that has pairs is refused; otherwise its pairs are read into
    // *pairs and deleted with it.
    bool applyRemove(const Segment& expected, std::vector<PreferencePair>* pairs);
    bool applyInsertPairs(const std::vector<PreferencePair>& pairs);
    // Pairs of `from` (all of them, or those deciding at or after fromFrame)
    // move to `to`; their ids are returned so that an undo can move them back.
    std::optional<std::vector<std::int64_t>> applyMovePairs(std::int64_t from, std::int64_t to, int fromFrame = -1);
    bool applyMovePairsBack(const std::vector<std::int64_t>& pairs, std::int64_t from, std::int64_t to);
    std::optional<std::int64_t> applyAddEvent(std::int64_t recording, const Event& event);
    bool applyRemoveEvent(std::int64_t recording, std::int64_t id);
    // After a command: re-reads the segments it touched and tells the views;
    // selection > 0 selects that segment if it is the open recording's, 0 none,
    // -1 keeps the selection (unless its segment is gone).
    void refresh(const std::vector<std::int64_t>& touched, std::int64_t selection);
    bool fail(const QString& message);  // emits problem(); returns false

Q_SIGNALS:
    void segmentsChanged();  // the open recording's list: bands, selection
    void segmentStored(const corevla::Segment& segment);  // as stored now, any recording
    void segmentRemoved(std::int64_t id);
    void selectionChanged(std::int64_t id);
    void eventsChanged(std::int64_t recording);  // a bookmark added or removed
    void problem(const QString& message);

private:
    bool editable(const Segment* segment, const QString& what);
    Segment withFrames(Segment segment, int first, int last) const;  // times from the recording's frames
    int previousIndex(int frame) const;  // the frame number before frame in the recording
    bool storeFailed();  // problem() with the store's error
    bool push(SegmentCommand* command);  // applies it, then puts it on the stack; false: refused, not pushed

    QUndoStack* m_stack;
    Project* m_project = nullptr;
    std::unique_ptr<AnnotationStore> m_store;
    const Recording* m_recording = nullptr;
    std::vector<Segment> m_segments;
    std::int64_t m_selected = 0;
};

}  // namespace corevla::ui
