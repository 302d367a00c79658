// SPDX-License-Identifier: MIT
#include "ui/segment_commands.h"

#include <QObject>

#include "storage/database.h"
#include "storage/project.h"
#include "ui/segment_editor.h"

namespace corevla::ui {
namespace {

constexpr int kDragId = 0x5e9d;  // UpdateSegmentCommand::id() of drag moves

}  // namespace

bool SegmentCommand::applyFirst() {
    apply();
    m_applied = !isObsolete();
    return m_applied;
}

void SegmentCommand::redo() {
    if (m_applied) m_applied = false;
    else apply();
}

bool SegmentCommand::run(const std::function<bool()>& apply) {
    Project* project = m_editor->project();
    bool ok = false;
    if (!project) {
        m_editor->fail(QObject::tr("No project is open."));
    } else {
        const auto failed = [project](const QString& what) {
            return what.arg(QString::fromStdString(project->path()), QString::fromStdString(project->database().lastError()));
        };
        Transaction tx(project->database());  // rolls back in its destructor unless committed
        if (!tx.ok()) m_editor->fail(failed(QObject::tr("Cannot write to %1: %2")));
        else if (!apply()) {}  // apply said why
        else if (!tx.commit()) m_editor->fail(failed(QObject::tr("Cannot save to %1: %2")));
        else ok = true;
    }
    setObsolete(!ok);  // QUndoStack drops an obsolete command (an undo or redo that failed): no step for what did not happen
    return ok;
}

// ---- add

AddSegmentCommand::AddSegmentCommand(SegmentEditor* editor, const Segment& segment)
    : SegmentCommand(editor, QObject::tr("Add segment (frames %1–%2)").arg(segment.startFrame).arg(segment.endFrame)),
      m_segment(segment) {}

void AddSegmentCommand::apply() {
    const bool ok = run([this] { return m_editor->applyInsert(m_segment); });
    m_editor->refresh({m_segment.id}, ok ? m_segment.id : -1);
}

void AddSegmentCommand::revert() {
    run([this] { return m_editor->applyRemove(m_segment, nullptr); });
    m_editor->refresh({m_segment.id}, -1);
}

// ---- update

UpdateSegmentCommand::UpdateSegmentCommand(SegmentEditor* editor, const QString& text, const Segment& before,
                                           const Segment& after, int gesture)
    : SegmentCommand(editor, text), m_before(before), m_after(after), m_gesture(gesture) {}

void UpdateSegmentCommand::apply() {
    const bool ok = run([this] { return m_editor->applySave(m_before, m_after); });
    m_editor->refresh({m_after.id}, ok ? m_after.id : -1);
}

void UpdateSegmentCommand::revert() {
    const bool ok = run([this] { return m_editor->applySave(m_after, m_before); });
    m_editor->refresh({m_before.id}, ok ? m_before.id : -1);
}

int UpdateSegmentCommand::id() const { return m_gesture ? kDragId : -1; }

bool UpdateSegmentCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const UpdateSegmentCommand*>(other);  // the same id(): the same class
    if (next->isObsolete() || next->m_gesture != m_gesture || next->m_after.id != m_after.id) return false;
    m_after = next->m_after;
    setObsolete(SegmentEditor::sameContent(m_before, m_after));  // dragged back to where it was: no step
    return true;
}

// ---- split

SplitSegmentCommand::SplitSegmentCommand(SegmentEditor* editor, const Segment& before, const Segment& first,
                                         const Segment& second)
    : SegmentCommand(editor, QObject::tr("Split segment %1 at frame %2").arg(before.id).arg(second.startFrame)),
      m_before(before), m_first(first), m_second(second) {}

void SplitSegmentCommand::apply() {
    const bool ok = run([this] {
        if (!m_editor->applySave(m_before, m_first) || !m_editor->applyInsert(m_second)) return false;
        const auto moved = m_editor->applyMovePairs(m_before.id, m_second.id, m_second.startFrame);
        if (moved) m_movedPairs = *moved;
        return moved.has_value();
    });
    m_editor->refresh({m_before.id, m_second.id}, ok ? m_second.id : -1);
}

void SplitSegmentCommand::revert() {
    const bool ok = run([this] {
        return m_editor->applyMovePairsBack(m_movedPairs, m_second.id, m_before.id) &&
               m_editor->applyRemove(m_second, nullptr) && m_editor->applySave(m_first, m_before);
    });
    m_editor->refresh({m_before.id, m_second.id}, ok ? m_before.id : -1);
}

// ---- merge

MergeSegmentsCommand::MergeSegmentsCommand(SegmentEditor* editor, const Segment& first, const Segment& second,
                                           const Segment& merged)
    : SegmentCommand(editor, QObject::tr("Merge segments %1 and %2").arg(first.id).arg(second.id)), m_first(first),
      m_second(second), m_merged(merged) {}

void MergeSegmentsCommand::apply() {
    const bool ok = run([this] {
        const auto moved = m_editor->applyMovePairs(m_second.id, m_first.id);
        if (!moved) return false;
        m_movedPairs = *moved;
        return m_editor->applyRemove(m_second, nullptr) && m_editor->applySave(m_first, m_merged);
    });
    m_editor->refresh({m_first.id, m_second.id}, ok ? m_first.id : -1);
}

void MergeSegmentsCommand::revert() {
    const bool ok = run([this] {
        Segment second = m_second;  // comes back under its id
        return m_editor->applyInsert(second) && m_editor->applyMovePairsBack(m_movedPairs, m_first.id, m_second.id) &&
               m_editor->applySave(m_merged, m_first);
    });
    m_editor->refresh({m_first.id, m_second.id}, ok ? m_first.id : -1);
}

// ---- remove

RemoveSegmentCommand::RemoveSegmentCommand(SegmentEditor* editor, const Segment& segment)
    : SegmentCommand(editor, QObject::tr("Delete segment %1 (frames %2–%3)").arg(segment.id).arg(segment.startFrame).arg(segment.endFrame)),
      m_segment(segment) {}

void RemoveSegmentCommand::apply() {
    run([this] {
        m_pairs.clear();
        return m_editor->applyRemove(m_segment, &m_pairs);
    });
    m_editor->refresh({m_segment.id}, -1);
}

void RemoveSegmentCommand::revert() {
    const bool ok = run([this] {
        Segment segment = m_segment;
        return m_editor->applyInsert(segment) && m_editor->applyInsertPairs(m_pairs);
    });
    m_editor->refresh({m_segment.id}, ok ? m_segment.id : -1);
}

// ---- bookmark

AddBookmarkCommand::AddBookmarkCommand(SegmentEditor* editor, std::int64_t recording, const Event& bookmark)
    : SegmentCommand(editor, QObject::tr("Add bookmark at frame %1").arg(bookmark.frame)), m_recording(recording),
      m_bookmark(bookmark) {}

void AddBookmarkCommand::apply() {
    run([this] {
        const auto id = m_editor->applyAddEvent(m_recording, m_bookmark);
        if (id) m_bookmark.id = *id;
        return id.has_value();
    });
    Q_EMIT m_editor->eventsChanged(m_recording);
}

void AddBookmarkCommand::revert() {
    run([this] { return m_editor->applyRemoveEvent(m_recording, m_bookmark.id); });
    Q_EMIT m_editor->eventsChanged(m_recording);
}

}  // namespace corevla::ui
