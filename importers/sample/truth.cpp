// SPDX-License-Identifier: MIT
#include "importers/sample/truth.h"

#include "storage/json_writer.h"

namespace corevla::sample {

namespace {

std::string header(std::uint64_t seed, int clipFrames, int caveSeconds, int sessions) {
    // A fixed prefix, so a rerun can recognise its own output without a parser.
    // "sessions" only when there are extra ones: the set without stays as it was.
    return "{\"seed\":" + std::to_string(seed) + ",\"generator_version\":" + std::to_string(kGeneratorVersion) +
           ",\"clip_frames\":" + std::to_string(clipFrames) + ",\"cave_seconds\":" + std::to_string(caveSeconds) +
           (sessions > 0 ? ",\"sessions\":" + std::to_string(sessions) : std::string()) + ",\"recordings\":[";
}

}  // namespace

std::string truthJson(const TruthFile& t) {
    std::string records;
    for (const TruthRecord& r : t.records) {
        JsonWriter j;  // one recording per line keeps the file readable and diffable
        j.beginObject();
        j.key("source").str(r.source).key("name").str(r.name).key("path").str(r.path);
        j.key("scenario").str(r.scenario).key("town").str(r.town).key("weather").str(r.weather);
        if (!r.routeId.empty()) j.key("route_id").str(r.routeId);
        j.key("frames").integer(r.frames).key("fps").number(r.fps, 6).key("duration_s").number(r.durationS, 6);
        j.key("cameras").beginArray();
        for (const auto& c : r.cameras) j.str(c);
        j.endArray();
        j.key("attention").boolean(r.attention);
        j.key("takeovers").integer(r.takeovers);
        j.key("takeover_frames").beginArray();
        for (const auto& [a, b] : r.takeoverFrames) j.beginArray().integer(a).integer(b).endArray();
        j.endArray();
        j.key("takeover_events_logged").boolean(r.takeoverEvents);
        j.key("infractions").integer(static_cast<long long>(r.infractions.size()));
        j.key("infraction_frames").beginArray();  // located infractions only, in results.json order
        for (const auto& i : r.infractions)
            if (i.frame >= 0) j.integer(i.frame);
        j.endArray();
        j.key("infraction_list").beginArray();
        for (const auto& i : r.infractions) {
            j.beginObject().key("key").str(i.key).key("text").str(i.text).key("frame");
            if (i.frame >= 0) j.integer(i.frame);
            else j.null();
            j.endObject();
        }
        j.endArray();
        j.key("collisions").integer(r.collisions).key("bookmarks").integer(r.bookmarks);
        j.key("has_reasoning").boolean(r.hasReasoning).key("decisions").integer(r.decisions);
        j.key("missing_images").integer(r.missingImages);
        j.key("missing").beginArray();
        for (const auto& [cam, f] : r.missing) j.beginArray().str(cam).integer(f).endArray();
        j.endArray();
        j.key("null_speed_frames").integer(static_cast<long long>(r.nullSpeedFrames.size()));
        j.key("null_speed_frame_ids").beginArray();
        for (int f : r.nullSpeedFrames) j.integer(f);
        j.endArray();
        if (r.minBoxes > 0) j.key("min_boxes_per_frame").integer(r.minBoxes);
        if (!r.status.empty()) {
            j.key("status").str(r.status);
            j.key("score_route").number(r.scoreRoute, 6).key("score_penalty").number(r.scorePenalty, 6);
            j.key("driving_score").number(r.drivingScore, 6);
        }
        j.endObject();
        records += (records.empty() ? "\n  " : ",\n  ") + j.take();
    }
    return header(t.seed, t.clipFrames, t.caveSeconds, t.sessions) + records + "\n]}\n";
}

bool truthMatches(const std::string& text, std::uint64_t seed, int clipFrames, int caveSeconds, int sessions) {
    const std::string h = header(seed, clipFrames, caveSeconds, sessions);
    return text.compare(0, h.size(), h) == 0;
}

}  // namespace corevla::sample
