// SPDX-License-Identifier: MIT
// Core types shared by importers, storage and the UI. Plain C++, no Qt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corevla {

enum class SourceKind { Bench2DriveClip, Bench2DriveEval, CaveSession };

const char* sourceKindName(SourceKind kind);  // "bench2drive_clip", ...
std::optional<SourceKind> sourceKindFromName(const std::string& name);

enum class Authority : std::uint8_t { Model = 0, Driver = 1 };

// How a camera's images are stored.
enum class MediaKind { JpegSequence, Video };

struct Camera {
    std::string name;          // "rgb_front", "front", ...
    MediaKind kind = MediaKind::JpegSequence;
    std::string pattern;       // JPEG: "camera/rgb_front/%05d.jpg"; video: "front.mp4" (relative to root)
    int width = 0, height = 0;
    double fovDeg = 0;
    double videoFps = 0;       // video only: the stream's constant frame rate
    bool isAttention = false;  // a gray attention heat map, not a camera
    std::string calibrationJson;  // intrinsic/cam2ego when known, JSON text
};

// Controls of one agent at one tick.
struct Controls {
    float throttle = 0, steer = 0, brake = 0;
};

// A meta-action of the Bench2Drive-VL vocabulary (speed x direction; the
// rule reading it from text is importers/common/meta_action.h).
struct MetaAction {
    std::string speed;      // KEEP / ACCELERATE / DECELERATE / STOP, or empty
    std::string direction;  // FOLLOW_LANE / CHANGE_LANE_LEFT / ..., or empty
    bool empty() const { return speed.empty() && direction.empty(); }
    bool operator==(const MetaAction&) const = default;
};

// A decision of the model: the meta-action and, when it was written, why.
struct Decision {
    int frame = 0;
    double t = 0;
    std::string speedCmd;   // KEEP / ACCELERATE / DECELERATE / STOP
    std::string dirCmd;     // FOLLOW_LANE / CHANGE_LANE_LEFT / ...
    std::string reasoning;  // may be empty
    std::string question;   // the prompt, when known (Bench2Drive-VL)
    std::string origin;     // "log" (the recording's own) or "b2dvl"
    bool detached = false;  // its frame is gone since a re-import (kept, flagged)
};

// One box of the scene, reduced to what the bird's-eye view draws (ego frame
// is not applied: world coordinates as recorded).
struct SceneObject {
    std::string cls;   // vehicle, walker, traffic_light, ...
    std::string id;
    float x = 0, y = 0, yaw = 0;       // world metres, yaw radians (CARLA)
    float length = 0, width = 0;       // full sizes, metres
    float speed = 0;
};

struct Frame {
    int index = 0;
    double t = 0;                          // seconds since the recording's first frame
    double egoX = 0, egoY = 0, egoYaw = 0; // world frame, yaw radians (CARLA)
    std::optional<double> speed;           // m/s; null in some Bench2Drive annos
    double accel = 0;
    Authority authority = Authority::Model;
    Controls model;                        // the driving policy's command (for Bench2Drive: the expert's)
    std::optional<Controls> driver;        // the safety driver's wheel and pedals, when recorded
    std::string speedCmd, dirCmd;          // the meta-action in force at this frame
    std::vector<std::pair<float, float>> waypoints;  // planned path, ego frame (x fwd, y right)
    std::vector<SceneObject> objects;
    std::uint32_t missingCameras = 0;      // bit i set: camera i has no image for this frame
};

enum class EventKind { TakeoverStart, TakeoverEnd, Infraction, Collision, Bookmark, Note };

const char* eventKindName(EventKind kind);
std::optional<EventKind> eventKindFromName(const std::string& name);

struct Event {
    EventKind kind = EventKind::Note;
    int frame = -1;          // -1: not aligned to a frame
    double t = -1;
    std::string category;    // infraction key (collisions_vehicle, red_light, ...)
    std::string text;
    std::optional<double> x, y, z;
    std::int64_t id = 0;     // 0 until stored
    bool userMade = false;   // a person's bookmark or note, not read from the recording
    bool detached = false;   // its frame is gone since a re-import (kept, flagged)
};

// The closed-loop evaluation record of a route, when there is one.
struct EvalRecord {
    std::string routeId, status;
    double routeCompletion = 0, penalty = 0, drivingScore = 0;
    double routeLength = 0, durationGame = 0;
};

// A route of an imported closed-loop evaluation, as its scores need it.
struct EvalRoute {
    std::int64_t recordingId = 0;
    std::string evaluation;  // the results file the route came from
    std::string scenario;
    EvalRecord record;
    std::vector<std::string> infractions;  // the imported infractions' keys, one per infraction
};

// A file the recording refers to: path relative to the recording's root.
struct MediaFile {
    std::string relPath;
    std::int64_t size = 0;
    std::uint64_t hash = 0;  // content hash (see storage/hash.h)
};

struct Recording {
    std::int64_t id = 0;     // 0 until stored
    SourceKind source = SourceKind::Bench2DriveClip;
    std::string name, scenario, town, weather, routeId;
    std::string root;        // absolute path of the recording's folder
    double fps = 10;
    double durationS = 0;
    std::vector<Camera> cameras;
    std::vector<Frame> frames;
    std::vector<Event> events;
    std::vector<Decision> decisions;
    std::vector<MediaFile> media;
    std::optional<EvalRecord> eval;
    std::string metadataJson = "{}";  // everything else the source said
    // A hash of what the source said besides its media files (an evaluation
    // record's JSON), 0 when the media files are all there is: part of the
    // fingerprint, so two evaluations of the same route stay two recordings.
    std::uint64_t contentDigest = 0;
};

// What the library lists without loading frames.
struct RecordingSummary {
    std::int64_t id = 0;
    SourceKind source = SourceKind::Bench2DriveClip;
    std::string name, scenario, town, weather, routeId, root;
    int frames = 0;
    double fps = 10, durationS = 0;
    std::vector<std::string> cameras;
    int takeovers = 0, infractions = 0, decisions = 0, missingImages = 0;
    bool hasReasoning = false;
    std::optional<EvalRecord> eval;
};

int countTakeovers(const std::vector<Event>& events);

}  // namespace corevla
