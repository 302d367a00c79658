// SPDX-License-Identifier: MIT
// The DPO family of losses on sequence log-probabilities (formats.md 4.5):
// h = [pol(y+) - pol(y-)] - [ref(y+) - ref(y-)];
// sigmoid: -(1-e) log sig(beta h) - e log sig(-beta h); hinge: max(0, 1 - beta h);
// ipo: (h - 1/(2 beta))^2 (its log-probs are per-token means: the caller's).
// The reference enters detached: no gradient ever reaches it.
#pragma once

#include <torch/torch.h>

#include "trainer/train.h"

namespace corevla::trainer {

struct DpoTerms {
    torch::Tensor losses;                         // [B]
    torch::Tensor chosenRewards, rejectedRewards; // [B]: beta (pol - ref), detached
};

DpoTerms dpoLoss(const torch::Tensor& policyChosen, const torch::Tensor& policyRejected, const torch::Tensor& refChosen,
                 const torch::Tensor& refRejected, DpoLossType type, double beta, double labelSmoothing);

}  // namespace corevla::trainer
