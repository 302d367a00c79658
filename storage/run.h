// SPDX-License-Identifier: MIT
// Training runs and the models they make: what the runs panel launches and
// the model registry lists. A run trains on a snapshot of pairs (its folder's
// data/, fixed by a content hash) and keeps its configuration, its metric
// series and its outcome for good. Plain C++, no Qt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corevla {

enum class RunKind { Sft, Dpo };
const char* runKindName(RunKind kind);  // "sft", "dpo"
std::optional<RunKind> runKindFromName(const std::string& name);

// running -> completed | failed | cancelled; interrupted: the GUI or the
// machine that ran it died (found when a project is opened again).
enum class RunStatus { Running, Completed, Failed, Cancelled, Interrupted };
const char* runStatusName(RunStatus status);
std::optional<RunStatus> runStatusFromName(const std::string& name);

struct Run {
    std::int64_t id = 0;
    RunKind kind = RunKind::Dpo;
    RunStatus status = RunStatus::Running;
    std::string config;        // JSON: the pair filter and the trainer's options (runs_config)
    std::string folder;        // data/ (the snapshot), out/ (checkpoints, model), train.log
    std::string snapshotHash;  // the export's content hash (hex)
    std::vector<std::int64_t> pairIds;  // what the snapshot holds (empty: frames)
    int examples = 0;
    std::int64_t baseModel = 0, outputModel = 0, rerunOf = 0;  // 0: none
    std::string device;        // as the trainer reported it ("cpu bf16", "cuda:0 bf16")
    std::string error;         // failed: why
    std::string stderrTail;    // failed: the trainer's last words
    std::string ownerHost;
    std::int64_t ownerPid = 0;
    std::string startedAt, heartbeatAt;
    double durationS = 0;
};

struct MetricPoint {
    std::string split;  // "train" or "eval"
    std::string name;   // TRL's names without the eval_ prefix: "loss", "rewards/margins", ...
    int step = 0;
    double value = 0;
};

// One line of the trainer's metrics (`corevla train` prints JSON lines of
// numbers): TRL's eval_ prefix becomes the split; step, epoch and elapsed_s
// are the line's coordinates, not series.
std::vector<MetricPoint> metricPointsOf(int step, const std::vector<std::pair<std::string, double>>& values);

// Where run `id` of the project at `projectPath` keeps its folder: beside
// the project, "<name>-runs/run-ID". A folder already there (another
// project of the same name, a restored backup that reuses ids) is never
// written into: the next free "run-ID.N" instead.
std::filesystem::path newRunFolder(const std::filesystem::path& projectPath, std::int64_t id);

struct ModelEntry {
    std::int64_t id = 0;
    std::string name;
    std::string backend = "native";  // a checkpoint folder of the embedded model
    std::string location;            // absolute path
    std::int64_t parent = 0, run = 0;  // the model it was refined from, the run that made it
    std::string note, createdAt;
};

}  // namespace corevla
