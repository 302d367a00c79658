// SPDX-License-Identifier: MIT
#include "importers/media/video_info.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace corevla::importers {

void quietFfmpegLog() {
    if (av_log_get_level() == AV_LOG_INFO) av_log_set_level(AV_LOG_FATAL);
}

std::string ffmpegError(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buf, sizeof buf);
    return buf;
}

}  // namespace corevla::importers
