// SPDX-License-Identifier: MIT
#include "ui/segment_workspace.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QUndoStack>
#include <QUndoView>
#include <algorithm>

#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/recording_time.h"
#include "ui/camera_panel.h"
#include "ui/playback_workspace.h"
#include "ui/segment_editor.h"
#include "ui/segments_panel.h"
#include "ui/timeline_widget.h"
#include "ui/transport.h"

namespace corevla::ui {

SegmentWorkspace::SegmentWorkspace(QMainWindow* window, PlaybackWorkspace* playback)
    : QObject(window), m_window(window), m_playback(playback), m_stack(new QUndoStack(this)),
      m_editor(new SegmentEditor(m_stack, this)), m_panel(new SegmentsPanel(m_editor, window)),
      m_history(new QUndoView(m_stack, window)), m_panelDock(new QDockWidget(tr("Segments"), window)),
      m_historyDock(new QDockWidget(tr("Undo history"), window)) {
    m_panelDock->setObjectName("segmentsDock");  // saveState() needs names
    m_panelDock->setWidget(m_panel);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_panelDock);
    // A tab beside the Library: the left column keeps its full height for
    // whichever of Library, Segments and Review is in front.
    if (auto* library = window->findChild<QDockWidget*>("libraryDock")) window->tabifyDockWidget(library, m_panelDock);
    m_historyDock->setObjectName("undoHistoryDock");
    m_history->setEmptyLabel(tr("<project opened>"));
    m_historyDock->setWidget(m_history);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_historyDock);
    window->tabifyDockWidget(m_panelDock, m_historyDock);

    TimelineWidget* timeline = playback->timeline();
    connect(playback, &PlaybackWorkspace::recordingChanged, this, [this] {
        m_editor->setRecording(m_playback->recording());
        updateEnabled();
    });
    connect(m_editor, &SegmentEditor::segmentsChanged, this, &SegmentWorkspace::showBands);
    connect(m_editor, &SegmentEditor::selectionChanged, this, &SegmentWorkspace::showBands);
    connect(m_editor, &SegmentEditor::eventsChanged, this, &SegmentWorkspace::showEvents);
    connect(m_editor, &SegmentEditor::problem, this, &SegmentWorkspace::showProblem);
    connect(timeline, &TimelineWidget::segmentClicked, m_editor, &SegmentEditor::select);
    connect(timeline, &TimelineWidget::segmentEdgeDragged, m_editor, &SegmentEditor::setBounds);
    connect(m_panel, &SegmentsPanel::openRequested, this, &SegmentWorkspace::openAt);
    connect(m_panel, &SegmentsPanel::deleteRequested, this, &SegmentWorkspace::deleteSegment);
    connect(m_panel, &SegmentsPanel::editingDone, this, [this] { m_playback->cameras()->setFocus(Qt::OtherFocusReason); });
    connect(m_stack, &QUndoStack::indexChanged, m_panel, [this] { m_panel->showMessage({}); });
    connect(playback->transport(), &Transport::loopChanged, this, [this](bool looping) {
        if (QAction* loop = action("loop"); loop && !looping) loop->setChecked(false);  // a new recording ends it
    });
}

// The undo stack, a child, is cleared after this body has run and says so:
// nothing of this half-destroyed object may hear it (UBSan caught that).
SegmentWorkspace::~SegmentWorkspace() { m_stack->blockSignals(true); }

void SegmentWorkspace::setProject(Project* project) {
    m_editor->setProject(project);
    m_editor->setRecording(m_playback->recording());
    m_panel->reload();
}

void SegmentWorkspace::reload() {
    m_editor->reload();
    m_panel->reload();
}

QAction* SegmentWorkspace::addAction(QMenu* menu, const QString& name, const QString& text,
                                     const QList<QKeySequence>& keys, std::function<void()> slot) {
    auto* a = menu->addAction(text);
    a->setObjectName(name);
    a->setShortcuts(keys);
    a->setShortcutContext(Qt::WindowShortcut);
    if (!keys.isEmpty()) a->setToolTip(QString("%1 (%2)").arg(text, keys.first().toString(QKeySequence::NativeText)));
    connect(a, &QAction::triggered, this, std::move(slot));
    m_window->addAction(a);  // the keys work while a dock has the focus
    m_actions << a;
    return a;
}

