// SPDX-License-Identifier: MIT
#include "model/compute.h"

#include <ATen/autocast_mode.h>
#include <dlfcn.h>

#include <filesystem>
#include <fstream>

#include "model/blas_kernels.h"

namespace corevla::model {

const char* precisionName(Precision p) { return p == Precision::Bf16 ? "bf16" : "fp32"; }

std::optional<torch::Device> pickDevice(const std::string& wanted, std::string* error) {
    const bool cuda = torch::cuda::is_available();
    if (wanted == "auto" || wanted.empty()) return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    if (wanted == "cpu") return torch::Device(torch::kCPU);
    if (wanted == "cuda") {
        if (cuda) return torch::Device(torch::kCUDA);
        if (error) *error = "--device cuda: no CUDA device (this LibTorch build or this machine has none); use --device cpu or auto";
        return std::nullopt;
    }
    if (error) *error = "--device must be auto, cpu or cuda, not \"" + wanted + "\"";
    return std::nullopt;
}

std::optional<Precision> pickPrecision(const std::string& wanted, const torch::Device& device, std::string* error) {
    if (wanted == "fp32") return Precision::Fp32;
    if (wanted == "bf16") return Precision::Bf16;
    if (wanted == "auto" || wanted.empty())
        return device.is_cuda() || cpuHasAmx() ? Precision::Bf16 : Precision::Fp32;
    if (error) *error = "--precision must be auto, fp32 or bf16, not \"" + wanted + "\"";
    return std::nullopt;
}

bool cpuHasAmx() {
    static const bool has = [] {
        std::ifstream in("/proc/cpuinfo");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("flags", 0) == 0) return line.find(" amx_bf16") != std::string::npos;
        return false;
    }();
    return has;
}

std::string blasWarning() {
    // Whichever library provides sgemm_ to this process is the one LibTorch calls.
    void* symbol = ::dlsym(RTLD_DEFAULT, "sgemm_");
    Dl_info info{};
    if (!symbol || !::dladdr(symbol, &info) || !info.dli_fname) return {};
    std::error_code ec;
    const std::string path = std::filesystem::canonical(info.dli_fname, ec).string();
    if (path.find("/blas/libblas") != std::string::npos)
        return "LibTorch runs on the reference BLAS (" + path +
               "), about 10x slower than OpenBLAS: install libopenblas0-openmp (scripts/setup does)";
    if (const std::string better = betterBlasCore(); !better.empty())
        return "OpenBLAS runs its generic Prescott kernels on this CPU (it does not know the model): start with "
               "OPENBLAS_CORETYPE=" + better + " for about 5x faster fp32 matmuls (corevla does this itself)";
    return {};
}

AutocastScope::AutocastScope(Precision precision, const torch::Device& device) {
    if (precision != Precision::Bf16) return;
    if (device.is_cuda()) {
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
        m_cuda = true;
    } else {
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
        m_cpu = true;
    }
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!m_cpu && !m_cuda) return;
    // The cast weights are cached per autocast region; drop them with it.
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    if (m_cpu) at::autocast::set_cpu_enabled(false);
    if (m_cuda) at::autocast::set_enabled(false);
}

}  // namespace corevla::model
