// SPDX-License-Identifier: MIT
#include "model/blas_kernels.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace corevla::model {

std::string blasCoreName() {
    using CoreName = char* (*)();
    const auto name = reinterpret_cast<CoreName>(::dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    const char* core = name ? name() : nullptr;
    return core ? core : "";
}

std::string betterBlasCore() {
    if (std::getenv("OPENBLAS_CORETYPE")) return {};
    std::string core = blasCoreName();
    std::transform(core.begin(), core.end(), core.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (core != "prescott") return {};
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    return {};
}

void restartWithBetterBlasKernels(char** argv) {
    const std::string core = betterBlasCore();
    if (core.empty()) return;
    ::setenv("OPENBLAS_CORETYPE", core.c_str(), 1);  // also what stops a second restart
    ::execv("/proc/self/exe", argv);
}

}  // namespace corevla::model
