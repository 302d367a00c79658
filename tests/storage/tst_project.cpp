// SPDX-License-Identifier: MIT
// The project database on a real SQLite file: migrations, all-or-nothing
// stores, duplicate and change detection, range queries.
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

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
        QCOMPARE(range.size(), size_t(10));
        QCOMPARE(range.front().index, 10);
        QCOMPARE(range.front().authority, Authority::Driver);
        QVERIFY(!range[4].speed.has_value());  // frame 14: null speed survives the round trip
        QCOMPARE(*range[5].speed, 20.0);
        QCOMPARE(range[0].waypoints.size(), size_t(2));
        QCOMPARE(range[0].waypoints[1].second, 0.5f);
        QCOMPARE(range[0].objects.at(0).id, std::string("305"));
        QCOMPARE(range[0].driver->brake, 0.3f);

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
        auto r = makeRecording("/data/s1", 20);
        QCOMPARE(p.store(r).outcome, Project::StoreOutcome::Inserted);
        QCOMPARE(p.store(r).outcome, Project::StoreOutcome::Unchanged);
        auto moved = r;
        moved.root = "/elsewhere/s1";
        QCOMPARE(p.store(moved).outcome, Project::StoreOutcome::Unchanged);
        QCOMPARE(rowCount(p, "recordings"), 1);

        auto changed = r;
        changed.media[0].size = 1200;
        changed.frames.resize(10);
        const auto result = p.store(changed);
        QCOMPARE(result.outcome, Project::StoreOutcome::Changed);
        QCOMPARE(result.changes.size(), size_t(1));
        QVERIFY(result.changes[0].find("front.mp4: changed since the import (1000 -> 1200 bytes)") == 0);
        QCOMPARE(rowCount(p, "frames"), 20);  // the stored copy is kept

        const auto replaced = p.store(changed, true);
        QCOMPARE(replaced.outcome, Project::StoreOutcome::Replaced);
        QCOMPARE(rowCount(p, "recordings"), 1);
        QCOMPARE(rowCount(p, "frames"), 10);
        QCOMPARE(rowCount(p, "events"), 3);
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
        QCOMPARE(p.decisions(id).size(), size_t(3));
        QCOMPARE(p.attachDecisions(SourceKind::Bench2DriveEval, "unknown", "b2dvl", d), std::int64_t(0));
        QVERIFY(p.lastError().find("unknown") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
