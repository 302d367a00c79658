// SPDX-License-Identifier: MIT
// Segment editing without a window: the segments table model, every edit as
// one undo step written to the project at once (the undo round trip checked
// against the database), another workstation's save never written over, and
// a process killed in the middle of a run of edits losing nothing. The
// killed process is this binary, started again with --edit-child.
#include <QAbstractItemModelTester>
#include <QProcess>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QThread>
#include <QUndoStack>
#include <QtTest>

#include <cstdio>
#include <map>

#include "storage/annotation_store.h"
#include "storage/categories.h"
#include "storage/project.h"
#include "tests/ui/segments_fixture.h"
#include "ui/segment_editor.h"
#include "ui/segment_model.h"

using namespace corevla;
using ui::SegmentEditor;

namespace {

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

QString line(const Segment& s) {
    return QString("segment %1 of %2: %3 frames %4-%5 event %6 times %7-%8 [%9] '%10' edited %11 key '%12' by %13")
        .arg(s.id)
        .arg(s.recording)
        .arg(segmentKindName(s.kind))
        .arg(s.startFrame)
        .arg(s.endFrame)
        .arg(s.eventFrame)
        .arg(s.startS, 0, 'f', 3)
        .arg(s.endS, 0, 'f', 3)
        .arg(fromStd(s.category), fromStd(s.note))
        .arg(s.edited)
        .arg(fromStd(s.detectedKey), fromStd(s.author));
}

QString line(const PreferencePair& p) {
    QStringList images;
    for (const MediaFile& m : p.images) images << QString("%1:%2:%3").arg(fromStd(m.relPath)).arg(m.size).arg(m.hash);
    return QString("pair %1 of segment %2 recording %3 at %4 '%5' / '%6' %7 by %8 images %9")
        .arg(p.id)
        .arg(p.segment)
        .arg(p.recording)
        .arg(p.decisionFrame)
        .arg(fromStd(p.chosen), fromStd(p.rejected), pairStatusName(p.status), fromStd(p.author), images.join(','));
}

// Everything segment editing changes, read back from the database. Versions
// and save times are left out: an undo is a new save of the old content.
QStringList snapshot(Project& project, std::int64_t recording) {
    AnnotationStore store(project);
    QStringList rows;
    for (const Segment& s : testing::rows(store.segments())) rows << line(s);
    for (const PreferencePair& p : testing::rows(store.pairs())) rows << line(p);
    for (const Event& e : testing::rows(project.events(recording)))
        if (e.userMade) rows << QString("bookmark %1 at %2 (%3 s)").arg(e.id).arg(e.frame).arg(e.t, 0, 'f', 3);
    return rows;
}

// ---- the child process of killedMidEditLosesNothing

// "seg:<id>:<first>:<last>:<category>:<note>", or "gone:<id>" once deleted.
std::string stateToken(const SegmentEditor& editor, std::int64_t id) {
    const Segment* s = editor.find(id);
    if (!s) return "gone:" + std::to_string(id);
    return "seg:" + std::to_string(id) + ":" + std::to_string(s->startFrame) + ":" + std::to_string(s->endFrame) + ":" +
           s->category + ":" + s->note;
}

// Edits in a loop through the same editor and commands as the GUI. Before
// each: "begin <k> <op> <target> <a> [<b>]"; after it committed: "ok <k>
// <state of what it touched>…". Runs until killed.
int runEditChild(const char* path, std::int64_t recordingId) {
    Project project;
    if (!project.open(path, Project::Mode::OpenExisting)) return 2;
    auto recording = project.load(recordingId);
    if (!recording) return 3;
    QUndoStack stack;
    SegmentEditor editor(&stack);
    editor.setProject(&project);
    editor.setRecording(&*recording);
    QObject::connect(&editor, &SegmentEditor::problem, [](const QString& message) {
        std::fprintf(stderr, "problem: %s\n", qPrintable(message));
        std::fflush(stderr);
    });
    const int last = recording->frames.back().index;
    const std::vector<std::string>& abilities = bench2driveAbilities();
    int k = 0;
    const auto begin = [&k](const char* op, std::int64_t target, const std::string& a, int b = 0) {
        std::printf("begin %d %s %lld %s %d\n", k, op, static_cast<long long>(target), a.c_str(), b);
        std::fflush(stdout);
    };
    const auto done = [&k](bool ok, const std::vector<std::string>& tokens) {
        if (!ok) std::exit(4);
        std::printf("ok %d", k++);
        for (const std::string& t : tokens) std::printf(" %s", t.c_str());
        std::printf("\n");
        std::fflush(stdout);  // in the pipe before the next edit starts: what was printed had committed
    };
    for (int i = 0; i < 1000000; ++i) {
        const int b = 1 + (i * 3) % std::max(1, last - 25);
        editor.select(0);
        begin("add", 0, std::to_string(b), b + 20);
        const bool added = editor.addSegment(b, b + 20);
        const std::int64_t id = editor.selected();
        done(added, {stateToken(editor, id)});
        const std::string category = abilities[std::size_t(i) % abilities.size()];
        // Each edit runs before its state is printed (not as an argument beside it: unsequenced).
        begin("category", id, category);
        bool ok = editor.setCategory(*editor.find(id), QString::fromStdString(category));
        done(ok, {stateToken(editor, id)});
        begin("note", id, "n" + std::to_string(i));
        ok = editor.setNote(*editor.find(id), QString("n%1").arg(i));
        done(ok, {stateToken(editor, id)});
        begin("in", id, std::to_string(b + 2));
        ok = editor.setIn(b + 2);
        done(ok, {stateToken(editor, id)});
        begin("out", id, std::to_string(b + 18));
        ok = editor.setOut(b + 18);
        done(ok, {stateToken(editor, id)});
        begin("split", id, std::to_string(b + 10));
        const bool split = editor.split(b + 10);
        const std::int64_t second = editor.selected();
        done(split, {stateToken(editor, id), stateToken(editor, second)});
        begin("remove", second, "");
        ok = editor.remove(*editor.find(second));
        done(ok, {stateToken(editor, second)});
        begin("bookmark", 0, std::to_string(b + 5));
        const bool marked = editor.addBookmark(b + 5);
        std::int64_t newest = 0;  // ids only grow: the bookmark just added
        for (const Event& e : testing::rows(project.events(recordingId))) newest = std::max(newest, e.id);
        done(marked, {"bookmark:" + std::to_string(newest) + ":" + std::to_string(b + 5)});
    }
    return 0;
}

}  // namespace

