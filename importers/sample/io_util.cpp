// SPDX-License-Identifier: MIT
#include "importers/sample/io_util.h"

#include <libdeflate.h>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "importers/common/parallel.h"

namespace corevla::sample {

std::string frameName(int index, const char* ext) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%05d.%s", index, ext);
    return buf;
}

bool ensureDir(const std::filesystem::path& dir, std::string& err) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        err = "cannot create folder " + dir.string() + ": " + ec.message();
        return false;
    }
    return true;
}

bool writeFile(const std::filesystem::path& file, std::string_view data, std::string& err) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (out) out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) {
        err = "cannot write " + file.string();
        return false;
    }
    return true;
}

bool writeGzip(const std::filesystem::path& file, std::string_view data, std::string& err) {
    struct Free {
        void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
    };
    std::unique_ptr<libdeflate_compressor, Free> c(libdeflate_alloc_compressor(6));
    if (!c) {
        err = "out of memory compressing " + file.string();
        return false;
    }
    std::string out(libdeflate_gzip_compress_bound(c.get(), data.size()), '\0');
    const std::size_t n = libdeflate_gzip_compress(c.get(), data.data(), data.size(), out.data(), out.size());
    if (n == 0) {
        err = "cannot compress " + file.string();
        return false;
    }
    out.resize(n);
    return writeFile(file, out, err);
}

bool writeJpeg(const std::filesystem::path& file, const cv::Mat& image, int quality, std::string& err) {
    std::vector<uchar> buf;
    if (!cv::imencode(".jpg", image, buf, {cv::IMWRITE_JPEG_QUALITY, quality})) {
        err = "cannot encode " + file.string();
        return false;
    }
    return writeFile(file, std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()), err);
}

std::string parallelFor(int n, int threads, const std::function<std::string(int)>& job,
                        const CancelToken* cancel, const std::function<void(int)>& tick) {
    // The importers' loop; a job's error stops it like an exception would.
    struct JobFailed {
        std::string message;
    };
    try {
        const bool done = importers::parallelFor(
            std::size_t(std::max(n, 0)), std::max(threads, 1), cancel,
            [&](std::size_t i, int) {
                if (std::string err = job(int(i)); !err.empty()) throw JobFailed{std::move(err)};
            },
            [&](std::size_t finished) {
                if (tick) tick(int(finished));
            });
        return done ? std::string() : std::string("cancelled");
    } catch (const JobFailed& failed) {
        return failed.message;
    } catch (const std::exception& e) {  // e.g. cv::Exception
        return e.what();
    }
}

}  // namespace corevla::sample
