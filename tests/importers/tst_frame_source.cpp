// SPDX-License-Identifier: MIT
// Frame sources on real files: an H.264 video encoded here whose frames carry
// their own index as a block pattern (it survives compression), read back in
// random order to prove frame-exact seeking; JPEG sequences with reduced
// decoding and the messages of missing and corrupt files.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <functional>
#include <random>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "importers/media/frame_source.h"
#include "importers/media/video_decoder.h"
#include "importers/media/video_probe.h"

using namespace corevla;
using namespace corevla::importers;

namespace {

// A minimal H.264 (libx264, with B-frames so that decode and presentation
// order differ) MP4 writer; the tests must not depend on the app's writer.
// Frame i gets presentation time pts(i) (in frames) and shows draw(pts(i)).
bool encodeVideo(const std::string& path, int width, int height, int fps, int gop, int frames,
                 const std::function<cv::Mat(int)>& draw, bool editList = false,
                 const std::function<int(int)>& pts = [](int i) { return i; }) {
    AVFormatContext* out = nullptr;
    if (avformat_alloc_output_context2(&out, nullptr, nullptr, path.c_str()) < 0) return false;
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) codec = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    AVStream* stream = avformat_new_stream(out, nullptr);
    AVCodecContext* ctx = avcodec_alloc_context3(codec);
    ctx->width = width;
    ctx->height = height;
    ctx->time_base = {1, fps};
    ctx->framerate = {fps, 1};
    ctx->pix_fmt = AV_PIX_FMT_YUV420P;
    ctx->gop_size = gop;
    ctx->max_b_frames = 2;
    if (out->oformat->flags & AVFMT_GLOBALHEADER) ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    av_opt_set(ctx->priv_data, "preset", "veryfast", 0);
    av_opt_set(ctx->priv_data, "x264-params", "scenecut=0:keyint-min=1", 0);  // keyframes exactly every gop
    av_opt_set(ctx->priv_data, "crf", "18", 0);
    bool ok = avcodec_open2(ctx, codec, nullptr) >= 0 && avcodec_parameters_from_context(stream->codecpar, ctx) >= 0;
    stream->time_base = ctx->time_base;
    // Without an edit list, a stream with B-frames starts at a non-zero time,
    // which the decoder must handle too.
    AVDictionary* options = nullptr;
    if (!editList) av_dict_set(&options, "use_editlist", "0", 0);
    ok = ok && avio_open(&out->pb, path.c_str(), AVIO_FLAG_WRITE) >= 0 && avformat_write_header(out, &options) >= 0;
    av_dict_free(&options);
    AVFrame* frame = av_frame_alloc();
    AVPacket* packet = av_packet_alloc();
    SwsContext* sws = sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, AV_PIX_FMT_YUV420P,
                                     SWS_BILINEAR, nullptr, nullptr, nullptr);
    auto drain = [&] {
        while (avcodec_receive_packet(ctx, packet) == 0) {
            packet->duration = 1;  // else the MP4 track (and edit list) ends one frame short
            av_packet_rescale_ts(packet, ctx->time_base, stream->time_base);
            packet->stream_index = stream->index;
            ok = ok && av_interleaved_write_frame(out, packet) >= 0;
        }
    };
    for (int i = 0; ok && i < frames; ++i) {
        const cv::Mat bgr = draw(pts(i));
        frame->format = AV_PIX_FMT_YUV420P;
        frame->width = width;
        frame->height = height;
        ok = av_frame_get_buffer(frame, 0) >= 0;
        const uint8_t* src[1] = {bgr.data};
        const int srcStride[1] = {int(bgr.step[0])};
        sws_scale(sws, src, srcStride, 0, height, frame->data, frame->linesize);
        frame->pts = pts(i);
        ok = ok && avcodec_send_frame(ctx, frame) >= 0;
        av_frame_unref(frame);
        drain();
    }
    avcodec_send_frame(ctx, nullptr);
    drain();
    if (ok) ok = av_write_trailer(out) >= 0;
    sws_freeContext(sws);
    av_packet_free(&packet);
    av_frame_free(&frame);
    avcodec_free_context(&ctx);
    avio_closep(&out->pb);
    avformat_free_context(out);
    return ok;
}

