// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_json.h"

#include <cstring>

namespace corevla::importers {

bool replaceNonFiniteWords(std::string_view text, std::string& out) {
    out.clear();
    out.reserve(text.size() + text.size() / 8 + simdjson::SIMDJSON_PADDING);
    bool inString = false, replaced = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) out += text[++i];
            else if (c == '"') inString = false;
            continue;
        }
        if (c == '"') inString = true;
        const auto rest = text.substr(i);
        std::size_t skip = 0;
        if (rest.starts_with("NaN")) skip = 3;
        else if (rest.starts_with("Infinity")) skip = 8;
        else if (rest.starts_with("-Infinity")) skip = 9;
        if (skip) {
            out += "null";
            i += skip - 1;
            replaced = true;
        } else {
            out += c;
        }
    }
    return replaced;
}

bool parseJsonLenient(simdjson::dom::parser& parser, std::string_view text, bool padded, std::string& scratch,
                      simdjson::dom::element& out, std::string* error) {
    auto result = parser.parse(text.data(), text.size(), !padded);
    if (!result.error()) {
        out = result.value_unsafe();
        return true;
    }
    const auto firstError = result.error();
    const bool maybeNonFinite = text.find("NaN") != std::string_view::npos ||
                                text.find("Infinity") != std::string_view::npos;
    if (maybeNonFinite && replaceNonFiniteWords(text, scratch)) {
        auto retry = parser.parse(scratch.data(), scratch.size(), scratch.capacity() - scratch.size() <
                                                                      simdjson::SIMDJSON_PADDING);
        if (!retry.error()) {
            out = retry.value_unsafe();
            return true;
        }
    }
    if (error) *error = std::string("malformed JSON: ") + simdjson::error_message(firstError);
    return false;
}

double jsonArrayNumber(simdjson::dom::element array, std::size_t index, double fallback) {
    double value;
    if (array.at(index).get_double().get(value) == simdjson::SUCCESS) return value;
    return fallback;
}

std::string jsonText(simdjson::dom::element e) {
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    int64_t i;
    if (e.get_int64().get(i) == simdjson::SUCCESS) return std::to_string(i);
    uint64_t u;
    if (e.get_uint64().get(u) == simdjson::SUCCESS) return std::to_string(u);
    return {};
}

}  // namespace corevla::importers
