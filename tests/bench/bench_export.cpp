// SPDX-License-Identifier: MIT
// Dataset export benchmark: pairs/s exporting PAIRS pairs with IMAGES prompt
// frames each (1600x900 Bench2Drive front-camera JPEGs, decoded and encoded
// again at quality 95) as llamafactory-dpo, median of REPEATS runs, and the
// same once on one thread (the ratio is the parallel encoding's gain). Writes
// WORK/plan.json, the same pairs with their frames' files, for
// export_baseline.py; tests/bench/run compares the two.
// usage: bench_export WORK [PAIRS] [IMAGES] [REPEATS] [THREADS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "dataset/export_dataset.h"
#include "importers/import_runner.h"
#include "importers/media/frame_source.h"
#include "importers/sample/sample_generator.h"
#include "storage/annotation_store.h"
#include "storage/json_writer.h"
#include "storage/project.h"

using namespace corevla;
namespace fs = std::filesystem;

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "bench_export: %s\n", message.c_str());
    return 1;
}

// The project: the sample's Bench2Drive clips, and `count` approved pairs on
// the first clip's front camera, each with `images` frames spread over the clip.
bool makeProject(Project& project, const fs::path& sampleDir, int count, int images, Recording& clip, std::string* error) {
    const auto recordings = project.recordings();
    if (!recordings) return *error = project.lastError(), false;
    if (recordings->empty()) importers::ImportRunner().run(project, {sampleDir / "bench2drive"}, {});
    const auto all = project.recordings();
    const auto found = std::find_if(all->begin(), all->end(), [](const RecordingSummary& s) { return s.source == SourceKind::Bench2DriveClip; });
    if (found == all->end()) return *error = "no Bench2Drive clip imported", false;
    clip = *project.load(found->id);
    AnnotationStore store(project);
    if (int(store.pairs()->size()) == count) return true;
    const int n = int(clip.frames.size());
    Transaction tx(project.database());
    for (int i = 0; i < count; ++i) {
        PreferencePair p;
        p.recording = clip.id, p.camera = "rgb_front", p.status = PairStatus::Approved;
        for (int k = 0; k < images; ++k) p.promptFrames.push_back(clip.frames[std::size_t((i + k * 5) % n)].index);
        std::sort(p.promptFrames.begin(), p.promptFrames.end());
        p.decisionFrame = p.promptFrames.back();
        p.question = "What should the ego vehicle do now, and why?";
        p.chosen = "Brake: a pedestrian steps out ahead — \"now\". Decision: FOLLOW_LANE, DECELERATE.";
        p.rejected = "Keep the speed. Decision: FOLLOW_LANE, KEEP.";
        if (!store.insertPair(p)) return *error = store.lastError(), false;
    }
    return tx.commit() || (*error = project.database().lastError(), false);
}

// What the Python baseline exports: the same texts and the frames' files.
bool writePlan(Project& project, const Recording& clip, const fs::path& file) {
    const auto camera = std::find_if(clip.cameras.begin(), clip.cameras.end(), [](const Camera& c) { return c.name == "rgb_front"; });
    const auto pairs = AnnotationStore(project).pairs();
    if (!pairs) return false;
    JsonWriter w;
    w.beginArray();
    for (const PreferencePair& p : *pairs) {
        w.beginObject().key("question").str(p.question).key("chosen").str(p.chosen).key("rejected").str(p.rejected);
        w.key("frames").beginArray();
        for (int f : p.promptFrames) w.str((fs::path(clip.root) / importers::cameraFile(*camera, f)).string());
        w.endArray().endObject();
    }
    w.endArray();
    std::FILE* out = std::fopen(file.c_str(), "wb");
    const bool ok = out && std::fwrite(w.str().data(), 1, w.str().size(), out) == w.str().size();
    return out && std::fclose(out) == 0 && ok;
}

double medianSeconds(Project& project, const dataset::ExportOptions& options, int repeats, dataset::ExportResult& last) {
    std::vector<double> seconds;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        last = dataset::exportDataset(project, options);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (!last.ok) return -1;
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[seconds.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_export WORK [PAIRS] [IMAGES] [REPEATS] [THREADS]\n");
        return 2;
    }
    const fs::path work = argv[1];
    const int pairs = argc > 2 ? std::atoi(argv[2]) : 1000;
    const int images = argc > 3 ? std::atoi(argv[3]) : 5;
    const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
    const int threads = argc > 5 ? std::atoi(argv[5]) : 0;
    sample::Options sampleOptions;
    sampleOptions.out = work / "sample";
    sampleOptions.clipFrames = 30;
    sampleOptions.caveSeconds = 8;
    if (const auto made = sample::generate(sampleOptions); !made.ok) return fail(made.error);
    Project project;
    const fs::path projectFile = work / ("bench-" + std::to_string(pairs) + "x" + std::to_string(images) + ".corevla");
    if (!project.open(projectFile.string(), Project::Mode::OpenOrCreate)) return fail(project.lastError());
    Recording clip;
    std::string error;
    if (!makeProject(project, sampleOptions.out, pairs, images, clip, &error)) return fail(error);
    if (!writePlan(project, clip, work / "plan.json")) return fail("cannot write plan.json");

    dataset::ExportOptions options;
    options.out = work / "out";
    options.threads = threads;
    dataset::ExportResult result;
    const double median = medianSeconds(project, options, repeats, result);
    if (median < 0) return fail(result.errors.empty() ? "export failed" : result.errors.front());
    options.threads = 1;
    dataset::ExportResult single;
    const double oneThread = medianSeconds(project, options, 1, single);
    if (oneThread < 0) return fail(single.errors.empty() ? "export failed" : single.errors.front());
    std::uintmax_t bytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(work / "out"))
        if (e.is_regular_file()) bytes += e.file_size();
    JsonWriter w;
    w.beginObject();
    w.key("pairs").integer(result.pairs).key("images").integer(result.images);
    w.key("image_size").str(std::to_string(clip.cameras.front().width) + "x" + std::to_string(clip.cameras.front().height));
    w.key("threads").integer(threads).key("repeats").integer(repeats);
    w.key("median_s").number(median, 4).key("pairs_per_s").number(pairs / median, 5);
    w.key("images_per_s").number(result.images / median, 5).key("out_mib").number(double(bytes) / 1048576.0, 4);
    w.key("one_thread_s").number(oneThread, 4).key("one_thread_pairs_per_s").number(pairs / oneThread, 5);
    w.key("speedup_vs_one_thread").number(oneThread / median, 3);
    w.key("same_content_hash").boolean(single.contentHash == result.contentHash);
    w.endObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
}
