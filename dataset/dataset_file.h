// SPDX-License-Identifier: MIT
// The examples of a dataset file, as the trainers load it: a JSON list, or
// JSON Lines when the name ends in .jsonl (blank lines skipped).
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include <simdjson.h>

namespace corevla::dataset {

// Calls fn(example, index) for each example, index counting from 0 (in JSON
// Lines: the line number - 1). Returns false with *error (without the file's
// name) when the file cannot be read, is empty, is not JSON or not a list; a
// malformed line of JSON Lines goes to lineError(index, message) and the rest
// is still read.
bool forEachExample(const std::filesystem::path& file, const std::function<void(simdjson::dom::element, long)>& fn,
                    const std::function<void(long, const std::string&)>& lineError, std::string* error);

}  // namespace corevla::dataset
