// SPDX-License-Identifier: MIT
// `corevla export --check DIR`: does a dataset folder — ours or anyone's —
// hold what LLaMA-Factory (sharegpt, DPO or SFT) or TRL (preference JSON
// Lines) will train on without choking? The format is taken from
// dataset_info.json, else from the files. Every problem names its file and
// entry (the example's position, counting from 0) and says what is wrong.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace corevla::dataset {

struct CheckProblem {
    std::string file;  // relative to the folder
    long entry = -1;   // -1: the file as a whole
    std::string message;
    std::string text() const;  // "dpo.json: entry 3: images is a string, not a list"
};

struct CheckReport {
    std::vector<std::string> formats;   // what was checked: "llamafactory-dpo dpo.json", "trl-dpo dpo.jsonl"
    std::vector<CheckProblem> problems;
    std::vector<std::string> notes;     // what was not checked, and why (not problems)
    long entries = 0, images = 0;
    bool clean() const { return problems.empty(); }
};

CheckReport checkDataset(const std::filesystem::path& dir);

}  // namespace corevla::dataset
