// SPDX-License-Identifier: MIT
#include "model/model_config.h"

#include <simdjson.h>

#include <array>
#include <utility>

#include "storage/json_writer.h"

namespace corevla::model {
namespace {

// One table of the fields, for reading and writing alike.
std::array<std::pair<const char*, int ModelConfig::*>, 10> fields() {
    return {{{"vocab_size", &ModelConfig::vocabSize},
             {"d_model", &ModelConfig::dModel},
             {"layers", &ModelConfig::layers},
             {"heads", &ModelConfig::heads},
             {"ff_mult", &ModelConfig::ffMult},
             {"max_text_tokens", &ModelConfig::maxTextTokens},
             {"frames", &ModelConfig::frames},
             {"image_width", &ModelConfig::imageWidth},
             {"image_height", &ModelConfig::imageHeight},
             {"tokens_per_frame", &ModelConfig::tokensPerFrame}}};
}

}  // namespace

std::string ModelConfig::toJson() const {
    JsonWriter w;
    w.beginObject();
    for (const auto& [name, member] : fields()) w.key(name).integer(this->*member);
    w.endObject();
    return w.take();
}

std::optional<ModelConfig> ModelConfig::fromJson(std::string_view json, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<ModelConfig> {
        if (error) *error = why;
        return std::nullopt;
    };
    simdjson::dom::parser parser;
    simdjson::dom::object root;
    if (parser.parse(json.data(), json.size()).get(root)) return fail("the model config is not a JSON object");
    ModelConfig c;
    for (auto [key, value] : root) {
        bool known = false;
        for (const auto& [name, member] : fields()) {
            if (key != name) continue;
            int64_t v = 0;
            if (value.get(v) || v < 1 || v > 1'000'000) return fail(std::string(name) + " is not a positive integer");
            c.*member = int(v);
            known = true;
        }
        if (!known) return fail("unknown model config key \"" + std::string(key) + "\"");
    }
    if (std::string p = c.problem(); !p.empty()) return fail(p);
    return c;
}

std::string ModelConfig::problem() const {
    if (dModel % heads) return "d_model (" + std::to_string(dModel) + ") is not a multiple of heads (" + std::to_string(heads) + ")";
    if (imageWidth < 16 || imageHeight < 16) return "image_width and image_height must be at least 16";
    if (tokensPerFrame > (imageWidth / 16) * (imageHeight / 16))
        return "tokens_per_frame is more than the vision encoder's grid (" + std::to_string((imageWidth / 16) * (imageHeight / 16)) + ")";
    if (vocabSize < 261) return "vocab_size must be at least 261 (specials and bytes)";
    if (maxTextTokens < 8) return "max_text_tokens must be at least 8";
    return {};
}

}  // namespace corevla::model
