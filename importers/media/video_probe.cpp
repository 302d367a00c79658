// SPDX-License-Identifier: MIT
#include "importers/media/video_probe.h"

#include "importers/media/video_decoder.h"

namespace corevla::importers {

std::optional<VideoInfo> probeVideo(const std::filesystem::path& path, std::string* error, bool countFrames) {
    VideoDecoder decoder;
    VideoDecoder::Options options;
    options.countFrames = countFrames;
    if (!decoder.open(path, nullptr, options)) {
        if (error) *error = decoder.lastReason();
        return std::nullopt;
    }
    VideoInfo info = decoder.info();
    // Decoding the first frame (scaled down: the pixels are not wanted) is the
    // only proof that the codec and the bitstream really work here.
    info.decodes = !decoder.frame(0, nullptr, 64).empty();
    if (!info.decodes) {
        info.decodeError = decoder.lastReason();
        // Always "does not decode: <why>", the words the importers report.
        const std::string prefix = "frame 0 ";
        if (info.decodeError.rfind(prefix + "does not decode", 0) == 0)
            info.decodeError.erase(0, prefix.size());
        else if (info.decodeError.rfind("does not decode", 0) != 0)
            info.decodeError = "does not decode: " + info.decodeError;
    }
    return info;
}

}  // namespace corevla::importers
