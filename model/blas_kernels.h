// SPDX-License-Identifier: MIT
// Which kernels OpenBLAS runs LibTorch's fp32 matmuls on. OpenBLAS 0.3.21
// (Debian 12) picks them from the CPU's model number and falls back to its
// SSE3 "Prescott" kernels on CPUs it does not know (a Sapphire Rapids VM
// reads "Intel Xeon Processor"): an fp32 matmul then runs at 31 GFLOP/s
// instead of 171 with its AVX-512 kernels, and a training step takes 1.7-2.6x
// as long (docs/training.md). OpenBLAS reads OPENBLAS_CORETYPE once, when it
// loads, so the fix is to start the process again with it set.
// No LibTorch here: the command line's main includes it.
#pragma once

#include <string>

namespace corevla::model {

// OpenBLAS's kernel family in this process ("Prescott", "SkylakeX", ...);
// empty when the BLAS is not OpenBLAS.
std::string blasCoreName();

// The kernels this CPU should have when OpenBLAS fell back to Prescott:
// "SkylakeX" with AVX-512, "Haswell" with AVX2 + FMA; empty when it did not
// fall back, when OPENBLAS_CORETYPE is set already, or nothing better exists.
std::string betterBlasCore();

// With betterBlasCore() non-empty: sets OPENBLAS_CORETYPE and re-executes
// this program with the same arguments (never returns then). Call from
// main before any thread starts. Returns when there is nothing to
// do or the re-execution failed (the program then runs on as it was).
void restartWithBetterBlasKernels(char** argv);

}  // namespace corevla::model
