// SPDX-License-Identifier: MIT
// What every writer of the sample set needs: the output root, the thread
// count, cancellation, and progress counted in work units (one image or
// video frame each), reported from the calling thread only.
#pragma once

#include "storage/progress.h"

#include <algorithm>
#include <filesystem>
#include <string>

namespace corevla::sample {

struct GenContext {
    std::filesystem::path out;
    int threads = 2;
    const CancelToken* cancel = nullptr;
    ProgressFn progress;
    double totalUnits = 1, doneUnits = 0;

    void report(double units, const std::string& what) {
        doneUnits += units;
        if (progress) progress(std::min(1.0, doneUnits / totalUnits), what);
    }
    bool cancelled() const { return cancel && cancel->cancelled(); }
};

}  // namespace corevla::sample
