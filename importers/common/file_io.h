// SPDX-License-Identifier: MIT
// Reading whole files, inflating gzip, and the simdjson glue every importer
// shares. Errors are returned as text without the file name; the caller
// names the file.
#pragma once

#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace corevla::importers {

// The whole file, or nullopt with *error set ("does not exist", "cannot be read").
std::optional<std::string> readFile(const std::filesystem::path& path, std::string* error);

// Inflates a complete gzip member (libdeflate). Truncated or corrupt input
// returns false with *error set.
bool gunzip(std::string_view compressed, std::string& out, std::string* error);

// Parses JSON text into a DOM element owned by parser; the message of a
// failure is simdjson's description.
bool parseJson(simdjson::dom::parser& parser, std::string_view text, simdjson::dom::element& out,
               std::string* error);

// Typed look-ups with a fallback; a wrong type counts as absent.
double numberOr(simdjson::dom::element object, std::string_view key, double fallback);
std::optional<double> optNumber(simdjson::dom::element object, std::string_view key);
std::string stringOr(simdjson::dom::element object, std::string_view key, std::string fallback = {});

// A JSON number as an integer type, truncated toward zero; nullopt when it
// does not fit (casting such a double is undefined behaviour: a file saying
// "frame_number": 1e300 must not be able to cause it).
template <typename T>
std::optional<T> toInteger(double value) {
    constexpr double lowest = double(std::numeric_limits<T>::min()) - 1, above = double(std::numeric_limits<T>::max()) + 1;
    if (!(value > lowest && value < above)) return std::nullopt;  // NaN fails too
    return static_cast<T>(value);
}

}  // namespace corevla::importers
