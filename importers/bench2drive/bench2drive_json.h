// SPDX-License-Identifier: MIT
// JSON helpers of the Bench2Drive importers. Python's json.dump writes NaN,
// Infinity and -Infinity as bare words (theta is NaN in some annos), which
// strict parsers such as simdjson reject; we read them as null.
#pragma once

#include <string>
#include <string_view>

#include <simdjson.h>

namespace corevla::importers {

// Copies text into out with NaN / Infinity / -Infinity outside strings
// replaced by null; out keeps simdjson's padding. Returns whether anything
// was replaced.
bool replaceNonFiniteWords(std::string_view text, std::string& out);

// Parses text, whose buffer has SIMDJSON_PADDING spare bytes when padded is
// true (no copy then). On a syntax error, retries once with non-finite words
// replaced (scratch holds that copy, which must outlive the element).
// *error: "malformed JSON: <simdjson message>".
bool parseJsonLenient(simdjson::dom::parser& parser, std::string_view text, bool padded, std::string& scratch,
                      simdjson::dom::element& out, std::string* error);

// The number of a JSON number; false for anything else (null, NaN-as-null).
inline bool jsonNumber(simdjson::dom::element e, double& out) {
    return e.get_double().get(out) == simdjson::SUCCESS;
}

// A number from an array element (e.g. location[1]); fallback when absent.
double jsonArrayNumber(simdjson::dom::element array, std::size_t index, double fallback);

// An id or text field that may be written as a string or a number.
std::string jsonText(simdjson::dom::element e);

}  // namespace corevla::importers
