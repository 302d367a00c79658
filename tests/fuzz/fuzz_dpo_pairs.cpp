// SPDX-License-Identifier: MIT
// A LLaMA-Factory DPO file through readDpoFile (import-pairs), then its folder
// through checkDataset (export --check). The input lies in base/data/dpo.json;
// base/images/0.jpg and 1.png are real images, so that paths such as
// "../images/0.jpg" resolve and the header check runs.
#include <cstdint>
#include <fstream>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "dataset/dataset_check.h"
#include "dataset/import_pairs.h"
#include "dataset/prompt_text.h"
#include "tests/fuzz/fuzz_util.h"

namespace fs = std::filesystem;
using namespace corevla;

namespace {

fs::path setUp() {
    const fs::path base = fuzz::scratchDir() / "dpo";
    fs::create_directories(base / "images");
    fs::create_directories(base / "data");
    const cv::Mat image(8, 8, CV_8UC3, cv::Scalar(10, 20, 30));
    cv::imwrite((base / "images" / "0.jpg").string(), image);
    cv::imwrite((base / "images" / "1.png").string(), image);
    return base;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fs::path base = setUp();
    const fs::path file = base / "data" / "dpo.json";
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));

    dataset::ImportPairsOptions options;
    options.threads = 1;
    const dataset::ReadPairs read = dataset::readDpoFile(file, options);
    FUZZ_CHECK(read.pairs.empty() || read.errors.empty());  // all or nothing
    for (const std::string& e : read.errors) FUZZ_CHECK(e.rfind(file.string() + ": ", 0) == 0);  // names the file
    for (const PreferencePair& p : read.pairs) {
        // What export relies on: the question, escaped, adds no token to the prompt
        // (removing tokens can join "<ima" and "ge>" into a literal one).
        std::string question = p.question;
        dataset::escapeMediaTokens(question);
        FUZZ_CHECK(dataset::countToken(dataset::composePrompt(p.images.size(), question), "<image>") == p.images.size());
        FUZZ_CHECK(p.status == PairStatus::NeedsReview && !p.source.empty());
        for (const MediaFile& m : p.images) FUZZ_CHECK(fs::path(m.relPath).is_absolute() && fs::is_regular_file(m.relPath));
    }
    const dataset::CheckReport report = dataset::checkDataset(base / "data");
    for (const auto& problem : report.problems) FUZZ_CHECK(!problem.message.empty() && problem.entry >= -1);
    FUZZ_CHECK(report.images >= 0 && report.entries >= 0);
    return 0;
}
