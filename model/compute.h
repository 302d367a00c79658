// SPDX-License-Identifier: MIT
// Where and in what precision the model runs: the device (auto = CUDA when
// the LibTorch build and the machine have it), bf16 autocast on CUDA and on
// CPUs with AMX (about 7x faster training there; with AVX512-BF16 alone, fp32
// on OpenBLAS's AVX-512 kernels is faster: docs/training.md), and a warning
// when LibTorch's BLAS is slow (the reference one, or OpenBLAS's generic kernels).
#pragma once

#include <optional>
#include <string>

#include <torch/torch.h>

namespace corevla::model {

enum class Precision { Fp32, Bf16 };
const char* precisionName(Precision p);

// "auto", "cpu" or "cuda"; nullopt and *error when CUDA is asked for and
// not there, or the name is unknown.
std::optional<torch::Device> pickDevice(const std::string& wanted, std::string* error);
// "auto", "fp32" or "bf16"; auto is bf16 on CUDA and on CPUs with AMX.
std::optional<Precision> pickPrecision(const std::string& wanted, const torch::Device& device, std::string* error);

bool cpuHasAmx();  // amx_bf16 in /proc/cpuinfo

// Empty, or a sentence saying LibTorch's BLAS is slow and what to do.
std::string blasWarning();

// Autocast to bf16 while alive (no-op for fp32). Softmax, log-softmax and
// losses are computed in fp32 by the model code itself.
class AutocastScope {
public:
    AutocastScope(Precision precision, const torch::Device& device);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool m_cpu = false, m_cuda = false;
};

}  // namespace corevla::model
