// SPDX-License-Identifier: MIT
#include "importers/media/video_decoder.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <system_error>
#include <utility>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace corevla::importers {

struct VideoDecoder::State {
    std::string name;  // for messages
    VideoInfo info;
    AVFormatContext* format = nullptr;
    AVCodecContext* codec = nullptr;
    AVStream* stream = nullptr;
    AVPacket* packet = nullptr;
    AVFrame* current = nullptr;  // the frame at `currentIndex`
    AVFrame* next = nullptr;     // scratch, or a decoded frame held back (`pending`)
    SwsContext* sws = nullptr;
    AVRational rate{0, 1};       // frames per second, exact
    std::int64_t startPts = 0;
    std::int64_t currentIndex = -1;  // -1: nothing decoded since the last seek / open
    std::int64_t nextIndex = -1;
    bool pending = false;    // `next` holds a decoded frame not yet consumed
    bool draining = false;   // the demuxer hit the end; the decoder was sent its flush packet
    bool atStart = false;    // nothing read since open: reading on needs no seek
    bool opened = false;
    std::string reason;
    std::string firstDecodeError;
    int seeks = 0;
    std::int64_t decoded = 0;

    ~State() {
        sws_freeContext(sws);
        av_frame_free(&current);
        av_frame_free(&next);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);
    }

    bool fail(std::string why, std::string* error) {
        reason = std::move(why);
        if (error) *error = name + ": " + reason;
        return false;
    }

    std::int64_t indexOfPts(std::int64_t pts) const {
        return av_rescale_q_rnd(pts - startPts, stream->time_base, av_inv_q(rate),
                                static_cast<AVRounding>(AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX));
    }
    std::int64_t ptsOfIndex(std::int64_t index) const {
        return startPts + av_rescale_q(index, av_inv_q(rate), stream->time_base);
    }

    // Decodes the next frame into `next`. 1: a frame, 0: end of stream, -1: error.
    int decodeNext() {
        for (;;) {
            int rc = avcodec_receive_frame(codec, next);
            if (rc == 0) {
                ++decoded;
                std::int64_t pts = next->best_effort_timestamp;
                if (pts == AV_NOPTS_VALUE) pts = next->pts;
                // Without timestamps the stream can only be counted.
                nextIndex = pts == AV_NOPTS_VALUE ? currentIndex + 1 : indexOfPts(pts);
                return 1;
            }
            if (rc == AVERROR_EOF) return 0;
            if (rc != AVERROR(EAGAIN)) {
                reason = "does not decode: " + ffmpegError(rc);
                return -1;
            }
            if (draining) return 0;
            rc = av_read_frame(format, packet);
            if (rc < 0) {
                // End of file (or an unreadable tail): let the decoder give up
                // the frames it still holds.
                if (rc != AVERROR_EOF && firstDecodeError.empty()) firstDecodeError = ffmpegError(rc);
                draining = true;
                avcodec_send_packet(codec, nullptr);
                continue;
            }
            if (packet->stream_index == stream->index) {
                rc = avcodec_send_packet(codec, packet);
                // A damaged packet costs its frame, not the stream: remember why
                // and go on, so that a later keyframe still decodes.
                if (rc < 0 && rc != AVERROR(EAGAIN) && firstDecodeError.empty())
                    firstDecodeError = ffmpegError(rc);
            }
            av_packet_unref(packet);
        }
    }

    bool seekTo(std::int64_t index, std::int64_t backoffFrames) {
        std::int64_t target = ptsOfIndex(index - backoffFrames);
        if (index - backoffFrames <= 0) target = std::min(startPts, ptsOfIndex(0));
        ++seeks;
        const int rc = av_seek_frame(format, stream->index, target, AVSEEK_FLAG_BACKWARD);
        if (rc < 0) {
            reason = "cannot seek: " + ffmpegError(rc);
            return false;
        }
        avcodec_flush_buffers(codec);
        av_frame_unref(current);
        currentIndex = -1;
        pending = false;
        draining = false;
        atStart = false;
        return true;
    }

    // Is decoding on from the current position cheaper than seeking?
    bool readOnTo(std::int64_t index) const {
        if (pending && nextIndex <= index) return true;
        if (currentIndex < 0) return atStart && index < 2 * av_q2d(rate) + 1;
        if (index <= currentIndex) return false;
        if (index == currentIndex + 1) return true;
        // With an index, seek only when a keyframe lies between here and there.
        if (const AVIndexEntry* key =
                avformat_index_get_entry_from_timestamp(stream, ptsOfIndex(index), AVSEEK_FLAG_BACKWARD))
            return key->timestamp <= ptsOfIndex(currentIndex);
        return index - currentIndex <= 2 * av_q2d(rate);
    }

    // Leaves the frame to show for `index` in `current`.
    bool seekAndDecode(std::int64_t index) {
        static constexpr std::int64_t kBackoffSeconds[] = {0, 2, 10, -1};
        std::size_t attempt = 0;
        const bool sought = !readOnTo(index);
        if (sought && !seekTo(index, 0)) return false;
        firstDecodeError.clear();
        for (;;) {
            if (pending) {
                pending = false;
            } else {
                av_frame_unref(next);
                const int rc = decodeNext();
                if (rc < 0) return false;
                if (rc == 0) {
                    if (currentIndex >= 0 && currentIndex < index) {
                        reason = "frame " + std::to_string(index) + " is past the end (the last frame is " +
                                 std::to_string(currentIndex) + ")";
                        if (!firstDecodeError.empty()) reason += "; " + firstDecodeError;
                    } else {
                        reason = "frame " + std::to_string(index) + " does not decode";
                        if (!firstDecodeError.empty()) reason += ": " + firstDecodeError;
                    }
                    return false;
                }
            }
            // The target decoded with errors right after a seek: an open-GOP
            // keyframe's leading frames miss their references. Once, start
            // earlier; a frame damaged in the file itself is shown as it is.
            const bool damaged = sought && attempt == 0 && nextIndex == index &&
                                 ((next->flags & AV_FRAME_FLAG_CORRUPT) || next->decode_error_flags);
            if (nextIndex <= index && !damaged) {
                std::swap(current, next);
                currentIndex = nextIndex;
                if (currentIndex == index) return true;
                continue;
            }
            // Past the target. After frames before it: a gap in a variable-rate
            // stream, show the frame before and keep this one for later.
            if (currentIndex >= 0 && !damaged) {
                pending = true;
                return true;
            }
            // The seek landed after the target (index timestamps are decode
            // times; some demuxers are coarse): seek further back and retry.
            ++attempt;
            if (attempt >= std::size(kBackoffSeconds)) {
                reason = "frame " + std::to_string(index) + " is before the first decodable frame";
                return false;
            }
            const std::int64_t back = kBackoffSeconds[attempt] < 0
                                          ? index
                                          : std::int64_t(std::ceil(kBackoffSeconds[attempt] * av_q2d(rate)));
            if (!seekTo(index, std::min(back, index))) return false;
        }
    }

    cv::Mat convert(int maxWidth, bool gray) {
        const int w = current->width, h = current->height;
        int dw = w, dh = h;
        if (maxWidth > 0 && maxWidth < w) {
            dw = maxWidth;
            dh = std::max(1, int(std::lround(double(h) * maxWidth / w)));
        }
        const AVPixelFormat dstFormat = gray ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_BGR24;
        const int flags = (dw < w ? SWS_AREA : SWS_BILINEAR) | SWS_ACCURATE_RND;
        sws = sws_getCachedContext(sws, w, h, AVPixelFormat(current->format), dw, dh, dstFormat, flags,
                                   nullptr, nullptr, nullptr);
        if (!sws) {
            const char* from = av_get_pix_fmt_name(AVPixelFormat(current->format));
            reason = std::string("cannot convert from pixel format ") + (from ? from : "?");
            return {};
        }
        // Honour the stream's colour matrix and range; swscale assumes BT.601
        // limited range otherwise, which shifts the colours of HD video.
        const int space = current->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
        int *invTable, *table, srcRange, dstRange, brightness, contrast, saturation;
        if (sws_getColorspaceDetails(sws, &invTable, &srcRange, &table, &dstRange, &brightness, &contrast,
                                     &saturation) >= 0) {
            sws_setColorspaceDetails(sws, sws_getCoefficients(space), current->color_range == AVCOL_RANGE_JPEG,
                                     table, dstRange, brightness, contrast, saturation);
        }
        cv::Mat out(dh, dw, gray ? CV_8UC1 : CV_8UC3);
        uint8_t* dst[4] = {out.data, nullptr, nullptr, nullptr};
        int dstStride[4] = {int(out.step[0]), 0, 0, 0};
        sws_scale(sws, current->data, current->linesize, 0, h, dst, dstStride);
        return out;
    }
};

