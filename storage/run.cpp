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

}  // namespace corevla
