// SPDX-License-Identifier: MIT
// corevla decide: one model answering questions about a project's frames,
// one JSON line in, one out, for as long as stdin stays open. The live
// comparison runs one per model, so a model that crashes or hangs takes
// its own process down, never the workstation (which does not link
// LibTorch). The prompt is what the pairs ask at that frame
// (dataset/frame_prompt.h).
//   in:  {"id":N, "recording":R, "frame":F}
//   out: {"id":N, "recording":R, "frame":F, "text", "speed", "direction",
//         "has_decision", "error", "ms"}     (ms: prompt and answer)
// The first line out is {"ready":true, "model":NAME} once the model is loaded.
#include <chrono>
#include <cstdio>
#include <iostream>

#include <simdjson.h>

#include "../commands.h"
#include "dataset/frame_prompt.h"
#include "model_spec.h"
#include "storage/json_writer.h"
#include "storage/project.h"
#include "storage/run_store.h"

namespace corevla::cli {
namespace {

struct Request {
    long long id = 0;
    std::int64_t recording = 0;
    int frame = -1;
};

std::optional<Request> parseRequest(simdjson::dom::parser& parser, const std::string& line) {
    simdjson::dom::element e;
    Request r;
    int64_t recording = 0, frame = 0;
    if (parser.parse(line).get(e) || e["recording"].get_int64().get(recording) || e["frame"].get_int64().get(frame) ||
        frame < 0 || frame > INT32_MAX)
        return std::nullopt;
    int64_t id = 0;
    if (!e["id"].get_int64().get(id)) r.id = id;
    r.recording = recording, r.frame = int(frame);
    return r;
}

void reply(const Request& q, const model::BackendAnswer& a, double ms) {
    JsonWriter w;
    w.beginObject().key("id").integer(q.id).key("recording").integer(q.recording).key("frame").integer(q.frame);
    w.key("text").str(a.text).key("speed").str(a.action.speed).key("direction").str(a.action.direction);
    w.key("has_decision").boolean(a.hasAction).key("error").str(a.error).key("ms").number(ms, 6);
    std::printf("%s\n", w.endObject().take().c_str());
    std::fflush(stdout);
}

}  // namespace

int runDecide(const Args& args) {
    const auto projectPath = args.value("project");
    const auto spec = args.value("model");
    if (!projectPath || !spec)
        return usageError(std::string("decide needs --project P --model A [--api-key-env VAR] [--timeout S] [--device D] [--threads N] (") +
                          kModelSpecHelp + "); then one JSON request a line on stdin");
    if (const std::string problem = timeoutProblem(args); !problem.empty()) return usageError(problem);
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    RunStore runs(project);
    std::string error;
    const auto model = resolveModel(runs, *spec, args, &error);
    if (!model) return fail(error);
    model::GeneratorOptions options;
    options.device = args.value("device", "auto");
    options.threads = int(args.integer("threads").value_or(0));
    auto backend = makeBackend(*model, options, &error);
    if (!backend) return fail(error);
    {
        JsonWriter w;
        std::printf("%s\n", w.beginObject().key("ready").boolean(true).key("model").str(model->name).endObject().take().c_str());
        std::fflush(stdout);
    }
    simdjson::dom::parser parser;
    dataset::FramePrompter prompter;
    std::optional<Recording> recording;  // the last one asked about
    std::string line;
    for (long long n = 1; std::getline(std::cin, line); ++n) {
        if (line.empty()) continue;
        const auto start = std::chrono::steady_clock::now();
        model::BackendAnswer answer;
        const auto request = parseRequest(parser, line);
        if (!request) {
            answer.error = "request line " + std::to_string(n) + " is not {\"recording\":R, \"frame\":F}";
            reply({}, answer, 0);
            continue;
        }
        if (!recording || recording->id != request->recording) {
            recording = project.load(request->recording);
            if (!recording) answer.error = project.lastError();
        }
        const auto prompt = recording ? prompter.at(*recording, request->frame, &answer.error) : std::nullopt;
        if (prompt) answer = backend->decide(prompt->images, prompt->prompt);
        reply(*request, answer, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return 0;
}

}  // namespace corevla::cli
