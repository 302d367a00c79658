// SPDX-License-Identifier: MIT
// corevla generate: a checkpoint's answer and decision for camera frames.
#include <cstdio>

#include "../commands.h"
#include "model/generator.h"
#include "storage/json_writer.h"

namespace corevla::cli {

int runGenerate(const Args& args) {
    const auto checkpoint = args.value("model");
    const auto prompt = args.value("prompt");
    // --image F... : the value after --image and any bare paths after it, oldest first.
    std::vector<std::string> images;
    if (const auto first = args.value("image")) images.push_back(*first);
    for (const std::string& p : args.positional()) images.push_back(p);
    if (!checkpoint || !prompt || images.empty()) return usageError("generate needs --model CKPT --image F... --prompt TEXT");
    model::GeneratorOptions options;
    options.device = args.value("device", "cpu");
    options.precision = args.value("precision", "auto");
    if (const auto n = args.integer("max-new-tokens")) options.maxNewTokens = int(*n);
    std::string error;
    auto generator = model::Generator::load(*checkpoint, options, &error);
    if (!generator) return fail(error);
    std::vector<model::FrameBytes> frames;
    for (const std::string& file : images) {
        auto frame = model::loadFrame(file, generator->config(), &error);
        if (!frame) return fail(error);
        frames.push_back(std::move(*frame));
    }
    const model::GeneratedAnswer d = generator->decide(frames, *prompt);
    if (args.flag("json")) {
        JsonWriter w;
        w.beginObject().key("text").str(d.text).key("speed").str(d.action.speed).key("direction").str(d.action.direction);
        w.key("has_decision").boolean(d.hasAction).key("new_tokens").integer(d.newTokens).key("ms").number(d.milliseconds, 6);
        std::printf("%s\n", w.endObject().take().c_str());
    } else {
        std::printf("%s\n", d.text.c_str());
        if (d.hasAction) std::printf("decision: %s, %s\n", d.action.direction.c_str(), d.action.speed.c_str());
        else std::printf("decision: none stated\n");
    }
    return 0;
}

}  // namespace corevla::cli