// Frame i shows i as 8 black/white blocks (bit 7 first) plus the number.
constexpr int kW = 320, kH = 240, kBlock = 40;
cv::Mat indexImage(int i) {
    cv::Mat image(kH, kW, CV_8UC3, cv::Scalar(90, 90, 90));
    for (int bit = 0; bit < 8; ++bit) {
        const bool set = (i >> (7 - bit)) & 1;
        image(cv::Rect(bit * kBlock, 0, kBlock, kBlock)).setTo(set ? cv::Scalar::all(255) : cv::Scalar::all(0));
    }
    cv::putText(image, std::to_string(i), {20, 200}, cv::FONT_HERSHEY_SIMPLEX, 4, cv::Scalar(0, 255, 255), 8);
    return image;
}

int readIndex(const cv::Mat& image) {
    cv::Mat gray = image;
    if (image.channels() == 3) cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    const double scale = double(gray.cols) / kW;
    int value = 0;
    for (int bit = 0; bit < 8; ++bit) {
        const int c = int((bit * kBlock + kBlock / 4) * scale), size = std::max(1, int(kBlock / 2 * scale));
        const double mean = cv::mean(gray(cv::Rect(c, int(kBlock / 4 * scale), size, size)))[0];
        value = value * 2 + (mean > 128 ? 1 : 0);
    }
    return value;
}

}  // namespace

class TestFrameSource : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_video;  // 100 frames, 20 fps, keyframes at 0, 40, 80

