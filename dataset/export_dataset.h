// SPDX-License-Identifier: MIT
// `corevla export`: a project's preference pairs as a training dataset that
// LLaMA-Factory or TRL reads as it is (docs/datasets.md):
//
//   OUT/dataset_info.json   LLaMA-Factory's entry (not for trl-dpo)
//   OUT/dpo.json | dpo.jsonl | sft.json
//   OUT/images/<entry>/<k>.jpg
//   OUT/manifest.json       counts, the filter, the pairs' ids, a content hash
//
// The same pairs give byte-identical files: examples in pair-id order, fixed
// key order, no timestamps. Nothing is written unless every example can be:
// a problem with any pair (a frame that does not decode, an imported image
// that changed, text that is not UTF-8) fails the export and names the pair.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataset/export_records.h"
#include "dataset/frame_qa.h"
#include "storage/annotation.h"
#include "storage/progress.h"

namespace corevla {
class Project;
}

namespace corevla::dataset {

struct ExportOptions {
    ExportFormat format = ExportFormat::LlamaFactoryDpo;
    std::filesystem::path out;
    std::optional<PairStatus> status = PairStatus::Approved;  // nullopt: every pair
    // Not empty: exactly these pairs, whatever their status (a run's snapshot
    // of the pairs a person chose); one that is gone fails the export.
    std::vector<std::int64_t> pairIds;
    int threads = 0;   // image encoding; <= 0: every core
    int maxWidth = 0;  // images at most this wide; 0: as recorded
    ProgressFn progress;
    const CancelToken* cancel = nullptr;
    // Files written beside the dataset, in the same folder and rename, listed
    // in the manifest and its hash (a LLaMA-Factory run's train.yaml, ...).
    std::vector<std::pair<std::string, std::string>> extraFiles;  // (name, text)
};

struct ExportResult {
    bool ok = false;
    std::vector<std::string> errors;    // each names the pair ("pair 12: ...") or the folder
    std::vector<std::string> warnings;  // "pair 7: a literal <image> in the question is written as [image]"
    int pairs = 0, images = 0, escapedTokens = 0;  // pairs: the examples written (frames' too)
    int skipped = 0, excluded = 0;  // --from frames: examples left out (warnings name them), frames in segments
    std::uint64_t contentHash = 0;
};

ExportResult exportDataset(Project& project, const ExportOptions& options);

// The same for pairs already read (sorted by id here); the project gives the
// recordings' frames.
ExportResult exportPairs(Project& project, std::vector<PreferencePair> pairs, const ExportOptions& options);

// llamafactory-sft from the recordings' frames (frame_qa.h), `--from frames`:
// the same folder, images and checks; the manifest lists (recording, frame)
// per entry instead of pair ids.
ExportResult exportFrames(Project& project, const FrameQaOptions& frames, const ExportOptions& options);

}  // namespace corevla::dataset
