// SPDX-License-Identifier: MIT
// A checkpoint is a directory: checkpoint.json (format version, config,
// size and hash of every other file), model.pt (the tensors), tokenizer.json,
// and whatever the trainer adds (optimizer state, its own state). It is
// written under a temporary name and renamed into place, so a checkpoint
// directory is either whole or absent; a checkpoint of a newer format, or
// with a file whose size or hash differs, is refused by name.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "model/tokenizer.h"
#include "model/vla_model.h"

namespace corevla::model {

inline constexpr int kCheckpointFormat = 1;

struct Checkpoint {
    ModelConfig config;
    Tokenizer tokenizer;
    VlaModel model{nullptr};
    std::map<std::string, std::string> extra;  // the trainer's files, by name
    std::string meta;                          // the JSON object saved as "meta"
};

// `extra`: more files (name -> bytes); `meta`: a JSON object stored as is.
// Returns an error message, empty on success.
std::string saveCheckpoint(const std::filesystem::path& dir, VlaModel& model, const Tokenizer& tokenizer,
                           const std::map<std::string, std::string>& extra = {}, const std::string& meta = "{}");

// The model on `device`, in eval mode. nullopt and *error naming the
// checkpoint and the problem.
std::optional<Checkpoint> loadCheckpoint(const std::filesystem::path& dir, const torch::Device& device, std::string* error);

}  // namespace corevla::model