QAction* SegmentWorkspace::action(const QString& name) const {
    for (QAction* a : m_actions)
        if (a->objectName() == name) return a;
    return nullptr;
}

void SegmentWorkspace::addMenus(QMenuBar* menuBar) {
    auto* edit = new QMenu(tr("&Edit"), menuBar);
    const QList<QAction*> menus = menuBar->actions();
    menuBar->insertMenu(menus.size() > 1 ? menus[1] : nullptr, edit);
    QAction* undo = m_stack->createUndoAction(edit, tr("&Undo"));
    undo->setObjectName("undo");
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_stack->createRedoAction(edit, tr("&Redo"));
    redo->setObjectName("redo");
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    for (QAction* a : {undo, redo}) {
        edit->addAction(a);
        m_window->addAction(a);
        m_actions << a;
    }
    edit->addSeparator();
    QAction* history = m_historyDock->toggleViewAction();
    history->setText(tr("Undo &history"));
    history->setObjectName("undoHistory");
    edit->addAction(history);
    m_actions << history;

    QMenu* segments = menuBar->addMenu(tr("&Segments"));
    addAction(segments, "setIn", tr("Set in at the playhead (none selected: new segment)"), {Qt::Key_I},
              [this] { m_editor->setIn(playhead()); });
    addAction(segments, "setOut", tr("Set out at the playhead (none selected: new segment)"), {Qt::Key_O},
              [this] { m_editor->setOut(playhead()); });
    addAction(segments, "split", tr("Split at the playhead"), {Qt::Key_S}, [this] { m_editor->split(playhead()); });
    addAction(segments, "merge", tr("Merge with the next segment"), {QKeySequence(Qt::CTRL | Qt::Key_M)},
              [this] { m_editor->mergeWithNext(); });
    QAction* remove = addAction(segments, "deleteSegment", tr("Delete segment"), {QKeySequence::Delete}, [this] {
        if (const Segment* s = m_editor->selectedSegment()) deleteSegment(*s);
    });
    // Delete belongs to whatever has the focus: the Library and the Segments
    // table delete their own rows, the cameras and the timeline the selected band.
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_window->removeAction(remove);
    m_playback->cameras()->addAction(remove);
    m_playback->timeline()->addAction(remove);
    segments->addSeparator();
    addAction(segments, "nextSegment", tr("Next segment"), {QKeySequence(Qt::ALT | Qt::Key_Right)},
              [this] { jumpTo(m_editor->nextSegment(playhead()), true); });
    addAction(segments, "previousSegment", tr("Previous segment"), {QKeySequence(Qt::ALT | Qt::Key_Left)},
              [this] { jumpTo(m_editor->previousSegment(playhead()), false); });
    addAction(segments, "deselect", tr("Deselect"), {Qt::Key_Escape}, [this] { m_editor->select(0); });
    QAction* loop = addAction(segments, "loop", tr("Loop playback inside the segment"), {QKeySequence(Qt::CTRL | Qt::Key_L)}, [] {});
    loop->setCheckable(true);
    connect(loop, &QAction::toggled, this, &SegmentWorkspace::setLooping);
    segments->addSeparator();
    addAction(segments, "editDetails", tr("Category and note…"), {Qt::Key_F2}, [this] {
        if (!m_editor->selectedSegment()) return showProblem(tr("Select a segment first (click its band, or Alt+Right)."));
        m_panelDock->show();
        m_panelDock->raise();
        m_panel->editCategory();
    });
    addAction(segments, "bookmark", tr("Add bookmark at the playhead"), {Qt::Key_M}, [this] { m_editor->addBookmark(playhead()); });
    updateEnabled();
}

int SegmentWorkspace::playhead() const {
    const Recording* r = m_playback->recording();
    if (!r || r->frames.empty()) return -1;
    const int position = std::clamp(m_playback->transport()->frame(), 0, int(r->frames.size()) - 1);
    return r->frames[std::size_t(position)].index;
}

