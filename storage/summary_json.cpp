// SPDX-License-Identifier: MIT
#include "storage/summary_json.h"

#include "storage/json_writer.h"

namespace corevla {

std::string summariesToJson(const std::vector<RecordingSummary>& recordings) {
    JsonWriter w;
    w.beginObject().key("recordings").beginArray();
    for (const auto& r : recordings) {
        w.beginObject();
        w.key("id").integer(r.id);
        w.key("source").str(sourceKindName(r.source));
        w.key("name").str(r.name);
        w.key("scenario").str(r.scenario);
        w.key("town").str(r.town);
        w.key("weather").str(r.weather);
        w.key("route_id").str(r.routeId);
        w.key("root").str(r.root);
        w.key("frames").integer(r.frames);
        w.key("fps").number(r.fps, 6);
        w.key("cameras").beginArray();
        for (const auto& c : r.cameras) w.str(c);
        w.endArray();
        w.key("duration_s").number(r.durationS, 6);
        w.key("takeovers").integer(r.takeovers);
        w.key("infractions").integer(r.infractions);
        w.key("decisions").integer(r.decisions);
        w.key("missing_images").integer(r.missingImages);
        w.key("has_reasoning").boolean(r.hasReasoning);
        if (r.eval) {
            w.key("eval").beginObject();
            w.key("route_id").str(r.eval->routeId);
            w.key("status").str(r.eval->status);
            w.key("route_completion").number(r.eval->routeCompletion, 6);
            w.key("penalty").number(r.eval->penalty, 6);
            w.key("driving_score").number(r.eval->drivingScore, 6);
            w.endObject();
        }
        w.endObject();
    }
    w.endArray().endObject();
    return w.take();
}

}  // namespace corevla
