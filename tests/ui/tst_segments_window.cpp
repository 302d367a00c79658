// SPDX-License-Identifier: MIT
// Segment editing in a real window, driven by the keyboard and the mouse:
// set in / out, split, merge, delete, category, note, bookmark, jumps, loop,
// an edge dragged on the timeline, the Segments dock (double-click opens at
// the segment, Delete asks when pairs go with it), undo from the Edit menu's
// keys, and a conflict shown. Every check reads the database through a
// second connection. Screenshots go to $COREVLA_ARTIFACTS.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QUndoView>
#include <QtTest>

#include "storage/categories.h"
#include "storage/recording_time.h"
#include "tests/common/pixels.h"
#include "tests/ui/segments_fixture.h"
#include "ui/camera_panel.h"
#include "ui/main_window.h"
#include "ui/playback_workspace.h"
#include "ui/segment_editor.h"
#include "ui/segment_model.h"
#include "ui/segment_workspace.h"
#include "ui/segments_panel.h"
#include "ui/timeline_model.h"
#include "ui/timeline_widget.h"
#include "ui/transport.h"

using namespace corevla;

class TestSegmentsWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    Project m_check;  // a second connection: what is really stored
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tableTester;
    std::int64_t m_edited = 0;  // the segment editsWithTheKeyboard made

    ui::SegmentWorkspace* segments() const { return m_window->segments(); }
    ui::SegmentEditor* editor() const { return segments()->editor(); }
    ui::SegmentsPanel* panel() const { return segments()->panel(); }
    ui::PlaybackWorkspace* playback() const { return m_window->playback(); }
    ui::Transport* transport() const { return playback()->transport(); }
    const Recording& recording() const { return *playback()->recording(); }
    QUndoStack* stack() const { return segments()->undoStack(); }

    void key(int k, Qt::KeyboardModifiers mods = Qt::NoModifier) { QTest::keyClick(m_window.get(), Qt::Key(k), mods); }
    void typeIntoFocus(const QString& text) {
        QTest::keyClicks(QApplication::focusWidget(), text);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    }
    void seekIndex(int index) { transport()->seek(framePosition(recording(), index)); }
    int playheadIndex() const { return recording().frames[std::size_t(transport()->frame())].index; }
    std::optional<Segment> stored(std::int64_t id) { return AnnotationStore(m_check).segment(id); }
    std::int64_t recordingOf(SourceKind source, bool withSegments) {
        AnnotationStore store(m_check);
        for (const RecordingSummary& r : testing::rows(m_check.recordings()))
            if (r.source == source && store.segments(r.id).value().empty() != withSegments) return r.id;
        return 0;
    }
    // The middle of the band's lane at x, found by asking the timeline what is there.
    QPoint onBand(std::int64_t id, double x) const {
        const ui::TimelineWidget* timeline = playback()->timeline();
        const QRectF area = timeline->bandArea();
        for (double y = area.top(); y <= area.bottom(); y += 1)
            if (timeline->bands().hit(QPointF(x, y), area, [timeline](int f) { return timeline->xOfFrame(f); }).id == id)
                return QPoint(int(x), int(y) + 2);
        return {};
    }
    QString artifact(const QString& name) const {
        const QString dir = qEnvironmentVariable("COREVLA_ARTIFACTS", QDir::tempPath());
        QDir().mkpath(dir);
        return dir + "/" + name;
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests-segments");
        QSettings().clear();
        qputenv("COREVLA_USER", "tester");
        m_path = m_dir.filePath("segments.corevla");
        QVERIFY(testing::makeSegmentProject(m_path));
        QVERIFY(m_check.open(m_path.toStdString(), Project::Mode::OpenExisting));
        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->openProject(m_path, false));
        m_tableTester = std::make_unique<QAbstractItemModelTester>(panel()->view()->model(),
                                                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(panel()->model()->rowCount(), int(AnnotationStore(m_check).segments().value().size()));
    }

    void editsWithTheKeyboard() {
        const std::int64_t clip = recordingOf(SourceKind::Bench2DriveClip, false);  // nothing detected there
        QVERIFY(clip > 0);
        QVERIFY(m_window->openRecording(clip));
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(playback()->cameras()));
        QVERIFY(editor()->segments().empty());

        // I with nothing selected: a new segment at the playhead. O: its out point.
        seekIndex(5);
        key(Qt::Key_I);
        const std::int64_t id = editor()->selected();
        QVERIFY(id > 0);
        QCOMPARE(stored(id)->startFrame, 5);
        QCOMPARE(stored(id)->kind, SegmentKind::Manual);
        QCOMPARE(stored(id)->author, std::string("tester"));
        QVERIFY(stored(id)->edited);
        seekIndex(22);
        key(Qt::Key_O);
        QCOMPARE(stored(id)->endFrame, 22);
        seekIndex(8);
        key(Qt::Key_I);
        QCOMPARE(stored(id)->startFrame, 8);
        QCOMPARE(playback()->timeline()->bands().segments().size(), std::size_t(1));
        QCOMPARE(playback()->timeline()->bands().selected(), id);

        // S splits at the playhead; the part after it is selected.
        seekIndex(15);
        key(Qt::Key_S);
        const std::int64_t second = editor()->selected();
        QVERIFY(second != id);
        QCOMPARE(stored(id)->endFrame, 14);
        QCOMPARE(stored(second)->startFrame, 15);
        QCOMPARE(stored(second)->endFrame, 22);
        // Alt+Left: back to the first part; Ctrl+M merges the two again.
        key(Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(editor()->selected(), id);
        QCOMPARE(playheadIndex(), 8);
        key(Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(editor()->selected(), second);
        key(Qt::Key_Left, Qt::AltModifier);
        key(Qt::Key_M, Qt::ControlModifier);
        QCOMPARE(stored(id)->endFrame, 22);
        QVERIFY(!stored(second));

        // F2: the category; Tab: the note. Enter saves each.
        key(Qt::Key_F2);
        QVERIFY(panel()->categoryBox()->isAncestorOf(QApplication::focusWidget()));
        typeIntoFocus("EmergencyBrake");
        QCOMPARE(stored(id)->category, std::string("EmergencyBrake"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(panel()->noteBox()));
        typeIntoFocus("driver braked for the cut-in");
        QCOMPARE(stored(id)->note, std::string("driver braked for the cut-in"));
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(playback()->cameras()));  // keys back to playback

        // M: a bookmark at the playhead, on the timeline and in the B jumps.
        seekIndex(12);
        key(Qt::Key_M);
        int bookmarks = 0;
        for (const Event& e : testing::rows(m_check.events(clip))) bookmarks += e.userMade && e.kind == EventKind::Bookmark && e.frame == 12;
        QCOMPARE(bookmarks, 1);
        key(Qt::Key_Home);
        key(Qt::Key_B);
        QCOMPARE(playheadIndex(), 12);

        // Delete, and undo / redo it from the keyboard.
        const int steps = stack()->count();
        key(Qt::Key_Delete);
        QVERIFY(!stored(id));
        QCOMPARE(stack()->count(), steps + 1);
        QVERIFY(segments()->action("undo")->text().contains("Delete segment"));
        key(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(id)->note, std::string("driver braked for the cut-in"));
        QCOMPARE(editor()->selected(), id);
        key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(!stored(id));
        key(Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(stored(id));
        QCOMPARE(segments()->history()->model()->rowCount(), stack()->count() + 1);  // and "<project opened>"
        QCOMPARE(panel()->model()->segment(panel()->model()->rowOfId(id))->note, std::string("driver braked for the cut-in"));
        m_edited = id;
    }

    void dragsAnEdgeOnTheTimeline() {
        QVERIFY(m_edited);
        editor()->select(m_edited);
        ui::TimelineWidget* timeline = playback()->timeline();
        const Segment before = *stored(m_edited);
        const double x = timeline->xOfFrame(before.startFrame);
        const QPoint at = onBand(m_edited, x);
        QVERIFY(!at.isNull());
        const int steps = stack()->index();  // the undone delete above it goes with the next push
        QTest::mousePress(timeline, Qt::LeftButton, {}, at);
        for (int dx : {8, 16, 24, 32, 40}) QTest::mouseMove(timeline, at - QPoint(dx, 0));
        QTest::mouseRelease(timeline, Qt::LeftButton, {}, at - QPoint(40, 0));
        const int moved = timeline->frameAtX(at.x() - 40);
        QVERIFY(moved < before.startFrame);
        QCOMPARE(stored(m_edited)->startFrame, moved);
        QCOMPARE(stored(m_edited)->endFrame, before.endFrame);
        QCOMPARE(stack()->count(), steps + 1);  // the whole drag is one step
        QCOMPARE(stack()->index(), steps + 1);
        QCOMPARE(playheadIndex(), moved);        // the playhead showed the edge
        key(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(m_edited)->startFrame, before.startFrame);
        // A click beside every band selects none; a click on one selects it.
        QTest::mouseClick(timeline, Qt::LeftButton, {}, QPoint(int(timeline->xOfFrame(before.endFrame + 4)), at.y()));
        QCOMPARE(editor()->selected(), 0);
        QTest::mouseClick(timeline, Qt::LeftButton, {}, QPoint(int(timeline->xOfFrame((before.startFrame + before.endFrame) / 2)), at.y()));
        QCOMPARE(editor()->selected(), m_edited);
    }

    void loopsInsideTheSegment() {
        editor()->select(m_edited);
        const Segment s = *stored(m_edited);
        key(Qt::Key_L, Qt::ControlModifier);
        QVERIFY(transport()->isLooping());
        QVERIFY(transport()->isPlaying());
        transport()->setRate(8);
        QSignalSpy frames(transport(), &ui::Transport::frameChanged);
        QTest::qWait(2000);  // 15 frames at 80 frames/s: several rounds
        int wraps = 0, previous = -1;
        for (const auto& args : frames) {
            const int index = recording().frames[std::size_t(args.at(0).toInt())].index;
            QVERIFY2(index >= s.startFrame && index <= s.endFrame, qPrintable(QString::number(index)));
            wraps += index < previous;
            previous = index;
        }
        QVERIFY(wraps >= 2);
        key(Qt::Key_L, Qt::ControlModifier);
        QVERIFY(!transport()->isLooping());
        key(Qt::Key_K);
        transport()->setRate(1);
    }

    void theDockOpensAtTheSegmentAndAsksBeforeDeletingPairs() {
        const std::int64_t cave = recordingOf(SourceKind::CaveSession, true);
        QVERIFY(cave > 0);
        const Segment target = AnnotationStore(m_check).segments(cave).value().back();
        QTableView* view = panel()->view();
        QModelIndex shown;  // the target's row as the table shows it
        for (int r = 0; r < view->model()->rowCount(); ++r)
            if (view->model()->index(r, 0).data(ui::SegmentModel::IdRole).toLongLong() == target.id) shown = view->model()->index(r, 0);
        QVERIFY(shown.isValid());
        view->scrollTo(shown);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(shown).center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(shown).center());
        QCOMPARE(recording().id, cave);
        QCOMPARE(playheadIndex(), target.startFrame);
        QCOMPARE(editor()->selected(), target.id);

        // The category filter: an ability finds its scenarios' segments too.
        QComboBox* filter = panel()->categoryFilter();
        filter->setCurrentIndex(filter->findData("EmergencyBrake"));
        QVERIFY(view->model()->rowCount() >= 1);
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const auto category = view->model()->index(r, 0).data(ui::SegmentModel::CategoryRole).toString().toStdString();
            const auto abilities = abilitiesOfScenario(category);
            QVERIFY(category == "EmergencyBrake" || std::count(abilities.begin(), abilities.end(), "EmergencyBrake"));
        }
        filter->setCurrentIndex(0);
        panel()->filterBox()->setText("cut-in");  // the note typed above
        QCOMPARE(view->model()->rowCount(), 1);
        panel()->filterBox()->clear();

        // Delete on a segment with a pair asks first; undo brings both back.
        PreferencePair pair;
        pair.segment = target.id;
        pair.recording = cave;
        pair.decisionFrame = target.endFrame;
        pair.chosen = "DECELERATE";
        const auto pairId = AnnotationStore(m_check).insertPair(pair);
        QVERIFY(pairId);
        panel()->selectSegment(target.id);
        view->setFocus();
        bool asked = false;
        QTimer::singleShot(0, this, [&asked] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w); box && box->objectName() == "confirmDeleteSegment") {
                    asked = box->text().contains("1 preference pair");
                    for (QAbstractButton* b : box->buttons())
                        if (box->buttonRole(b) == QMessageBox::DestructiveRole) b->click();
                }
        });
        QTest::keyClick(view, Qt::Key_Delete);
        QVERIFY(asked);
        m_window->activateWindow();  // the offscreen platform does not give it back by itself
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(!stored(target.id));
        QVERIFY(!AnnotationStore(m_check).pair(*pairId));
        key(Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(stored(target.id));
        QCOMPARE(AnnotationStore(m_check).pair(*pairId)->segment, target.id);
    }

    void aConflictIsShownNotOverwritten() {
        QVERIFY(editor()->selectedSegment());
        const Segment seen = *editor()->selectedSegment();
        AnnotationStore theirs(m_check);
        Segment changed = *theirs.segment(seen.id);
        changed.note = "saved on another workstation";
        QVERIFY(theirs.saveSegment(changed).ok());
        const int steps = stack()->count(), index = stack()->index();
        seekIndex(seen.startFrame + 1);
        playback()->cameras()->setFocus();
        key(Qt::Key_I);
        QCOMPARE(stack()->count(), steps);
        QCOMPARE(stack()->index(), index);
        QVERIFY(panel()->messageLabel()->isVisible());
        QVERIFY(panel()->messageLabel()->text().contains("changed elsewhere"));
        QCOMPARE(stored(seen.id)->note, changed.note);
        QCOMPARE(stored(seen.id)->startFrame, seen.startFrame);
        QCOMPARE(editor()->find(seen.id)->note, changed.note);  // what is shown now is theirs
        key(Qt::Key_I);  // and an edit of it works
        QCOMPARE(stored(seen.id)->startFrame, seen.startFrame + 1);
        QCOMPARE(stored(seen.id)->note, changed.note);
        QVERIFY(!panel()->messageLabel()->isVisible());
    }

    void screenshots() {
        const std::int64_t cave = recordingOf(SourceKind::CaveSession, true);
        QVERIFY(m_window->openRecording(cave));
        const auto list = editor()->segments();
        QVERIFY(list.size() >= 2);
        editor()->select(list.front().id);
        seekIndex((list.front().startFrame + list.front().endFrame) / 2);
        panel()->selectSegment(list.front().id);
        QTest::qWait(300);  // decoded frames arrive
        const QImage window = m_window->grab().toImage();
        QVERIFY(window.save(artifact("segments-window.png")));
        const QImage timeline = playback()->timeline()->grab().toImage();
        QVERIFY(timeline.save(artifact("segments-timeline.png")));
        // The bands are drawn in their kind's colour, the selected one outlined.
        QVERIFY(testing::distinctColors(timeline) > 6);
        QVERIFY(segments()->panelDock()->grab().save(artifact("segments-dock.png")));
        segments()->historyDock()->show();
        segments()->historyDock()->raise();
        QVERIFY(segments()->historyDock()->grab().save(artifact("segments-undo-history.png")));
        segments()->panelDock()->raise();
        for (const char* title : {"&Edit", "&Segments"}) {
            QMenu* menu = nullptr;
            for (QAction* a : m_window->menuBar()->actions())
                if (a->text() == tr(title)) menu = a->menu();
            QVERIFY(menu);
            menu->popup(m_window->mapToGlobal(QPoint(80, 30)));
            QTest::qWait(150);
            QVERIFY(menu->grab().save(artifact(QString("segments-%1-menu.png").arg(QString(title).mid(1).toLower()))));
            menu->hide();
        }
        qInfo("screenshots in %s", qPrintable(artifact("")));
    }
};

QTEST_MAIN(TestSegmentsWindow)
#include "tst_segments_window.moc"
