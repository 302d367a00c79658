// SPDX-License-Identifier: MIT
// Training examples read from a LLaMA-Factory dataset folder (what
// `corevla export --format llamafactory-sft|llamafactory-dpo` writes, or
// anyone's: sharegpt formatting, its dataset_info.json's columns and tags).
// The folder is checked with `export --check`'s rules first, so a bad
// dataset fails before the first step, naming the file and the entry.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace corevla::trainer {

struct TrainExample {
    std::vector<std::filesystem::path> images;  // resolved as LLaMA-Factory does
    std::string prompt;                         // the user's text without <image> tokens
    std::string chosen;                         // SFT: the answer
    std::string rejected;                       // DPO only
    std::string where;                          // "sft.json: entry 3", for messages
    int row = 0;                                // that entry's place in the file (an SFT row may give several)
};

enum class DataKind { Sft, Dpo };

struct TrainData {
    std::vector<TrainExample> examples;
    std::string file;  // the data file read, for messages
};

// nullopt and *error ("<dir>/<file>: entry N: <problem>") when the folder
// does not hold a dataset of that kind, or it has problems.
std::optional<TrainData> readTrainData(const std::filesystem::path& dir, DataKind kind, std::string* error);

}  // namespace corevla::trainer
