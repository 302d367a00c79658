// SPDX-License-Identifier: MIT
#include "storage/run.h"

#include "storage/enum_names.h"

namespace corevla {
namespace {

constexpr EnumNames<RunKind, 2> kRunKinds{{{RunKind::Sft, "sft"}, {RunKind::Dpo, "dpo"}}};

constexpr EnumNames<RunStatus, 5> kRunStatuses{{
    {RunStatus::Running, "running"},
    {RunStatus::Completed, "completed"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Cancelled, "cancelled"},
    {RunStatus::Interrupted, "interrupted"},
}};

}  // namespace

const char* runKindName(RunKind kind) { return nameOf(kRunKinds, kind); }
std::optional<RunKind> runKindFromName(const std::string& name) { return valueOf(kRunKinds, name); }
const char* runStatusName(RunStatus status) { return nameOf(kRunStatuses, status); }
std::optional<RunStatus> runStatusFromName(const std::string& name) { return valueOf(kRunStatuses, name); }

std::vector<MetricPoint> metricPointsOf(int step, const std::vector<std::pair<std::string, double>>& values) {
    std::vector<MetricPoint> points;
    for (const auto& [key, value] : values) {
        if (key == "step" || key == "epoch" || key == "elapsed_s") continue;
        const bool eval = key.rfind("eval_", 0) == 0;
        points.push_back({eval ? "eval" : "train", eval ? key.substr(5) : key, step, value});
    }
    return points;
}

std::filesystem::path newRunFolder(const std::filesystem::path& projectPath, std::int64_t id) {
    const std::filesystem::path absolute = std::filesystem::absolute(projectPath);
    const std::filesystem::path root = absolute.parent_path() / (absolute.stem().string() + "-runs");
    std::filesystem::path folder = root / ("run-" + std::to_string(id));
    std::error_code ec;
    for (int n = 2; std::filesystem::exists(folder, ec); ++n) folder = root / ("run-" + std::to_string(id) + "." + std::to_string(n));
    return folder;
}

}  // namespace corevla
