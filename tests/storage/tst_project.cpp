// SPDX-License-Identifier: MIT
// The project database on a real SQLite file: migrations, all-or-nothing
// stores, duplicate and change detection, range queries.
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "storage/project.h"

using namespace corevla;

namespace {

Recording makeRecording(const std::string& root, int frames) {
    Recording r;
    r.source = SourceKind::CaveSession;
    r.name = "session-1";
    r.scenario = "CutIn";
    r.root = root;
    r.fps = 10;
    r.durationS = frames / 10.0;
    r.cameras.push_back({"front", MediaKind::Video, "front.mp4", 960, 540, 90, 20, false, ""});
    for (int i = 0; i < frames; ++i) {
        Frame f;
        f.index = i;
        f.t = i / 10.0;
        f.egoX = i;
        f.speed = i % 7 ? std::optional<double>(5.0 + i) : std::nullopt;
        f.authority = (i >= 10 && i < 20) ? Authority::Driver : Authority::Model;
        f.driver = Controls{0.1f, -0.2f, 0.3f};
        f.waypoints = {{1.f, 0.f}, {2.f, 0.5f}};
        f.objects = {{"vehicle", "305", 10.f, 2.f, 0.1f, 4.f, 2.f, 3.f}};
        r.frames.push_back(f);
    }
    r.events.push_back({EventKind::TakeoverStart, 10, 1.0, "", "", {}, {}, {}});
    r.events.push_back({EventKind::TakeoverEnd, 19, 1.9, "", "", {}, {}, {}});
    r.events.push_back({EventKind::Infraction, 15, 1.5, "collisions_vehicle", "Agent collided", 1.0, 2.0, 0.0});
    r.decisions.push_back({0, 0, "KEEP", "FOLLOW_LANE", "Road is clear.", "", "log"});
    r.media.push_back({"front.mp4", 1000, 42});
    r.media.push_back({"log.jsonl", 200, 7});
    return r;
}

int rowCount(Project& p, const char* table) {
    Statement q(p.database(), std::string("SELECT count(*) FROM ") + table);
    return q.step() ? q.integer(0) : -1;
}

}  // namespace

class TestProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsAndReopens() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.corevla").toStdString();
        {
            Project p;
            QVERIFY2(p.open(path, Project::Mode::OpenOrCreate), p.lastError().c_str());
            QCOMPARE(p.schema().status, SchemaStatus::Created);
        }
        Project again;
        QVERIFY(again.open(path, Project::Mode::OpenExisting));
        QCOMPARE(again.schema().status, SchemaStatus::Current);
        Statement q(again.database(), "PRAGMA journal_mode");
        QVERIFY(q.step());
        QCOMPARE(QString::fromStdString(q.text(0)), QString("wal"));
    }

    void refusesMissingAndForeignFiles() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(!p.open(dir.filePath("absent.corevla").toStdString(), Project::Mode::OpenExisting));
        QVERIFY(p.lastError().find("does not exist") != std::string::npos);

        const std::string other = dir.filePath("other.sqlite").toStdString();
        sqlite3* db = nullptr;
        sqlite3_open(other.c_str(), &db);
        sqlite3_exec(db, "CREATE TABLE notes(x)", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        QVERIFY(!p.open(other, Project::Mode::OpenOrCreate));
        QVERIFY2(p.lastError().find("not a CoReVLA project") != std::string::npos, p.lastError().c_str());
    }

    void refusesNewerSchemaWithoutTouchingIt() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("new.corevla").toStdString();
        {
            Project p;
            QVERIFY(p.open(path, Project::Mode::OpenOrCreate));
            QCOMPARE(p.store(makeRecording("/data/s1", 30)).outcome, Project::StoreOutcome::Inserted);
            QVERIFY(p.database().exec("PRAGMA user_version = 99"));
        }
        Project p;
        QVERIFY(!p.open(path, Project::Mode::OpenExisting));
        QVERIFY2(p.lastError().find("newer than this program") != std::string::npos, p.lastError().c_str());
        QVERIFY(p.lastError().find(path) != std::string::npos);
        // Still the same data and version.
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM frames), (SELECT user_version FROM pragma_user_version)", -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 30);
        QCOMPARE(sqlite3_column_int(st, 1), 99);
        sqlite3_finalize(st);
        sqlite3_close(db);
    }

    void storesAndLoadsEverything() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        const auto stored = p.store(makeRecording("/data/s1", 40));
        QCOMPARE(stored.outcome, Project::StoreOutcome::Inserted);
        const auto s = p.summary(stored.id);
        QVERIFY(s);
        QCOMPARE(s->frames, 40);
        QCOMPARE(s->takeovers, 1);
        QCOMPARE(s->infractions, 1);
        QCOMPARE(s->decisions, 1);
        QVERIFY(s->hasReasoning);
        QCOMPARE(s->cameras, std::vector<std::string>{"front"});

        const auto range = p.frames(stored.id, 10, 19);
        QVERIFY(range);
        QCOMPARE(range->size(), size_t(10));
        QCOMPARE(range->front().index, 10);
        QCOMPARE(range->front().authority, Authority::Driver);
        QVERIFY(!(*range)[4].speed.has_value());  // frame 14: null speed survives the round trip
        QCOMPARE(*(*range)[5].speed, 20.0);
        QCOMPARE((*range)[0].waypoints.size(), size_t(2));
        QCOMPARE((*range)[0].waypoints[1].second, 0.5f);
        QCOMPARE((*range)[0].objects.at(0).id, std::string("305"));
        QCOMPARE((*range)[0].driver->brake, 0.3f);

        const auto full = p.load(stored.id);
        QVERIFY(full);
        QCOMPARE(full->frames.size(), size_t(40));
        QCOMPARE(full->events.size(), size_t(3));
        QCOMPARE(full->events[1].kind, EventKind::Infraction);
        QCOMPARE(*full->events[1].x, 1.0);
        QCOMPARE(full->media.size(), size_t(2));
        QCOMPARE(full->media[0].hash, std::uint64_t(42));
    }

    void reimportIsRecognisedAndChangesReported() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        auto r = makeRecording(dir.filePath("s1").toStdString(), 20);
        const auto first = p.store(r);
        QCOMPARE(first.outcome, Project::StoreOutcome::Inserted);
        QCOMPARE(p.store(r).outcome, Project::StoreOutcome::Unchanged);

        auto changed = r;
        changed.media[0].size = 1200;
        const auto result = p.store(changed);
        QCOMPARE(result.outcome, Project::StoreOutcome::Changed);
        QCOMPARE(result.id, first.id);
        QCOMPARE(result.changes.size(), size_t(1));
        QCOMPARE(result.changes[0].file, std::string("front.mp4"));
        QCOMPARE(result.changes[0].message, std::string("changed since the import (1000 -> 1200 bytes)"));
        QCOMPARE(rowCount(p, "frames"), 20);  // the stored copy is kept
    }

    // --replace updates in place: same id, and what was attached stays —
    // decisions from another import, a person's bookmark — flagged where its
    // frame is gone.
    void replaceKeepsIdAndAttachedWork() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        auto r = makeRecording(dir.filePath("e1").toStdString(), 20);
        r.source = SourceKind::Bench2DriveEval;
        const auto id = p.store(r).id;
        std::vector<Decision> attached{{2, 0.2, "STOP", "FOLLOW_LANE", "a red light", "q", "b2dvl"},
                                       {15, 1.5, "KEEP", "FOLLOW_LANE", "clear", "q", "b2dvl"}};
        QCOMPARE(p.attachDecisions(SourceKind::Bench2DriveEval, r.name, "b2dvl", attached), id);
        Event early{EventKind::Bookmark, 3, 0.3, "", "look here", {}, {}, {}};
        Event late{EventKind::Bookmark, 17, 1.7, "", "and here", {}, {}, {}};
        QVERIFY(p.addEvent(id, early));
        QVERIFY(p.addEvent(id, late));

        auto changed = r;
        changed.frames.resize(10);
        changed.media[0].size = 1200;
        changed.events.pop_back();  // one infraction fewer
        const auto replaced = p.store(changed, true);
        QCOMPARE(replaced.outcome, Project::StoreOutcome::Replaced);
        QCOMPARE(replaced.id, id);
        QCOMPARE(rowCount(p, "recordings"), 1);
        QCOMPARE(rowCount(p, "frames"), 10);

        const auto events = p.events(id);
        QVERIFY(events);
        std::vector<std::string> bookmarks;
        int imported = 0;
        for (const Event& e : *events) {
            if (e.userMade) bookmarks.push_back(e.text + (e.detached ? " (detached)" : ""));
            else ++imported;
        }
        QCOMPARE(imported, 2);  // the recording's own events are the new ones
        QCOMPARE(bookmarks, (std::vector<std::string>{"look here", "and here (detached)"}));

        const auto decisions = p.decisions(id);
        QVERIFY(decisions);
        std::vector<std::string> b2dvl;
        for (const Decision& d : *decisions)
            if (d.origin == "b2dvl") b2dvl.push_back(std::to_string(d.frame) + (d.detached ? " detached" : ""));
        QCOMPARE(b2dvl, (std::vector<std::string>{"2", "15 detached"}));
        // The attached decisions still set the meta-action shown on the new frames.
        QCOMPARE(p.frames(id, 5, 5)->at(0).speedCmd, std::string("STOP"));
    }

    void movedFolderUpdatesRootInPlace() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        const std::string before = dir.filePath("old/s1").toStdString(), after = dir.filePath("new/s1").toStdString();
        std::filesystem::create_directories(before);
        const auto id = p.store(makeRecording(before, 20)).id;
        QVERIFY(p.addEvent(id, Event{EventKind::Bookmark, 3, 0.3, "", "mine", {}, {}, {}}));

        // A copy while the original is still there: the same recording, not a second one.
        std::filesystem::create_directories(after);
        auto copy = p.store(makeRecording(after, 20));
        QCOMPARE(copy.outcome, Project::StoreOutcome::Unchanged);
        QCOMPARE(copy.id, id);
        QVERIFY2(copy.note.find(before) != std::string::npos, copy.note.c_str());
        QCOMPARE(p.summary(id)->root, before);

        // Moved: the old folder is gone.
        std::filesystem::remove_all(dir.filePath("old").toStdString());
        const auto moved = p.store(makeRecording(after, 20));
        QCOMPARE(moved.outcome, Project::StoreOutcome::Moved);
        QCOMPARE(moved.id, id);
        QVERIFY2(moved.note.find(before) != std::string::npos, moved.note.c_str());
        QCOMPARE(p.summary(id)->root, after);
        QCOMPARE(rowCount(p, "recordings"), 1);
        const auto events = p.events(id);
        QVERIFY(std::any_of(events->begin(), events->end(), [](const Event& e) { return e.userMade && e.text == "mine"; }));
        QCOMPARE(p.store(makeRecording(after, 20)).outcome, Project::StoreOutcome::Unchanged);
    }

    // The routes of one results file share its folder; without saved frames
    // they differ only by name and by what their record says.
    void routesSharingARootAreSeparateRecordings() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        std::vector<std::int64_t> ids;
        for (int route = 0; route < 3; ++route) {
            Recording r;
            r.source = SourceKind::Bench2DriveEval;
            r.name = "RouteScenario_" + std::to_string(route) + "_rep0";
            r.root = dir.path().toStdString();
            r.eval = EvalRecord{r.name, "Completed", 100, 1, 100, 300, 60};
            r.contentDigest = 1000 + route;
            const auto stored = p.store(r);
            QCOMPARE(stored.outcome, Project::StoreOutcome::Inserted);
            ids.push_back(stored.id);
            QCOMPARE(p.store(r).outcome, Project::StoreOutcome::Unchanged);
        }
        QCOMPARE(rowCount(p, "recordings"), 3);

        // The same route evaluated again elsewhere (another model): another recording.
        Recording again;
        again.source = SourceKind::Bench2DriveEval;
        again.name = "RouteScenario_0_rep0";
        again.root = dir.filePath("run2").toStdString();
        again.eval = EvalRecord{again.name, "Failed", 40, 0.5, 20, 300, 60};
        again.contentDigest = 77;
        QCOMPARE(p.store(again).outcome, Project::StoreOutcome::Inserted);

        // A changed record is reported field by field.
        Recording rerun;
        rerun.source = SourceKind::Bench2DriveEval;
        rerun.name = "RouteScenario_1_rep0";
        rerun.root = dir.path().toStdString();
        rerun.eval = EvalRecord{rerun.name, "Failed", 50, 0.6, 30, 300, 60};
        rerun.contentDigest = 5;
        const auto changed = p.store(rerun);
        QCOMPARE(changed.outcome, Project::StoreOutcome::Changed);
        QCOMPARE(changed.id, ids[1]);
        QCOMPARE(changed.changes.size(), size_t(1));
        QCOMPARE(changed.changes[0].message, std::string("evaluation record changed: status Completed -> Failed, "
                                                         "driving score 100 -> 30, route completion 100 -> 50, "
                                                         "penalty 1 -> 0.6"));
    }

    // Two connections store the same recording at once: the checks run under
    // the write lock, so exactly one inserts it.
    void concurrentImportsDoNotDuplicate() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.corevla").toStdString();
        {
            Project p;
            QVERIFY(p.open(path, Project::Mode::OpenOrCreate));
        }
        const Recording r = makeRecording(dir.filePath("s1").toStdString(), 2000);
        std::vector<Project::StoreOutcome> outcomes(4);
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&, i] {
                Project p;
                if (p.open(path, Project::Mode::OpenExisting)) outcomes[i] = p.store(r).outcome;
            });
        for (auto& t : threads) t.join();
        QCOMPARE(std::count(outcomes.begin(), outcomes.end(), Project::StoreOutcome::Inserted), 1L);
        QCOMPARE(std::count(outcomes.begin(), outcomes.end(), Project::StoreOutcome::Unchanged), 3L);
        Project p;
        QVERIFY(p.open(path, Project::Mode::OpenExisting));
        QCOMPARE(rowCount(p, "recordings"), 1);
    }

    // A COMMIT that fails (here: a deferred foreign key) must not leave the
    // connection inside the transaction.
    void failedCommitLeavesTheDatabaseUsable() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        QVERIFY(p.database().exec("PRAGMA defer_foreign_keys = ON"));
        {
            Transaction tx(p.database());
            QVERIFY(tx.ok());
            QVERIFY(p.database().exec("INSERT INTO media VALUES (999, 'x', 1, '0')"));  // no recording 999
            QVERIFY(!tx.commit());
            QVERIFY2(p.database().lastError().find("FOREIGN KEY") != std::string::npos, p.database().lastError().c_str());
        }
        QCOMPARE(sqlite3_get_autocommit(p.database().handle()), 1);
        QCOMPARE(p.store(makeRecording("/data/s1", 10)).outcome, Project::StoreOutcome::Inserted);
        QCOMPARE(rowCount(p, "media"), 2);
    }

    // A project file cut short under a live project: the read fails with the
    // file and SQLite's reason, never as a shorter recording.
    void readErrorIsReportedNotShownShort() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.corevla").toStdString();
        std::int64_t id = 0;
        {
            Project p;
            QVERIFY(p.open(path, Project::Mode::OpenOrCreate));
            id = p.store(makeRecording("/data/s1", 5000)).id;
        }
        Project p;
        QVERIFY(p.open(path, Project::Mode::OpenExisting));
        QVERIFY(p.summary(id));
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        const auto frames = p.frames(id, 0, 100000);
        QVERIFY(!frames);
        QVERIFY2(p.lastError().find(path) == 0, p.lastError().c_str());
        QVERIFY2(p.lastError().find("malformed") != std::string::npos || p.lastError().find("I/O") != std::string::npos,
                 p.lastError().c_str());
        QVERIFY(!p.load(id));
    }

    // A project of schema 1 (before identity by name, and event origins) is
    // upgraded in place with everything in it.
    void upgradesSchemaOneKeepingEverything() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("v1.corevla").toStdString();
        {
            Database db;
            QVERIFY(db.open(path, true));
            QVERIFY(db.exec(migrationSql(1)));
            QVERIFY(db.exec("PRAGMA user_version = 1; PRAGMA application_id = " + std::to_string(kApplicationId)));
            QVERIFY(db.exec("INSERT INTO recordings (id, source, name, root, fps, duration_s, frame_count, fingerprint)"
                            " VALUES (7, 'cave_session', 's', '/data/s', 10, 1, 1, 'f');"
                            "INSERT INTO frames (recording_id, idx, t, ego_x, ego_y, ego_yaw, accel, authority,"
                            " model_throttle, model_steer, model_brake) VALUES (7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);"
                            "INSERT INTO events (recording_id, kind, frame, t) VALUES (7, 'bookmark', 0, 0);"
                            "INSERT INTO decisions VALUES (7, 'log', 0, 0, 'KEEP', 'FOLLOW_LANE', 'why', '');"));
        }
        Project p;
        QVERIFY2(p.open(path, Project::Mode::OpenExisting), p.lastError().c_str());
        QCOMPARE(p.schema().status, SchemaStatus::Upgraded);
        QCOMPARE(rowCount(p, "frames"), 1);
        QCOMPARE(rowCount(p, "events"), 1);
        QCOMPARE(rowCount(p, "decisions"), 1);
        QCOMPARE(p.summary(7)->name, std::string("s"));
        Statement fk(p.database(), "PRAGMA foreign_keys");
        QVERIFY(fk.step());
        QCOMPARE(fk.integer(0), 1);
        Statement check(p.database(), "PRAGMA integrity_check");
        QVERIFY(check.step());
        QCOMPARE(check.text(0), std::string("ok"));
    }

    void removalCountsWhatGoesWithIt() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        const auto id = p.store(makeRecording("/data/s1", 30)).id;
        QVERIFY(p.addEvent(id, Event{EventKind::Bookmark, 3, 0.3, "", "mine", {}, {}, {}}));
        const auto impact = p.removalImpact(id);
        QVERIFY(impact);
        QCOMPARE(impact->frames, 30);
        QCOMPARE(impact->events, 3);
        QCOMPARE(impact->userEvents, 1);
        QCOMPARE(impact->decisions, 1);
        QVERIFY(p.remove(id));
        QCOMPARE(rowCount(p, "frames"), 0);
        QCOMPARE(rowCount(p, "events"), 0);
        QVERIFY(!p.summary(id));
        QVERIFY2(p.lastError().find("not in the project") != std::string::npos, p.lastError().c_str());
    }

    // An undone bookmark is deleted; its redo brings it back under its id.
    // The recording's own events are never deleted that way.
    void userEventsAreRemovedAndComeBackUnderTheirId() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        const auto id = p.store(makeRecording("/data/s1", 30)).id;
        Event mark{EventKind::Bookmark, 7, 0.7, "", "", {}, {}, {}};
        const auto added = p.addEvent(id, mark);
        QVERIFY(added);
        QVERIFY(p.removeUserEvent(*added));
        QVERIFY(!p.removeUserEvent(*added));
        mark.id = *added;
        QCOMPARE(p.addEvent(id, mark).value_or(0), *added);
        std::int64_t imported = 0;
        for (const Event& e : p.events(id).value_or(std::vector<Event>{}))
            if (!e.userMade) imported = e.id;
        QVERIFY(imported > 0);
        QVERIFY(!p.removeUserEvent(imported));
        QCOMPARE(rowCount(p, "events"), 4);
    }

    void failedStoreLeavesNothingBehind() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        QCOMPARE(p.store(makeRecording("/data/good", 10)).outcome, Project::StoreOutcome::Inserted);
        auto bad = makeRecording("/data/bad", 10);
        bad.name = "bad";
        bad.frames[5].index = 4;  // duplicate primary key half-way through the frames
        const auto result = p.store(bad);
        QCOMPARE(result.outcome, Project::StoreOutcome::Failed);
        QVERIFY(!result.error.empty());
        QCOMPARE(rowCount(p, "recordings"), 1);
        QCOMPARE(rowCount(p, "frames"), 10);
        QCOMPARE(rowCount(p, "events"), 3);
    }

    void attachesDecisionsByName() {
        QTemporaryDir dir;
        Project p;
        QVERIFY(p.open(dir.filePath("p.corevla").toStdString(), Project::Mode::OpenOrCreate));
        auto r = makeRecording("/data/e1", 10);
        r.source = SourceKind::Bench2DriveEval;
        r.name = "RouteScenario_1_rep0_Town01_X";
        const auto id = p.store(r).id;
        std::vector<Decision> d{{0, 0, "STOP", "FOLLOW_LANE", "red light", "q", "b2dvl"},
                                {5, 0.5, "KEEP", "FOLLOW_LANE", "", "q", "b2dvl"}};
        QCOMPARE(p.attachDecisions(SourceKind::Bench2DriveEval, r.name, "b2dvl", d), id);
        QCOMPARE(p.attachDecisions(SourceKind::Bench2DriveEval, r.name, "b2dvl", d), id);  // replaces, no duplicates
        QCOMPARE(p.decisions(id)->size(), size_t(3));
        QCOMPARE(p.attachDecisions(SourceKind::Bench2DriveEval, "unknown", "b2dvl", d), std::int64_t(0));
        QVERIFY(p.lastError().find("unknown") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
