// SPDX-License-Identifier: MIT
// Hand-made Bench2Drive results files (formats.md §2.1): records with the
// statuses, infractions and scores a test needs, written as the leaderboard
// writes them, for the real importer to read.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QString>

namespace corevla::testing {

// One results record; `infractions` is the body of the infractions object.
inline QByteArray record(int index, const char* route, const char* scenario, const char* status, const char* infractions,
                         double completion, double composed) {
    const QString save = QString("RouteScenario_%1_rep0_Town12_%2_Weather3_07_16_10_22_%3").arg(route, scenario).arg(10 + index);
    return QString(R"({"index": %1, "route_id": "RouteScenario_%2_rep0", "scenario_name": "%3", "weather_id": 3,
      "town_name": "Town12", "save_name": "%4", "status": "%5", "infractions": {%6},
      "scores": {"score_route": %7, "score_penalty": %8, "score_composed": %9},
      "meta": {"route_length": 500.0, "duration_game": 60.0}})")
        .arg(index).arg(route, scenario, save, status, infractions)
        .arg(completion).arg(composed / completion).arg(composed)
        .toUtf8();
}

inline bool writeResults(const QString& path, const QList<QByteArray>& records) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    const QByteArray body = R"({"_checkpoint": {"global_record": {}, "progress": [1, 1], "records": [)" +
                            records.join(",\n") + R"(]}, "entry_status": "Finished", "eligible": true})";
    return f.open(QIODevice::WriteOnly) && f.write(body) == body.size();
}

inline const char* const kVehicle = "\"collisions_vehicle\": [\"Agent collided against object with type=vehicle.audi.a2 and id=305 at (x=1.0, y=2.0, z=0.0)\"]";
inline const char* const kRedLight = "\"red_light\": [\"Agent ran a red light 912 at (x=3.0, y=4.0, z=0.0)\"]";
inline const char* const kBlocked = "\"vehicle_blocked\": [\"Agent got blocked at (x=5.0, y=6.0, z=0.0)\"]";
inline const char* const kSlow = "\"min_speed_infractions\": [\"Average speed is 40% of the surrounding traffic's one\"]";

// DIR/base/results.json, seven routes that exercise every scoring rule
// (tst_cli_eval_summary computes their scores by hand), and
// DIR/refined/results.json, one of those routes driven again.
inline bool writeBaseAndRefined(const QString& dir) {
    const QString base = dir + "/base/results.json", refined = dir + "/refined/results.json";
    return writeResults(base, {
               record(0, "1711", "HardBreakRoute", "Perfect", "", 100, 100),                     // success
               record(1, "1712", "YieldToEmergencyVehicle", "Completed", kVehicle, 100, 60),     // infraction: failed
               record(2, "1713", "ParkedObstacle", "Failed - Agent got blocked", kBlocked, 40, 40),
               record(3, "1714", "SignalizedJunctionLeftTurn", "Perfect", "", 100, 100),         // success, counted twice for signs
               record(4, "1715", "PedestrianCrossing", "Completed", kRedLight, 100, 70),         // red light: failed twice for signs
               record(5, "1716", "UnknownScenario", "Perfect", "", 100, 100),                    // in no ability's list
               record(6, "1717", "SignalizedJunctionRightTurn", "Completed", kVehicle, 100, 60), // failed, yet past its junction
           }) &&
           // As results files name scenarios: the routes file's "<Type>_<n>".
           writeResults(refined, {record(0, "1711", "ParkingCrossingPedestrian_1", "Completed", kSlow, 100, 100)});
}

}  // namespace corevla::testing
