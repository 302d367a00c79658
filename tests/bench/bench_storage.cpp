// SPDX-License-Identifier: MIT
// Database benchmark: insert 1,000,000 frame rows through Project::store and
// query 300-frame ranges. Baseline in the same run: the same rows in a plain
// rowid table with a secondary index, the schema most people write first.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <vector>

#include "storage/json_writer.h"
#include "storage/project.h"

using namespace corevla;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

Recording bigRecording(int frames, int recordingNo) {
    Recording r;
    r.source = SourceKind::CaveSession;
    r.name = "bench-" + std::to_string(recordingNo);
    r.root = "/bench/" + r.name;
    r.frames.resize(frames);
    for (int i = 0; i < frames; ++i) {
        Frame& f = r.frames[i];
        f.index = i;
        f.t = i / 10.0;
        f.egoX = i * 0.8;
        f.speed = 8.0;
        f.driver = Controls{0.1f, 0.f, 0.f};
        f.speedCmd = "KEEP";
        f.dirCmd = "FOLLOW_LANE";
        f.waypoints = {{2.f, 0.f}, {4.f, 0.f}, {6.f, 0.1f}};
    }
    r.media.push_back({"log.jsonl", frames, static_cast<std::uint64_t>(recordingNo)});
    return r;
}

std::vector<double> timeQueries(const std::function<int(std::int64_t, int)>& query, int recordings, int framesEach) {
    std::mt19937 rng(7);
    std::vector<double> times;
    for (int i = 0; i < 300; ++i) {
        const std::int64_t rec = 1 + static_cast<std::int64_t>(rng() % recordings);
        const int first = static_cast<int>(rng() % (framesEach - 300));
        const auto start = Clock::now();
        const int rows = query(rec, first);
        times.push_back(ms(Clock::now() - start));
        if (rows != 300) std::fprintf(stderr, "bench: expected 300 rows, got %d\n", rows);
    }
    return times;
}

}  // namespace

int main(int argc, char** argv) {
    const int total = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const int recordings = 10, framesEach = total / recordings;
    const auto dir = std::filesystem::temp_directory_path() / "corevla-bench-storage";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);

    Project project;
    if (!project.open((dir / "bench.corevla").string(), Project::Mode::OpenOrCreate)) {
        std::fprintf(stderr, "%s\n", project.lastError().c_str());
        return 1;
    }
    double insertMs = 0;
    for (int r = 0; r < recordings; ++r) {
        const Recording rec = bigRecording(framesEach, r);
        const auto start = Clock::now();
        if (project.store(rec).outcome != Project::StoreOutcome::Inserted) return 1;
        insertMs += ms(Clock::now() - start);
    }
    const auto ours = timeQueries([&](std::int64_t rec, int first) {
        return static_cast<int>(project.frames(rec, first, first + 299)->size());
    }, recordings, framesEach);

    // Baseline: rowid table + secondary index, same rows, same decoding work.
    Database& db = project.database();
    const auto baseStart = Clock::now();
    db.exec("CREATE TABLE naive_frames AS SELECT * FROM frames WHERE 0");
    db.exec("INSERT INTO naive_frames SELECT * FROM frames ORDER BY idx, recording_id");
    db.exec("CREATE INDEX naive_by_rec ON naive_frames (recording_id, idx)");
    const double baselineBuildMs = ms(Clock::now() - baseStart);
    const auto naive = timeQueries([&](std::int64_t rec, int first) {
        Statement q(db, "SELECT idx, t, ego_x, ego_y, ego_yaw, speed, accel, authority, model_throttle, model_steer,"
                        " model_brake, driver_throttle, driver_steer, driver_brake, speed_cmd, dir_cmd, waypoints, objects,"
                        " missing_cameras FROM naive_frames WHERE recording_id = ?1 AND idx BETWEEN ?2 AND ?3 ORDER BY idx");
        q.bind(1, rec).bind(2, first).bind(3, first + 299);
        int rows = 0;
        while (q.step()) ++rows;
        return rows;
    }, recordings, framesEach);

    JsonWriter w;
    w.beginObject();
    w.key("rows").integer(total);
    w.key("insert_s").number(insertMs / 1000, 4);
    w.key("insert_rows_per_s").number(total / (insertMs / 1000), 6);
    w.key("range300_p50_ms").number(median(ours), 4);
    w.key("range300_p95_ms").number(percentile(ours, 0.95), 4);
    w.key("baseline_range300_p50_ms").number(median(naive), 4);
    w.key("baseline_copy_s").number(baselineBuildMs / 1000, 4);
    w.key("range_speedup_vs_baseline").number(median(naive) / median(ours), 3);
    w.endObject();
    std::printf("%s\n", w.str().c_str());
    std::filesystem::remove_all(dir);
    return 0;
}
