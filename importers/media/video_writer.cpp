// SPDX-License-Identifier: MIT
#include "importers/media/video_writer.h"

#include "importers/media/video_info.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <cmath>

namespace corevla {

struct VideoWriter::State {
    std::filesystem::path file;
    AVFormatContext* fmt = nullptr;
    AVCodecContext* enc = nullptr;
    AVStream* stream = nullptr;
    AVFrame* frame = nullptr;
    AVPacket* pkt = nullptr;
    SwsContext* sws = nullptr;
    int width = 0, height = 0, gop = 0;
    bool gray = false, headerWritten = false;
};

VideoWriter::VideoWriter() = default;

VideoWriter::~VideoWriter() {
    if (m_s && m_s->headerWritten) finish();
    close();
}

std::string VideoWriter::encoderName() const {
    return m_s && m_s->enc && m_s->enc->codec ? m_s->enc->codec->name : "";
}

bool VideoWriter::fail(const std::string& what, int averr) {
    m_error = (m_s ? m_s->file.string() : std::string("video")) + ": " + what;
    if (averr < 0) m_error += " (" + importers::ffmpegError(averr) + ")";
    return false;
}

void VideoWriter::close() {
    if (!m_s) return;
    sws_freeContext(m_s->sws);
    av_frame_free(&m_s->frame);
    av_packet_free(&m_s->pkt);
    avcodec_free_context(&m_s->enc);
    if (m_s->fmt) {
        if (!(m_s->fmt->oformat->flags & AVFMT_NOFILE) && m_s->fmt->pb) avio_closep(&m_s->fmt->pb);
        avformat_free_context(m_s->fmt);
    }
    m_s.reset();
}

bool VideoWriter::open(const std::filesystem::path& file, int width, int height, double fps, int gopFrames, bool gray) {
    close();
    m_frames = 0;
    m_error.clear();
    importers::quietFfmpegLog();  // libx264 prints its settings at FFmpeg's default level
    m_s = std::make_unique<State>();
    State& s = *m_s;
    s.file = file;
    s.width = width;
    s.height = height;
    s.gop = std::max(1, gopFrames);
    s.gray = gray;
    if (width <= 0 || height <= 0 || width % 2 || height % 2) return fail("width and height must be positive and even");
    if (!(fps > 0)) return fail("frame rate must be positive");

    int err = avformat_alloc_output_context2(&s.fmt, nullptr, "mp4", file.string().c_str());
    if (err < 0 || !s.fmt) return fail("cannot create an MP4 container", err);
    const AVRational rate = av_d2q(fps, 100000);

    // libx264 first; otherwise any H.264 encoder that opens with these settings.
    const AVCodec* preferred = avcodec_find_encoder_by_name("libx264");
    void* iter = nullptr;
    const AVCodec* candidate = preferred;
    bool opened = false;
    while (!opened) {
        if (!candidate) {
            do candidate = av_codec_iterate(&iter);
            while (candidate && !(av_codec_is_encoder(candidate) && candidate->id == AV_CODEC_ID_H264 &&
                                  candidate != preferred));
            if (!candidate) break;
        }
        avcodec_free_context(&s.enc);
        s.enc = avcodec_alloc_context3(candidate);
        if (!s.enc) return fail("out of memory");
        s.enc->width = width;
        s.enc->height = height;
        s.enc->pix_fmt = AV_PIX_FMT_YUV420P;
        s.enc->time_base = av_inv_q(rate);
        s.enc->framerate = rate;
        s.enc->gop_size = s.gop;
        s.enc->keyint_min = s.gop;
        s.enc->max_b_frames = 0;
        if (s.fmt->oformat->flags & AVFMT_GLOBALHEADER) s.enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        AVDictionary* opts = nullptr;
        if (std::string(candidate->name) == "libx264") {
            av_dict_set(&opts, "preset", "veryfast", 0);
            av_dict_set(&opts, "crf", "28", 0);
            // Keyframes only on the fixed grid: no scene-cut or open-GOP extras.
            av_dict_set(&opts, "x264-params", "scenecut=0:open-gop=0", 0);
            av_dict_set(&opts, "forced-idr", "1", 0);
        }
        err = avcodec_open2(s.enc, candidate, &opts);
        av_dict_free(&opts);
        opened = err >= 0;
        candidate = nullptr;
    }
    if (!opened) return fail("no usable H.264 encoder in this FFmpeg build", err);

    s.stream = avformat_new_stream(s.fmt, nullptr);
    if (!s.stream) return fail("cannot add a video stream");
    s.stream->time_base = s.enc->time_base;
    s.stream->avg_frame_rate = rate;
    s.stream->r_frame_rate = rate;
    err = avcodec_parameters_from_context(s.stream->codecpar, s.enc);
    if (err < 0) return fail("cannot set stream parameters", err);

    s.frame = av_frame_alloc();
    s.pkt = av_packet_alloc();
    if (!s.frame || !s.pkt) return fail("out of memory");
    s.frame->format = AV_PIX_FMT_YUV420P;
    s.frame->width = width;
    s.frame->height = height;
    err = av_frame_get_buffer(s.frame, 0);
    if (err < 0) return fail("cannot allocate a frame", err);
    s.sws = sws_getContext(width, height, gray ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_BGR24, width, height,
                           AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!s.sws) return fail("cannot create the colour converter");

    if (!(s.fmt->oformat->flags & AVFMT_NOFILE)) {
        err = avio_open(&s.fmt->pb, file.string().c_str(), AVIO_FLAG_WRITE);
        if (err < 0) return fail("cannot open for writing", err);
    }
    err = avformat_write_header(s.fmt, nullptr);
    if (err < 0) return fail("cannot write the MP4 header", err);
    s.headerWritten = true;
    return true;
}

bool VideoWriter::drain(bool flush) {
    State& s = *m_s;
    for (;;) {
        int err = avcodec_receive_packet(s.enc, s.pkt);
        if (err == AVERROR(EAGAIN) || (flush && err == AVERROR_EOF)) return true;
        if (err < 0) return fail("encoding failed", err);
        if (s.pkt->duration == 0) s.pkt->duration = 1;
        av_packet_rescale_ts(s.pkt, s.enc->time_base, s.stream->time_base);
        s.pkt->stream_index = s.stream->index;
        err = av_interleaved_write_frame(s.fmt, s.pkt);  // takes ownership of the packet's data
        if (err < 0) return fail("cannot write a packet", err);
    }
}

bool VideoWriter::write(const cv::Mat& image) {
    if (!m_s || !m_s->headerWritten) return fail("not open");
    State& s = *m_s;
    const int type = s.gray ? CV_8UC1 : CV_8UC3;
    if (image.type() != type || image.cols != s.width || image.rows != s.height)
        return fail("frame " + std::to_string(m_frames) + " has the wrong size or type");
    int err = av_frame_make_writable(s.frame);
    if (err < 0) return fail("frame buffer busy", err);
    const uint8_t* src[1] = {image.data};
    const int stride[1] = {static_cast<int>(image.step[0])};
    sws_scale(s.sws, src, stride, 0, s.height, s.frame->data, s.frame->linesize);
    s.frame->pts = m_frames;
    // Force the keyframe grid for encoders that treat gop_size as a maximum.
    s.frame->pict_type = m_frames % s.gop == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    err = avcodec_send_frame(s.enc, s.frame);
    if (err < 0) return fail("cannot encode frame " + std::to_string(m_frames), err);
    ++m_frames;
    return drain(false);
}

bool VideoWriter::finish() {
    if (!m_s || !m_s->headerWritten) return fail("not open");
    State& s = *m_s;
    s.headerWritten = false;
    int err = avcodec_send_frame(s.enc, nullptr);
    if (err < 0) return fail("cannot flush the encoder", err);
    if (!drain(true)) return false;
    err = av_write_trailer(s.fmt);
    if (err < 0) return fail("cannot write the MP4 trailer", err);
    close();
    return true;
}

}  // namespace corevla