private Q_SLOTS:
    void initTestCase() {
        av_log_set_level(AV_LOG_ERROR);
        QVERIFY(m_dir.isValid());
        m_video = m_dir.filePath("index.mp4").toStdString();
        QVERIFY(encodeVideo(m_video, kW, kH, 20, 40, 100, indexImage));
    }

    void probeReadsTheStream() {
        std::string error;
        const auto info = probeVideo(m_video, &error);
        QVERIFY2(info, error.c_str());
        QCOMPARE(info->width, kW);
        QCOMPARE(info->height, kH);
        QCOMPARE(info->fps, 20.0);
        QCOMPARE(info->frameCount, std::int64_t(100));
        QVERIFY(std::abs(info->durationS - 5.0) < 0.06);
        QCOMPARE(info->codec, std::string("h264"));
        QVERIFY(info->decodes);
    }

    void randomOrderIsFrameExact_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("editList");
        QTest::newRow("mp4 starting after 0") << "exact.mp4" << false;
        QTest::newRow("mp4 with edit list") << "edit.mp4" << true;
        QTest::newRow("matroska (no frame count)") << "exact.mkv" << false;
    }
    void randomOrderIsFrameExact() {
        QFETCH(QString, file);
        QFETCH(bool, editList);
        const int last = 99;
        const std::string path = m_dir.filePath(file).toStdString();
        QVERIFY(encodeVideo(path, kW, kH, 20, 40, 100, indexImage, editList));
        const auto info = probeVideo(path, nullptr);
        QVERIFY(info && info->decodes);
        QCOMPARE(info->frameCount, std::int64_t(100));
        VideoDecoder decoder;
        std::string error;
        QVERIFY2(decoder.open(path, &error), error.c_str());
        for (int index : {73, 5, 41, 40, 39, last, 0, 80, 79, 81, 1, 60, 61, 59}) {
            const cv::Mat image = decoder.frame(index, &error);
            QVERIFY2(!image.empty(), error.c_str());
            QCOMPARE(image.type(), CV_8UC3);
            QCOMPARE(readIndex(image), index);
        }
        std::mt19937 random(7);
        for (int n = 0; n < 40; ++n) {
            const int index = int(random() % 100);
            QCOMPARE(readIndex(decoder.frame(index, &error)), index);
        }
        QVERIFY(decoder.frame(last + 1, &error).empty());
        QVERIFY2(error.find("past the end") != std::string::npos, error.c_str());
    }

    void gapsShowTheFrameBefore() {
        // No frame has time 50 (a dropped frame in a variable-rate stream).
        const std::string path = m_dir.filePath("gap.mp4").toStdString();
        QVERIFY(encodeVideo(path, kW, kH, 20, 40, 99, indexImage, false, [](int i) { return i < 50 ? i : i + 1; }));
        VideoDecoder decoder;
        std::string error;
        QVERIFY(decoder.open(path, &error));
        QCOMPARE(readIndex(decoder.frame(48, &error)), 48);
        QCOMPARE(readIndex(decoder.frame(49, &error)), 49);
        QCOMPARE(readIndex(decoder.frame(50, &error)), 49);
        QCOMPARE(readIndex(decoder.frame(51, &error)), 51);
        QCOMPARE(readIndex(decoder.frame(50, &error)), 49);  // again, after a seek
        QCOMPARE(readIndex(decoder.frame(52, &error)), 52);
    }

    void sequentialReadsDoNotSeek() {
        VideoDecoder decoder;
        std::string error;
        QVERIFY(decoder.open(m_video, &error));
        QCOMPARE(readIndex(decoder.frame(30, &error)), 30);
        const int seeks = decoder.seekCount();
        for (int index = 31; index < 100; ++index) QCOMPARE(readIndex(decoder.frame(index, &error)), index);
        QCOMPARE(decoder.seekCount(), seeks);
        // Each frame was decoded once (plus the run-up to 30 from its keyframe).
        QVERIFY(decoder.decodedCount() <= 100);
        QCOMPARE(readIndex(decoder.frame(99, &error)), 99);  // the same frame again: no work
        QCOMPARE(decoder.seekCount(), seeks);
    }

    void pastTheEndIsAnError() {
        VideoDecoder decoder;
        std::string error;
        QVERIFY(decoder.open(m_video, &error, {"index.mp4"}));
        QVERIFY(decoder.frame(100, &error).empty());
        QVERIFY2(error.rfind("index.mp4: frame 100", 0) == 0, error.c_str());
        QVERIFY2(error.find("past the end") != std::string::npos, error.c_str());
        QVERIFY(decoder.frame(-1, &error).empty());
        QCOMPARE(readIndex(decoder.frame(50, &error)), 50);  // still usable
    }

    void scalesAndConvertsToGray() {
        VideoDecoder decoder;
        std::string error;
        QVERIFY(decoder.open(m_video, &error));
        cv::Mat small = decoder.frame(57, &error, 160);
        QCOMPARE(small.cols, 160);
        QCOMPARE(small.rows, 120);
        QCOMPARE(readIndex(small), 57);
        cv::Mat gray = decoder.frame(58, &error, 0, true);
        QCOMPARE(gray.type(), CV_8UC1);
        QCOMPARE(gray.cols, kW);
        QCOMPARE(readIndex(gray), 58);
    }

    void videoSourceMapsTimeToFrames() {
        VideoSource source(m_dir.path().toStdString(), "index.mp4", 20);
        std::string error;
        QCOMPARE(readIndex(source.read(0, 2.05, 0, &error)), 41);
        QCOMPARE(readIndex(source.read(0, 0.0, 0, &error)), 0);
        QCOMPARE(readIndex(source.read(7, -1, 0, &error)), 7);  // t < 0: the video's own index
        const cv::Mat small = source.read(0, 4.0, 80, &error);
        QCOMPARE(small.cols, 80);
        QCOMPARE(readIndex(small), 80);
    }

    void videoErrorsNameTheFile() {
        std::ofstream(m_dir.filePath("garbage.mp4").toStdString()) << "this is not a video at all";
        VideoSource garbage(m_dir.path().toStdString(), "garbage.mp4", 20);
        std::string error;
        QVERIFY(garbage.read(0, 0, 0, &error).empty());
        QVERIFY2(error.rfind("garbage.mp4: does not decode: ", 0) == 0, error.c_str());
        VideoSource missing(m_dir.path().toStdString(), "missing.mp4", 20);
        QVERIFY(missing.read(0, 0, 0, &error).empty());
        QCOMPARE(error, std::string("missing.mp4: file is missing"));
        std::string why;
        QVERIFY(!probeVideo(m_dir.filePath("garbage.mp4").toStdString(), &why));
        QVERIFY2(why.rfind("does not decode: ", 0) == 0, why.c_str());
    }

    void jpegReducedDecoding_data() {
        QTest::addColumn<int>("maxWidth");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("full") << 0 << 1600 << 900;
        QTest::newRow("wider than the image") << 2000 << 1600 << 900;
        QTest::newRow("half") << 800 << 800 << 450;
        QTest::newRow("quarter") << 400 << 400 << 225;
        QTest::newRow("eighth") << 200 << 200 << 113;
        QTest::newRow("between") << 500 << 500 << 281;
    }
    void jpegReducedDecoding() {
        QFETCH(int, maxWidth);
        QFETCH(int, width);
        QFETCH(int, height);
        QVERIFY(QDir(m_dir.path()).mkpath("camera/rgb_front"));
        cv::Mat image(900, 1600, CV_8UC3, cv::Scalar(30, 120, 200));
        cv::rectangle(image, {0, 0, 800, 450}, cv::Scalar(255, 255, 255), cv::FILLED);
        QVERIFY(cv::imwrite(m_dir.filePath("camera/rgb_front/00003.jpg").toStdString(), image));
        Camera camera;
        camera.name = "rgb_front";
        camera.pattern = "camera/rgb_front/%05d.jpg";
        auto source = makeFrameSource(m_dir.path().toStdString(), camera);
        std::string error;
        const cv::Mat read = source->read(3, 0.3, maxWidth, &error);
        QVERIFY2(!read.empty(), error.c_str());
        QCOMPARE(read.cols, width);
        QCOMPARE(read.rows, height);
        const cv::Vec3b topLeft = read.at<cv::Vec3b>(read.rows / 8, read.cols / 8);
        const cv::Vec3b bottomRight = read.at<cv::Vec3b>(read.rows * 7 / 8, read.cols * 7 / 8);
        QVERIFY(topLeft[0] > 230 && bottomRight[2] > 180 && bottomRight[0] < 60);
    }

    void jpegErrors() {
        QVERIFY(QDir(m_dir.path()).mkpath("camera/rgb_front"));
        JpegSequenceSource source(m_dir.path().toStdString(), "camera/rgb_front/%05d.jpg");
        std::string error;
        QVERIFY(source.read(12, 1.2, 0, &error).empty());
        QCOMPARE(error, std::string("camera/rgb_front/00012.jpg: file is missing"));

        std::ofstream(m_dir.filePath("camera/rgb_front/00013.jpg").toStdString()) << "garbage, not a JPEG";
        QVERIFY(source.read(13, 1.3, 0, &error).empty());
        QCOMPARE(error, std::string("camera/rgb_front/00013.jpg: does not decode as JPEG"));

        // A cut-off file: libjpeg would return it with a gray bottom and a warning.
        std::vector<uchar> bytes;
        cv::Mat noise(200, 300, CV_8UC3);
        cv::randu(noise, 0, 255);
        QVERIFY(cv::imencode(".jpg", noise, bytes));
        std::ofstream(m_dir.filePath("camera/rgb_front/00014.jpg").toStdString(), std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size() / 2));
        QVERIFY(source.read(14, 1.4, 0, &error).empty());
        QVERIFY2(error.rfind("camera/rgb_front/00014.jpg: does not decode as JPEG", 0) == 0, error.c_str());

        std::ofstream(m_dir.filePath("camera/rgb_front/00015.jpg").toStdString(), std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        const cv::Mat whole = source.read(15, 1.5, 0, &error);
        QCOMPARE(whole.cols, 300);
        QCOMPARE(source.fileName(7), std::string("camera/rgb_front/00007.jpg"));
    }

    void patternsAreNotPrintfFormats() {
        JpegSequenceSource source("/nonexistent", "a/%s%n%05d_%d%%.jpg");
        QCOMPARE(source.fileName(42), std::string("a/%s%n00042_42%.jpg"));
    }
};

QTEST_GUILESS_MAIN(TestFrameSource)
#include "tst_frame_source.moc"
