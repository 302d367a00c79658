// SPDX-License-Identifier: MIT
#include "storage/annotation.h"

#include "storage/enum_names.h"

namespace corevla {
namespace {

constexpr EnumNames<SegmentKind, 4> kSegmentKinds{{
    {SegmentKind::Takeover, "takeover"},
    {SegmentKind::Infraction, "infraction"},
    {SegmentKind::Divergence, "divergence"},
    {SegmentKind::Manual, "manual"},
}};

constexpr EnumNames<PairStatus, 4> kPairStatuses{{
    {PairStatus::Draft, "draft"},
    {PairStatus::NeedsReview, "needs-review"},
    {PairStatus::Approved, "approved"},
    {PairStatus::Rejected, "rejected"},
}};

}  // namespace

const char* segmentKindName(SegmentKind kind) { return nameOf(kSegmentKinds, kind); }
std::optional<SegmentKind> segmentKindFromName(const std::string& name) { return valueOf(kSegmentKinds, name); }
const char* pairStatusName(PairStatus status) { return nameOf(kPairStatuses, status); }
std::optional<PairStatus> pairStatusFromName(const std::string& name) { return valueOf(kPairStatuses, name); }

}  // namespace corevla
