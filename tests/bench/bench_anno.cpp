// SPDX-License-Identifier: MIT
// Annotation parsing benchmark: frames/s over a 1,000-frame clip whose annos
// are the size of real Bench2Drive ones (100+ boxes, ~100 KB of JSON each).
// Prints JSON; tests/bench/run compares it with anno_baseline.py.
// usage: bench_anno CLIP_DIR [FRAMES] [REPEATS] [THREADS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "importers/bench2drive/anno_parser.h"
#include "importers/sample/sample_generator.h"
#include "storage/json_writer.h"

using namespace corevla;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_anno CLIP_DIR [FRAMES] [REPEATS] [THREADS]\n");
        return 2;
    }
    const std::filesystem::path clip = argv[1];
    const int frames = argc > 2 ? std::atoi(argv[2]) : 1000;
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
    if (!std::filesystem::exists(clip / "anno")) {
        const auto made = sample::writeAnnoOnlyClip(clip, frames, 1);
        if (!made.ok) {
            std::fprintf(stderr, "bench_anno: %s\n", made.error.c_str());
            return 1;
        }
    }
    std::vector<std::filesystem::path> files;
    std::uintmax_t bytes = 0;
    for (const auto& f : importers::listNumberedFiles(clip / "anno", ".json.gz")) {
        files.push_back(f.path);
        bytes += std::filesystem::file_size(f.path);
    }
    importers::AnnoBatchOptions options;
    options.threads = threads;
    options.hash = false;  // the baseline does not hash either
    std::vector<double> seconds;
    std::size_t boxes = 0;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const auto parsed = importers::parseAnnoFiles(files, options);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        boxes = 0;
        for (const auto& p : *parsed) boxes += p.anno.frame.objects.size();
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    JsonWriter w;
    w.beginObject();
    w.key("frames").integer(static_cast<long long>(files.size()));
    w.key("boxes").integer(static_cast<long long>(boxes));
    w.key("gz_mib").number(bytes / 1048576.0, 4);
    w.key("threads").integer(threads);
    w.key("median_s").number(median, 4);
    w.key("frames_per_s").number(files.size() / median, 6);
    w.endObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
}