VideoDecoder::VideoDecoder() = default;
VideoDecoder::~VideoDecoder() = default;
VideoDecoder::VideoDecoder(VideoDecoder&&) noexcept = default;
VideoDecoder& VideoDecoder::operator=(VideoDecoder&&) noexcept = default;

bool VideoDecoder::open(const std::filesystem::path& path, std::string* error, const Options& options) {
    m_state = std::make_unique<State>();
    State& s = *m_state;
    s.name = options.displayName.empty() ? path.string() : options.displayName;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return s.fail("file is missing", error);

    quietFfmpegLog();
    int rc = avformat_open_input(&s.format, path.c_str(), nullptr, nullptr);
    if (rc < 0) return s.fail("does not decode: " + ffmpegError(rc), error);
    rc = avformat_find_stream_info(s.format, nullptr);
    if (rc < 0) return s.fail("does not decode: " + ffmpegError(rc), error);
    const AVCodec* decoder = nullptr;
    rc = av_find_best_stream(s.format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (rc < 0) {
        return s.fail(rc == AVERROR_DECODER_NOT_FOUND ? "does not decode: no decoder for its video codec"
                                                      : "does not decode: holds no video stream",
                      error);
    }
    s.stream = s.format->streams[rc];
    // Only the chosen stream is demuxed; the rest is skipped cheaply.
    for (unsigned i = 0; i < s.format->nb_streams; ++i)
        if (int(i) != rc) s.format->streams[i]->discard = AVDISCARD_ALL;

    s.codec = avcodec_alloc_context3(decoder);
    if (!s.codec || avcodec_parameters_to_context(s.codec, s.stream->codecpar) < 0)
        return s.fail("does not decode: cannot set up the decoder", error);
    s.codec->thread_count = std::max(0, options.threads);
    s.codec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    rc = avcodec_open2(s.codec, decoder, nullptr);
    if (rc < 0) return s.fail("does not decode: " + ffmpegError(rc), error);
    s.packet = av_packet_alloc();
    s.current = av_frame_alloc();
    s.next = av_frame_alloc();

    s.rate = av_guess_frame_rate(s.format, s.stream, nullptr);
    if (s.rate.num <= 0 || s.rate.den <= 0) return s.fail("does not decode: no frame rate", error);
    s.startPts = s.stream->start_time == AV_NOPTS_VALUE ? 0 : s.stream->start_time;

    VideoInfo& info = s.info;
    info.width = s.codec->width;
    info.height = s.codec->height;
    info.fps = av_q2d(s.rate);
    info.codec = decoder->name;
    const char* pixel = av_get_pix_fmt_name(s.codec->pix_fmt);
    info.pixelFormat = pixel ? pixel : "";
    if (s.stream->duration != AV_NOPTS_VALUE && s.stream->duration > 0)
        info.durationS = s.stream->duration * av_q2d(s.stream->time_base);
    else if (s.format->duration > 0)
        info.durationS = double(s.format->duration) / AV_TIME_BASE;
    info.frameCount = s.stream->nb_frames;
    if (info.frameCount <= 0 && options.countFrames) {
        // Demux only: packets of the stream are its frames.
        while (av_read_frame(s.format, s.packet) >= 0) {
            if (s.packet->stream_index == s.stream->index) ++info.frameCount;
            av_packet_unref(s.packet);
        }
        av_seek_frame(s.format, s.stream->index, s.startPts, AVSEEK_FLAG_BACKWARD);
    }
    if (info.frameCount <= 0) info.frameCount = std::llround(info.durationS * info.fps);
    if (info.durationS <= 0 && info.fps > 0) info.durationS = info.frameCount / info.fps;
    s.atStart = true;
    s.opened = true;
    return true;
}

void VideoDecoder::close() { m_state.reset(); }
bool VideoDecoder::isOpen() const { return m_state && m_state->opened; }

const VideoInfo& VideoDecoder::info() const {
    static const VideoInfo kNone;
    return m_state ? m_state->info : kNone;
}

cv::Mat VideoDecoder::frame(std::int64_t index, std::string* error, int maxWidth, bool gray) {
    if (!isOpen()) {
        if (error) *error = (m_state ? m_state->name + ": " : std::string()) + "video is not open";
        return {};
    }
    State& s = *m_state;
    if (index < 0) {
        s.fail("frame " + std::to_string(index) + " does not exist", error);
        return {};
    }
    if (s.currentIndex != index) {
        if (!s.seekAndDecode(index)) {
            s.fail(s.reason, error);
            return {};
        }
    }
    cv::Mat out = s.convert(maxWidth, gray);
    if (out.empty()) s.fail(s.reason, error);
    return out;
}

const std::string& VideoDecoder::lastReason() const {
    static const std::string kNone;
    return m_state ? m_state->reason : kNone;
}
int VideoDecoder::seekCount() const { return m_state ? m_state->seeks : 0; }
std::int64_t VideoDecoder::decodedCount() const { return m_state ? m_state->decoded : 0; }

}  // namespace corevla::importers
