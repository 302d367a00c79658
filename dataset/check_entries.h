// SPDX-License-Identifier: MIT
// The per-example rules of `export --check` (dataset_check.h), one function
// per format. What each trainer chokes on (docs/datasets.md): images not a
// list, an <image> count that differs from the images, a token outside the
// prompt, a path that does not resolve under the dataset folder, a prompt
// that does not end with the user's turn, answers in the wrong shape.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <simdjson.h>

#include "dataset/dataset_check.h"

namespace corevla::dataset {

struct EntryContext {
    std::filesystem::path dir;  // where relative image paths resolve (LLaMA-Factory's media_dir)
    std::string file;           // the data file, relative to dir
    std::vector<CheckProblem>* problems = nullptr;
    std::vector<std::string>* images = nullptr;  // every image path as written, in order
    long imageCount = 0;
    void problem(long entry, std::string message) const;
};

// A sharegpt dataset's columns and tags (LLaMA-Factory's defaults unless
// dataset_info.json names others).
struct SharegptSpec {
    bool ranking = false;
    std::string messages = "conversations", chosen, rejected, images;
    std::string roleTag = "from", contentTag = "value";
    std::string userTag = "human", assistantTag = "gpt", systemTag = "system";
};

void checkSharegptEntry(simdjson::dom::element entry, long index, const SharegptSpec& spec, EntryContext& context);
void checkTrlEntry(simdjson::dom::element entry, long index, EntryContext& context);

}  // namespace corevla::dataset
