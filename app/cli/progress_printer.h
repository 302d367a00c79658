// SPDX-License-Identifier: MIT
// Progress on stderr: a live line on a terminal, a line per 10% otherwise
// (so logs stay readable).
#pragma once

#include <cstdio>
#include <string>

#include <unistd.h>

#include "storage/progress.h"

namespace corevla::cli {

inline ProgressFn progressPrinter(bool quiet) {
    if (quiet) return {};
    const bool tty = isatty(fileno(stderr));
    return [tty, lastDecile = -1](double fraction, const std::string& what) mutable {
        const int percent = static_cast<int>(fraction * 100.0 + 0.5);
        if (tty) {
            std::fprintf(stderr, "\r\033[K%3d%%  %s", percent, what.c_str());
            if (fraction >= 1.0) std::fputc('\n', stderr);
        } else if (percent / 10 != lastDecile) {
            lastDecile = percent / 10;
            std::fprintf(stderr, "%3d%%  %s\n", percent, what.c_str());
        }
        std::fflush(stderr);
    };
}

}  // namespace corevla::cli
