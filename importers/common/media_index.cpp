// SPDX-License-Identifier: MIT
#include "importers/common/media_index.h"

#include "importers/common/parallel.h"

#include "storage/hash.h"

namespace corevla::importers {

std::optional<std::vector<MediaFile>> indexMedia(const std::filesystem::path& root,
                                                 const std::vector<std::string>& relPaths, bool hash,
                                                 int threads, const ProgressFn& progress,
                                                 const CancelToken* cancel,
                                                 std::vector<MediaProblem>* problems) {
    std::vector<MediaFile> files(relPaths.size());
    std::vector<std::string> errors(relPaths.size());
    const std::size_t n = relPaths.size();
    const bool ok = parallelFor(
        n, hash ? threads : 1, cancel,
        [&](std::size_t i, int) {
            const auto path = root / relPaths[i];
            files[i].relPath = relPaths[i];
            if (hash) {
                std::string error;
                if (auto digest = hashFile(path, &error)) {
                    files[i].size = digest->size;
                    files[i].hash = digest->hash;
                } else {
                    errors[i] = error.empty() ? "cannot be read" : error;
                }
                return;
            }
            std::error_code ec;
            const auto size = std::filesystem::file_size(path, ec);
            if (ec) errors[i] = ec.message();
            else files[i].size = static_cast<std::int64_t>(size);
        },
        [&](std::size_t done) {
            if (progress && (done % 64 == 0 || done == n))
                progress(static_cast<double>(done) / std::max<std::size_t>(n, 1),
                         (hash ? "hashing " : "listing ") + std::to_string(done) + "/" + std::to_string(n));
        });
    if (!ok) return std::nullopt;
    std::vector<MediaFile> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (errors[i].empty()) out.push_back(std::move(files[i]));
        else if (problems) problems->push_back({relPaths[i], errors[i]});
    }
    return out;
}

}  // namespace corevla::importers
