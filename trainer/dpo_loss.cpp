// SPDX-License-Identifier: MIT
#include "trainer/dpo_loss.h"

namespace corevla::trainer {

DpoTerms dpoLoss(const torch::Tensor& policyChosen, const torch::Tensor& policyRejected, const torch::Tensor& refChosen,
                 const torch::Tensor& refRejected, DpoLossType type, double beta, double labelSmoothing) {
    const torch::Tensor rc = refChosen.detach(), rr = refRejected.detach();
    const torch::Tensor h = (policyChosen - policyRejected) - (rc - rr);
    torch::Tensor losses;
    switch (type) {
    case DpoLossType::Sigmoid:
        losses = -(1 - labelSmoothing) * torch::log_sigmoid(beta * h) - labelSmoothing * torch::log_sigmoid(-beta * h);
        break;
    case DpoLossType::Hinge: losses = torch::relu(1 - beta * h); break;
    case DpoLossType::Ipo: losses = (h - 1 / (2 * beta)).pow(2); break;
    }
    return {losses, (beta * (policyChosen - rc)).detach(), (beta * (policyRejected - rr)).detach()};
}

}  // namespace corevla::trainer