void SegmentWorkspace::updateEnabled() {
    const bool open = playhead() >= 0;
    for (QAction* a : m_actions)
        if (a->objectName() != "undo" && a->objectName() != "redo" && a->objectName() != "undoHistory") a->setEnabled(open);
}

void SegmentWorkspace::openAt(std::int64_t recording, int frame, std::int64_t segment) {
    const Recording* open = m_playback->recording();
    if (!open || open->id != recording) Q_EMIT openRequested(recording);
    open = m_playback->recording();
    if (!open || open->id != recording) return;  // it could not be opened: the main window said why
    m_playback->transport()->pause();
    m_playback->transport()->seek(framePosition(*open, frame));
    m_editor->select(segment);
    m_playback->cameras()->setFocus(Qt::OtherFocusReason);  // the keys go to playback again
}

void SegmentWorkspace::jumpTo(std::int64_t segment, bool forward) {
    const Segment* s = m_editor->find(segment);
    if (!s) {
        m_window->statusBar()->showMessage(forward ? tr("No segment further on.") : tr("No segment earlier."), 2500);
        return;
    }
    m_editor->select(s->id);
    m_playback->transport()->pause();
    m_playback->transport()->seek(framePosition(*m_playback->recording(), s->startFrame));
}

void SegmentWorkspace::showBands() {
    m_playback->timeline()->setSegments(m_editor->segments(), m_editor->selected());
    updateLoop();
}

void SegmentWorkspace::setLooping(bool on) {
    Transport* t = m_playback->transport();
    if (!on) return t->clearLoop();
    const Segment* s = m_editor->selectedSegment();
    if (!s) {
        action("loop")->setChecked(false);
        return showProblem(tr("Select a segment to loop inside it."));
    }
    updateLoop();
    if (!t->isPlaying()) t->play();
}

// The loop follows the selected segment and its edges while it is on.
void SegmentWorkspace::updateLoop() {
    QAction* loop = action("loop");
    if (!loop || !loop->isChecked()) return;
    const Segment* s = m_editor->selectedSegment();
    const Recording* r = m_playback->recording();
    if (!s || !r) return loop->setChecked(false);
    Transport* t = m_playback->transport();
    t->setLoop(framePosition(*r, s->startFrame), framePosition(*r, s->endFrame));
    if (t->frame() < t->loopFirst() || t->frame() > t->loopLast()) t->seek(t->loopFirst());
}

void SegmentWorkspace::showEvents(std::int64_t recording) {
    const Recording* open = m_playback->recording();
    Project* project = m_editor->project();
    if (!open || open->id != recording || !project) return;
    if (auto events = project->events(recording)) m_playback->setEvents(std::move(*events));
    else showProblem(QString::fromStdString(project->lastError()));
}

void SegmentWorkspace::showProblem(const QString& message) {
    m_window->statusBar()->showMessage(message, 10000);
    m_panel->showMessage(message);
}

void SegmentWorkspace::deleteSegment(const Segment& seen) {
    AnnotationStore* store = m_editor->store();
    if (!store) return;
    PairFilter filter;
    filter.segment = seen.id;
    const auto pairs = store->pairs(filter);
    if (!pairs) return showProblem(QString::fromStdString(store->lastError()));
    if (!pairs->empty()) {
        QMessageBox box(QMessageBox::Warning, tr("Delete segment"),
                        tr("Segment %1 has <b>%n preference pair(s)</b>; they are deleted with it.<br><br>"
                           "Undo (Ctrl+Z) brings both back.", nullptr, int(pairs->size()))
                            .arg(seen.id),
                        QMessageBox::Cancel, m_window);
        box.setObjectName("confirmDeleteSegment");
        QPushButton* remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != remove) return;
    }
    if (m_editor->remove(seen)) m_window->statusBar()->showMessage(tr("Deleted segment %1 (Ctrl+Z brings it back)").arg(seen.id), 4000);
}

}  // namespace corevla::ui