class TestSegments : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Opened {
        Project project;
        std::int64_t recording = 0;
        Recording loaded;
    };
    // A fresh project of the sample with detected segments, and its CAVE recording with the most of them.
    bool open(const QString& name, Opened& o) {
        const QString path = m_dir.filePath(name);
        if (!testing::makeSegmentProject(path) || !o.project.open(path.toStdString(), Project::Mode::OpenExisting)) return false;
        o.recording = testing::recordingWithSegments(o.project, SourceKind::CaveSession, 2);
        auto loaded = o.recording ? o.project.load(o.recording) : std::nullopt;
        if (loaded) o.loaded = std::move(*loaded);
        return loaded.has_value();
    }

private Q_SLOTS:
    void categoriesAreBench2Drives() {
        QCOMPARE(bench2driveAbilities().size(), std::size_t(5));
        QCOMPARE(bench2driveScenarios().size(), std::size_t(44));  // the types in bench2drive220.xml
        QCOMPARE(abilitiesOfScenario("HardBreakRoute"), std::vector<std::string>{"EmergencyBrake"});
        QCOMPARE(abilitiesOfScenario("PedestrianCrossing"), (std::vector<std::string>{"EmergencyBrake", "TrafficSigns"}));
        QVERIFY(abilitiesOfScenario("NoSuchScenario").empty());
    }

    void modelPassesTheModelTester() {
        Opened o;
        QVERIFY(open("model.corevla", o));
        AnnotationStore store(o.project);
        auto all = store.segments().value();
        QVERIFY(all.size() >= 3);
        ui::SegmentModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterKeyColumn(-1);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecordingNames({{o.recording, "the CAVE one"}});
        model.setSegments(all);
        QCOMPARE(model.rowCount(), int(all.size()));
        const int row = model.rowOfId(all[1].id);
        QCOMPARE(model.index(row, 0).data(ui::SegmentModel::IdRole).toLongLong(), all[1].id);
        QCOMPARE(model.index(row, ui::SegmentModel::StartFrame).data().toInt(), all[1].startFrame);

        Segment changed = all[1];
        changed.note = "driver braked for the cut-in";
        model.store(changed);
        QCOMPARE(model.rowCount(), int(all.size()));
        QCOMPARE(model.index(row, ui::SegmentModel::Note).data().toString(), QString("driver braked for the cut-in"));
        proxy.setFilterFixedString("cut-in");
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterFixedString({});

        model.remove(all[0].id);  // rows after it move up; their ids still find them
        QCOMPARE(model.rowCount(), int(all.size()) - 1);
        for (const Segment& s : all)
            if (s.id != all[0].id) QCOMPARE(model.segment(model.rowOfId(s.id))->id, s.id);
        Segment added = all[0];
        added.id = 99999;
        model.store(added);
        QCOMPARE(model.rowOfId(99999), model.rowCount() - 1);
        // A reload keeps the rows still there and drops the others.
        std::vector<Segment> fewer(all.begin() + 1, all.end());
        model.setSegments(fewer);
        QCOMPARE(model.rowCount(), int(fewer.size()));
        QCOMPARE(model.rowOfId(99999), -1);
        model.setSegments({});
        QCOMPARE(model.rowCount(), 0);
    }

    // N edits of each kind; undo all of them, checking every state against
    // what the database held after that edit; redo all, checking again.
    void undoRoundTripAgainstTheDatabase() {
        Opened o;
        QVERIFY(open("roundtrip.corevla", o));
        QUndoStack stack;
        SegmentEditor editor(&stack);
        editor.setProject(&o.project);
        editor.setRecording(&o.loaded);
        QStringList problems;
        connect(&editor, &SegmentEditor::problem, this, [&problems](const QString& m) { problems << m; });
        // A pair on every detected segment, deciding in its second half: a split moves it, a merge too, a delete takes it.
        AnnotationStore store(o.project);
        for (const Segment& s : editor.segments()) {
            PreferencePair p;
            p.segment = s.id;
            p.recording = s.recording;
            p.decisionFrame = s.endFrame - 1;
            p.chosen = "DECELERATE: the driver braked";
            p.rejected = "KEEP";
            p.images = {{"/media/front/" + std::to_string(s.id) + ".jpg", 1234, 0xabcdef}};
            QVERIFY(store.insertPair(p));
        }
        std::vector<QStringList> states{snapshot(o.project, o.recording)};
        int pairsDeleted = 0;
        const auto check = [&](const char* what, bool done) {
            QVERIFY2(done && problems.isEmpty(), qPrintable(QString("%1: %2").arg(what, problems.join('\n'))));
            QCOMPARE(stack.count(), int(states.size()));  // one step per edit
            QCOMPARE(stack.index(), stack.count());
            states.push_back(snapshot(o.project, o.recording));
            QVERIFY2(states.back() != states[states.size() - 2], what);  // it is in the database already
        };
        constexpr int N = 3;
        for (int round = 0; round < N && !QTest::currentTestFailed(); ++round) {
            const int a = 3 + 9 * round;
            editor.select(0);
            check("add", editor.addSegment(a, a + 15));
            const std::int64_t added = editor.selected();
            QVERIFY(added > 0);
            check("set in", editor.setIn(a + 1));
            check("set out", editor.setOut(a + 14));
            // Three moves of one drag gesture: one step.
            const int gesture = 100 + round;
            QVERIFY(editor.setBounds(added, a + 2, a + 14, gesture));
            QVERIFY(editor.setBounds(added, a + 3, a + 14, gesture));
            check("drag", editor.setBounds(added, a + 3, a + 16, gesture));
            check("category", editor.setCategory(*editor.find(added), QString::fromStdString(bench2driveAbilities()[round])));
            check("note", editor.setNote(*editor.find(added), QString("round %1: the model kept its speed").arg(round)));
            check("bookmark", editor.addBookmark(a + 5));
            // Split the longest segment in the middle, merge its first part with the next, delete the result.
            const auto longest = std::max_element(editor.segments().begin(), editor.segments().end(), [](const Segment& x, const Segment& y) {
                return x.endFrame - x.startFrame < y.endFrame - y.startFrame;
            });
            const std::int64_t target = longest->id;
            editor.select(target);
            check("split", editor.split((longest->startFrame + longest->endFrame) / 2 + 1));
            editor.select(target);
            check("merge", editor.mergeWithNext());
            PairFilter pairsOf;
            pairsOf.segment = target;
            pairsDeleted += int(store.pairs(pairsOf).value().size());
            check("delete", editor.remove(*editor.find(target)));
        }
        QVERIFY(pairsDeleted > 0);  // some delete took pairs with it: undo must bring them back
        const int steps = stack.count();
        QCOMPARE(steps, 10 * N);
        for (int i = steps; i > 0; --i) {
            stack.undo();
            QCOMPARE(stack.index(), i - 1);
            QCOMPARE(snapshot(o.project, o.recording), states[std::size_t(i - 1)]);
        }
        for (int i = 1; i <= steps; ++i) {
            stack.redo();
            QCOMPARE(stack.index(), i);
            QCOMPARE(snapshot(o.project, o.recording), states[std::size_t(i)]);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        // What the editor shows is what is stored.
        QStringList shown, stored;
        for (const Segment& s : editor.segments()) shown << line(s);
        for (const Segment& s : testing::rows(store.segments(o.recording))) stored << line(s);
        shown.sort(), stored.sort();
        QCOMPARE(shown, stored);
    }

    // Another workstation saved the segment since this one read it: the edit
    // (or the undo) is refused, their save stays, the current row is shown.
    void anotherWorkstationsSaveIsNeverOverwritten() {
        Opened mine;
        QVERIFY(open("conflict.corevla", mine));
        Project theirs;
        QVERIFY(theirs.open(mine.project.path(), Project::Mode::OpenExisting));
        AnnotationStore theirStore(theirs);
        QUndoStack stack;
        SegmentEditor editor(&stack);
        editor.setProject(&mine.project);
        editor.setRecording(&mine.loaded);
        QSignalSpy problems(&editor, &SegmentEditor::problem);
        const Segment seen = editor.segments().front();

        Segment changed = theirStore.segment(seen.id).value();
        changed.note = "theirs";
        changed.edited = true;
        QVERIFY(theirStore.saveSegment(changed).ok());
        QVERIFY(!editor.setNote(seen, "mine"));
        QCOMPARE(problems.count(), 1);
        QVERIFY(problems.first().first().toString().contains("changed elsewhere"));
        QCOMPARE(stack.count(), 0);  // no step for what did not happen
        QCOMPARE(theirStore.segment(seen.id)->note, std::string("theirs"));
        QCOMPARE(editor.find(seen.id)->note, std::string("theirs"));  // theirs is shown

        // Now an edit on what is shown works; their next save makes its undo a conflict.
        QVERIFY(editor.setCategory(*editor.find(seen.id), "Overtaking"));
        QCOMPARE(stack.count(), 1);
        changed = theirStore.segment(seen.id).value();
        changed.note = "theirs again";
        QVERIFY(theirStore.saveSegment(changed).ok());
        stack.undo();
        QCOMPARE(problems.count(), 2);
        QCOMPARE(stack.count(), 0);
        const Segment now = theirStore.segment(seen.id).value();
        QCOMPARE(now.note, std::string("theirs again"));
        QCOMPARE(now.category, std::string("Overtaking"));

        // Nor is a segment they changed deleted from under them.
        const Segment other = editor.segments().back();
        changed = theirStore.segment(other.id).value();
        changed.endFrame = changed.startFrame;
        QVERIFY(theirStore.saveSegment(changed).ok());
        QVERIFY(!editor.remove(other));
        QVERIFY(theirStore.segment(other.id));
        QCOMPARE(stack.count(), 0);
    }

    // A process applying edits is killed (SIGKILL) in the middle of a run:
    // every edit it reported as done is in the project after reopening,
    // the one in flight is there whole or not at all, and the file is intact.
    void killedMidEditLosesNothing() {
        const QString path = m_dir.filePath("killed.corevla");
        QVERIFY(testing::makeSegmentProject(path));
        std::int64_t recording = 0;
        std::string scenario;
        {
            Project p;
            QVERIFY(p.open(path.toStdString(), Project::Mode::OpenExisting));
            recording = testing::recordingWithSegments(p, SourceKind::CaveSession, 1);
            scenario = p.summary(recording)->scenario;
        }
        std::map<qint64, QString> segments;  // id -> "first:last:category:note"
        std::map<qint64, int> bookmarks;       // id -> frame
        // The reader wakes as soon as an edit is reported, so a kill at once
        // lands between edits; a few hundred microseconds later, inside one.
        const std::pair<int, int> rounds[] = {{37, 0}, {80, 300}, {141, 700}, {190, 1100}, {230, 1600}, {300, 2500}};
        for (const auto& round : rounds) {
            const int killAfter = round.first;
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("COREVLA_USER", "kill-test");
            child.setProcessEnvironment(env);
            child.start(QCoreApplication::applicationFilePath(), {"--edit-child", path, QString::number(recording)});
            QVERIFY(child.waitForStarted());
            int done = 0;
            QByteArray out;
            while (done < killAfter) {
                QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
                child.waitForReadyRead(100);
                out += child.readAllStandardOutput();
                done = int(out.count("\nok ")) + (out.startsWith("ok ") ? 1 : 0);
            }
            QThread::usleep(static_cast<unsigned long>(round.second));
            child.kill();  // SIGKILL: no destructors, no rollback, no flush
            QVERIFY(child.waitForFinished());
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            out += child.readAllStandardOutput();
            const QByteArray errors = child.readAllStandardError();
            QVERIFY2(errors.isEmpty(), errors.constData());

            QStringList inFlight;  // the last "begin" without its "ok"
            for (const QByteArray& raw : out.split('\n')) {
                const QStringList words = QString::fromUtf8(raw).split(' ');
                if (words.first() == "begin") inFlight = words;
                if (words.first() != "ok" || words.size() < 2) continue;
                inFlight.clear();
                for (const QString& token : words.mid(2)) {
                    const QStringList f = token.split(':');
                    if (f[0] == "seg") segments[f[1].toLongLong()] = QStringList(f.mid(2)).join(':');
                    else if (f[0] == "gone") segments.erase(f[1].toLongLong());
                    else if (f[0] == "bookmark") bookmarks[f[1].toLongLong()] = f[2].toInt();
                }
            }
            QVERIFY(segments.size() >= 3 && !bookmarks.empty());

            Project reopened;
            QVERIFY(reopened.open(path.toStdString(), Project::Mode::OpenExisting));
            Statement check(reopened.database(), "PRAGMA integrity_check");
            QVERIFY(check.step());
            QCOMPARE(QString::fromStdString(check.text(0)), QString("ok"));
            // What is stored, with ids the child never reported as "new".
            QStringList stored;
            for (const Segment& s : testing::rows(AnnotationStore(reopened).segments(recording))) {
                if (s.author != "kill-test") continue;
                const QString id = segments.count(s.id) ? QString::number(s.id) : QString("new");
                stored << QString("%1:%2:%3:%4:%5").arg(id).arg(s.startFrame).arg(s.endFrame).arg(fromStd(s.category), fromStd(s.note));
            }
            for (const Event& e : testing::rows(reopened.events(recording)))
                if (e.userMade) stored << QString("bookmark:%1:%2").arg(bookmarks.count(e.id) ? QString::number(e.id) : "new").arg(e.frame);
            stored.sort();
            // What was reported, and that with the edit in flight applied.
            std::map<qint64, QString> after = segments;
            QStringList extra;
            if (!inFlight.isEmpty()) {
                const QString op = inFlight[2], a = inFlight[4];
                const qint64 target = inFlight[3].toLongLong();
                QStringList f = after.count(target) ? after[target].split(':') : QStringList{};
                if (op == "add") extra << QString("new:%1:%2:%3:").arg(a).arg(inFlight[5]).arg(fromStd(scenario));
                else if (op == "category") f[2] = a;
                else if (op == "note") f[3] = a;
                else if (op == "in") f[0] = a;
                else if (op == "out") f[1] = a;
                else if (op == "split") extra << QString("new:%1:%2:%3:%4").arg(a, f[1], f[2], f[3]), f[1] = QString::number(a.toInt() - 1);
                else if (op == "remove") after.erase(target);
                else if (op == "bookmark") extra << QString("bookmark:new:%1").arg(a);
                if (after.count(target)) after[target] = f.join(':');
            }
            const auto expected = [&bookmarks](const std::map<qint64, QString>& segs, const QStringList& more) {
                QStringList rows = more;
                for (const auto& entry : segs) rows << QString("%1:%2").arg(entry.first).arg(entry.second);
                for (const auto& entry : bookmarks) rows << QString("bookmark:%1:%2").arg(entry.first).arg(entry.second);
                rows.sort();
                return rows;
            };
            const QStringList before = expected(segments, {}), withInFlight = expected(after, extra);
            if (stored != before) QCOMPARE(stored, withInFlight);
            // The in-flight edit, if it committed, is reported from now on.
            if (stored == withInFlight && stored != before) {
                segments.clear(), bookmarks.clear();
                for (const Segment& s : testing::rows(AnnotationStore(reopened).segments(recording)))
                    if (s.author == "kill-test")
                        segments[s.id] = QString("%1:%2:%3:%4").arg(s.startFrame).arg(s.endFrame).arg(fromStd(s.category), fromStd(s.note));
                for (const Event& e : testing::rows(reopened.events(recording)))
                    if (e.userMade) bookmarks[e.id] = e.frame;
            }
            qInfo("killed after %d edits; in flight: %s (%s)", int(out.count("\nok ")), qPrintable(inFlight.join(QChar(32))),
                  stored == before ? "not committed" : "committed");
        }
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--edit-child") == 0) return runEditChild(argv[2], QByteArray(argv[3]).toLongLong());
    TestSegments test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_segments.moc"
