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
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return {};
}

void restartWithBetterBlasKernels(char** argv) {
    const std::string core = betterBlasCore();
    if (core.empty()) return;
    ::setenv("OPENBLAS_CORETYPE", core.c_str(), 1);  // also what stops a second restart
    ::execv("/proc/self/exe", argv);
    ::unsetenv("OPENBLAS_CORETYPE");  // not restarted: blasWarning() still tells why it is slow
}

}  // namespace corevla::model
