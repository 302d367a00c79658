// SPDX-License-Identifier: MIT
#include "ui/segment_editor.h"

#include <QUndoStack>
#include <algorithm>

#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/recording_time.h"
#include "ui/segment_commands.h"

namespace corevla::ui {
namespace {

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

bool byStart(const Segment& a, const Segment& b) {
    return a.startFrame != b.startFrame ? a.startFrame < b.startFrame : a.id < b.id;
}

}  // namespace

SegmentEditor::SegmentEditor(QUndoStack* stack, QObject* parent) : QObject(parent), m_stack(stack) {}

SegmentEditor::~SegmentEditor() = default;

void SegmentEditor::setProject(Project* project) {
    m_stack->clear();  // its commands name rows of the other project
    m_project = project;
    m_store = project ? std::make_unique<AnnotationStore>(*project) : nullptr;
    m_recording = nullptr;
    reload();
}

void SegmentEditor::setRecording(const Recording* recording) {
    const bool same = recording && m_recording && recording->id == m_recording->id;
    m_recording = recording && !recording->frames.empty() ? recording : nullptr;
    if (!same) m_selected = 0;
    reload();
}

void SegmentEditor::reload() {
    m_segments.clear();
    if (m_store && m_recording) {
        if (auto list = m_store->segments(m_recording->id)) m_segments = std::move(*list);
        else storeFailed();
    }
    std::sort(m_segments.begin(), m_segments.end(), byStart);
    if (!find(m_selected)) m_selected = 0;
    Q_EMIT segmentsChanged();
    Q_EMIT selectionChanged(m_selected);
}

const Segment* SegmentEditor::find(std::int64_t id) const {
    if (!id) return nullptr;
    const auto it = std::find_if(m_segments.begin(), m_segments.end(), [id](const Segment& s) { return s.id == id; });
    return it == m_segments.end() ? nullptr : &*it;
}

void SegmentEditor::select(std::int64_t id) {
    if (!find(id)) id = 0;
    if (id == m_selected) return;
    m_selected = id;
    Q_EMIT selectionChanged(id);
}

std::int64_t SegmentEditor::nextSegment(int frame) const {
    for (const Segment& s : m_segments)
        if (s.startFrame > frame) return s.id;
    return 0;
}

std::int64_t SegmentEditor::previousSegment(int frame) const {
    for (auto it = m_segments.rbegin(); it != m_segments.rend(); ++it)
        if (it->startFrame < frame) return it->id;
    return 0;
}

QString SegmentEditor::author() {
    for (const char* variable : {"COREVLA_USER", "USER"})
        if (const QString name = qEnvironmentVariable(variable); !name.isEmpty()) return name;
    return QStringLiteral("annotator");
}

bool SegmentEditor::sameContent(const Segment& a, const Segment& b) {
    return a.id == b.id && a.recording == b.recording && a.kind == b.kind && a.startFrame == b.startFrame &&
           a.endFrame == b.endFrame && a.eventFrame == b.eventFrame && a.category == b.category && a.note == b.note &&
           a.edited == b.edited && a.detectedKey == b.detectedKey;
}

// ---- edits

bool SegmentEditor::push(SegmentCommand* command) {
    if (!command->applyFirst()) {  // written to the project now, or refused
        delete command;
        return false;
    }
    m_stack->push(command);
    return true;
}

bool SegmentEditor::editable(const Segment* segment, const QString& what) {
    if (!m_store) return fail(tr("No project is open."));
    if (!m_recording) return fail(tr("Open a recording first."));
    if (!segment) return fail(tr("Select a segment to %1 (click its band on the timeline).").arg(what));
    return true;
}

Segment SegmentEditor::withFrames(Segment s, int first, int last) const {
    s.startFrame = std::min(first, last);
    s.endFrame = std::max(first, last);
    s.startS = frameTime(*m_recording, s.startFrame);
    s.endS = frameTime(*m_recording, s.endFrame);
    s.edited = true;
    return s;
}

int SegmentEditor::previousIndex(int frame) const {
    const int position = framePosition(*m_recording, frame);
    const int before = m_recording->frames[std::size_t(position)].index < frame ? position : position - 1;
    return before >= 0 ? m_recording->frames[std::size_t(before)].index : frame - 1;
}

bool SegmentEditor::setIn(int frame) {
    const Segment* s = selectedSegment();
    if (!s) return addSegment(frame, frame);
    if (frame == s->startFrame) return false;
    if (frame > s->endFrame)
        return fail(tr("The in point (frame %1) cannot be after the out point (frame %2).").arg(frame).arg(s->endFrame));
    return push(new UpdateSegmentCommand(this, tr("Set in of segment %1 to frame %2").arg(s->id).arg(frame), *s,
                                  withFrames(*s, frame, s->endFrame)));
}

bool SegmentEditor::setOut(int frame) {
    const Segment* s = selectedSegment();
    if (!s) return addSegment(frame, frame);
    if (frame == s->endFrame) return false;
    if (frame < s->startFrame)
        return fail(tr("The out point (frame %1) cannot be before the in point (frame %2).").arg(frame).arg(s->startFrame));
    return push(new UpdateSegmentCommand(this, tr("Set out of segment %1 to frame %2").arg(s->id).arg(frame), *s,
                                  withFrames(*s, s->startFrame, frame)));
}

bool SegmentEditor::addSegment(int first, int last) {
    if (!m_store || !m_recording) return fail(tr("Open a recording first."));
    Segment s;
    s.recording = m_recording->id;
    s.kind = SegmentKind::Manual;
    s.category = m_recording->scenario;  // what detection would say; a person changes it
    s.author = author().toStdString();
    s = withFrames(s, first, last);
    return push(new AddSegmentCommand(this, s));
}

bool SegmentEditor::setBounds(std::int64_t id, int first, int last, int gesture) {
    const Segment* s = find(id);
    if (!editable(s, tr("move"))) return false;
    const Segment after = withFrames(*s, first, last);
    if (after.startFrame == s->startFrame && after.endFrame == s->endFrame) return false;
    return push(new UpdateSegmentCommand(this, tr("Move segment %1 to frames %2–%3").arg(id).arg(after.startFrame).arg(after.endFrame),
                                  *s, after, gesture));
}

bool SegmentEditor::split(int frame) {
    const Segment* s = selectedSegment();
    if (!editable(s, tr("split"))) return false;
    if (frame <= s->startFrame || frame > s->endFrame)
        return fail(tr("Put the playhead inside the segment, after its first frame, to split it there."));
    Segment first = withFrames(*s, s->startFrame, previousIndex(frame));
    Segment second = withFrames(*s, frame, s->endFrame);
    second.id = 0;
    second.detectedKey.clear();  // detection knows the original by it, once
    second.author = author().toStdString();
    second.version = 1;
    if (s->eventFrame >= frame) first.eventFrame = -1, first.eventS = -1;
    else second.eventFrame = -1, second.eventS = -1;
    return push(new SplitSegmentCommand(this, *s, first, second));
}

bool SegmentEditor::mergeWithNext() {
    const Segment* s = selectedSegment();
    if (!editable(s, tr("merge"))) return false;
    const auto it = std::find_if(m_segments.begin(), m_segments.end(), [s](const Segment& x) { return x.id == s->id; });
    if (it + 1 == m_segments.end()) return fail(tr("Segment %1 is the last one of this recording: nothing to merge it with.").arg(s->id));
    const Segment& next = *(it + 1);
    Segment merged = withFrames(*s, s->startFrame, std::max(s->endFrame, next.endFrame));
    if (merged.eventFrame < 0) merged.eventFrame = next.eventFrame, merged.eventS = next.eventS;
    if (merged.category.empty()) merged.category = next.category;
    if (!next.note.empty()) merged.note += (merged.note.empty() ? "" : "\n") + next.note;
    return push(new MergeSegmentsCommand(this, *s, next, merged));
}

bool SegmentEditor::remove(const Segment& seen) {
    if (!m_store) return fail(tr("No project is open."));
    return push(new RemoveSegmentCommand(this, seen));
}

bool SegmentEditor::setCategory(const Segment& seen, const QString& category) {
    if (!m_store) return fail(tr("No project is open."));
    Segment after = seen;
    after.category = category.trimmed().toStdString();
    after.edited = true;
    if (after.category == seen.category) return false;
    return push(new UpdateSegmentCommand(this, tr("Set category of segment %1 to %2").arg(seen.id).arg(fromStd(after.category)),
                                  seen, after));
}

bool SegmentEditor::setNote(const Segment& seen, const QString& note) {
    if (!m_store) return fail(tr("No project is open."));
    Segment after = seen;
    after.note = note.trimmed().toStdString();
    after.edited = true;
    if (after.note == seen.note) return false;
    return push(new UpdateSegmentCommand(this, tr("Edit note of segment %1").arg(seen.id), seen, after));
}

bool SegmentEditor::addBookmark(int frame) {
    if (!m_store || !m_recording) return fail(tr("Open a recording first."));
    Event bookmark;
    bookmark.kind = EventKind::Bookmark;
    bookmark.frame = frame;
    bookmark.t = frameTime(*m_recording, frame);
    bookmark.userMade = true;
    return push(new AddBookmarkCommand(this, m_recording->id, bookmark));
}

// ---- what the commands call

bool SegmentEditor::fail(const QString& message) {
    Q_EMIT problem(message);
    return false;
}

bool SegmentEditor::storeFailed() { return fail(fromStd(m_store->lastError())); }

bool SegmentEditor::applySave(const Segment& expected, const Segment& wanted) {
    const auto current = m_store->segment(expected.id);
    if (!current) return fail(tr("Segment %1 is no longer in the project (deleted on another workstation?).").arg(expected.id));
    if (!sameContent(*current, expected))
        return fail(tr("Segment %1 was changed elsewhere since you saw it; its current state is shown and your edit was not saved.")
                        .arg(expected.id));
    Segment s = wanted;
    s.version = current->version;  // the save names the version it read: a concurrent save is a conflict
    const Saved<Segment> saved = m_store->saveSegment(s);
    if (saved.outcome == SaveOutcome::Conflict)
        return fail(tr("Segment %1 was saved by another workstation a moment ago; your edit was not saved.").arg(s.id));
    return saved.ok() || storeFailed();
}

bool SegmentEditor::applyInsert(Segment& segment) {
    const auto id = m_store->insertSegment(segment);
    if (!id) return storeFailed();
    segment.id = *id;
    return true;
}

bool SegmentEditor::applyRemove(const Segment& expected, std::vector<PreferencePair>* pairs) {
    const auto current = m_store->segment(expected.id);
    if (!current) return fail(tr("Segment %1 is no longer in the project (deleted on another workstation?).").arg(expected.id));
    if (!sameContent(*current, expected))
        return fail(tr("Segment %1 was changed elsewhere since you saw it; it was not deleted.").arg(expected.id));
    PairFilter filter;
    filter.segment = expected.id;
    auto attached = m_store->pairs(filter);
    if (!attached) return storeFailed();
    if (!pairs && !attached->empty())
        return fail(tr("Segment %1 has %n preference pair(s) now; delete it from the Segments list if you mean to.", nullptr,
                       int(attached->size()))
                        .arg(expected.id));
    if (pairs) *pairs = std::move(*attached);
    return m_store->removeSegment(expected.id) || storeFailed();
}

bool SegmentEditor::applyInsertPairs(const std::vector<PreferencePair>& pairs) {
    for (const PreferencePair& p : pairs)
        if (!m_store->insertPair(p)) return storeFailed();
    return true;
}

std::optional<std::vector<std::int64_t>> SegmentEditor::applyMovePairs(std::int64_t from, std::int64_t to, int fromFrame) {
    PairFilter filter;
    filter.segment = from;
    auto pairs = m_store->pairs(filter);
    if (!pairs) {
        storeFailed();
        return std::nullopt;
    }
    std::vector<std::int64_t> moved;
    for (PreferencePair& p : *pairs) {
        if (p.decisionFrame < fromFrame) continue;
        p.segment = to;
        if (!m_store->savePair(p).ok()) {
            fail(tr("Pair %1 could not follow its segment: %2").arg(p.id).arg(fromStd(m_store->lastError())));
            return std::nullopt;
        }
        moved.push_back(p.id);
    }
    return moved;
}

bool SegmentEditor::applyMovePairsBack(const std::vector<std::int64_t>& ids, std::int64_t from, std::int64_t to) {
    for (std::int64_t id : ids) {
        auto p = m_store->pair(id);
        if (!p || p->segment != from) return fail(tr("Pair %1 was changed elsewhere; nothing was undone.").arg(id));
        p->segment = to;
        if (!m_store->savePair(*p).ok()) return storeFailed();
    }
    return true;
}

std::optional<std::int64_t> SegmentEditor::applyAddEvent(std::int64_t recording, const Event& event) {
    const auto id = m_project->addEvent(recording, event);
    if (!id) fail(fromStd(m_project->lastError()));
    return id;
}

bool SegmentEditor::applyRemoveEvent(std::int64_t, std::int64_t id) {
    return m_project->removeUserEvent(id) || fail(fromStd(m_project->lastError()));
}

void SegmentEditor::refresh(const std::vector<std::int64_t>& touched, std::int64_t selection) {
    if (!m_store) return;
    bool mine = false;
    for (std::int64_t id : touched) {
        if (!id) continue;
        const auto it = std::find_if(m_segments.begin(), m_segments.end(), [id](const Segment& s) { return s.id == id; });
        if (it != m_segments.end()) m_segments.erase(it), mine = true;
        if (auto s = m_store->segment(id)) {
            if (m_recording && s->recording == m_recording->id) m_segments.push_back(*s), mine = true;
            Q_EMIT segmentStored(*s);
        } else {
            Q_EMIT segmentRemoved(id);
        }
    }
    std::sort(m_segments.begin(), m_segments.end(), byStart);
    if (mine) Q_EMIT segmentsChanged();
    // Another recording's segment (edited in the dock) leaves the band selection alone.
    if (selection > 0 && find(selection)) select(selection);
    else if (selection == 0 || !find(m_selected)) select(0);
}

}  // namespace corevla::ui
