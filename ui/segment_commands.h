// SPDX-License-Identifier: MIT
// One QUndoCommand per segment edit. redo() and undo() each write to the
// project at once, in one transaction (all of the edit or none of it), through
// SegmentEditor's apply*() methods. An edit that cannot be applied (another
// workstation changed the row, the disk failed) marks itself obsolete, so
// QUndoStack drops it instead of keeping a step that did not happen.
// Every state a command writes is a person's (edited = true); undo writes
// back exactly the row it replaced.
#pragma once

#include <QUndoCommand>
#include <functional>
#include <vector>

#include "storage/annotation.h"
#include "storage/types.h"

namespace corevla::ui {

class SegmentEditor;

class SegmentCommand : public QUndoCommand {
public:
    // Applies the edit before the command goes on the stack: one that cannot
    // be applied is never pushed (and so never cuts off the redo history).
    bool applyFirst();
    void redo() final;
    void undo() final { revert(); }

protected:
    SegmentCommand(SegmentEditor* editor, const QString& text) : QUndoCommand(text), m_editor(editor) {}
    virtual void apply() = 0;
    virtual void revert() = 0;
    // Runs apply in one write transaction: true when it committed; otherwise
    // nothing was written and the command is obsolete.
    bool run(const std::function<bool()>& apply);

    SegmentEditor* m_editor;

private:
    bool m_applied = false;  // by applyFirst(): the push's redo() has nothing left to do
};

// A new segment a person made.
class AddSegmentCommand : public SegmentCommand {
public:
    AddSegmentCommand(SegmentEditor* editor, const Segment& segment);
    void apply() override;
    void revert() override;

private:
    Segment m_segment;  // its id once inserted: a redo brings it back under the same id
};

// Any change to one segment's fields: set in, set out, edges dragged,
// category, note. Moves of one drag gesture merge into one step.
class UpdateSegmentCommand : public SegmentCommand {
public:
    UpdateSegmentCommand(SegmentEditor* editor, const QString& text, const Segment& before, const Segment& after,
                         int gesture = 0);
    void apply() override;
    void revert() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    Segment m_before, m_after;
    int m_gesture;
};

// The part of a segment from a frame on becomes a new segment; pairs
// deciding in that part go with it.
class SplitSegmentCommand : public SegmentCommand {
public:
    SplitSegmentCommand(SegmentEditor* editor, const Segment& before, const Segment& first, const Segment& second);
    void apply() override;
    void revert() override;

private:
    Segment m_before, m_first, m_second;
    std::vector<std::int64_t> m_movedPairs;
};

// Two segments become the first one, covering both; the second's pairs move to it.
class MergeSegmentsCommand : public SegmentCommand {
public:
    MergeSegmentsCommand(SegmentEditor* editor, const Segment& first, const Segment& second, const Segment& merged);
    void apply() override;
    void revert() override;

private:
    Segment m_first, m_second, m_merged;
    std::vector<std::int64_t> m_movedPairs;
};

// Deletes a segment and its pairs; undo brings back both, under their ids.
class RemoveSegmentCommand : public SegmentCommand {
public:
    RemoveSegmentCommand(SegmentEditor* editor, const Segment& segment);
    void apply() override;
    void revert() override;

private:
    Segment m_segment;
    std::vector<PreferencePair> m_pairs;  // read when deleting
};

// A person's bookmark at a frame; a redo brings it back under the same id.
class AddBookmarkCommand : public SegmentCommand {
public:
    AddBookmarkCommand(SegmentEditor* editor, std::int64_t recording, const Event& bookmark);
    void apply() override;
    void revert() override;

private:
    std::int64_t m_recording;
    Event m_bookmark;
};

}  // namespace corevla::ui
