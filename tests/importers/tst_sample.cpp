// SPDX-License-Identifier: MIT
// The sample generator: layout, contents, decodable video, determinism.
#include "importers/sample/sample_generator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cmath>
#include <fstream>
#include <iterator>

namespace {

constexpr int kClipFrames = 30;
constexpr int kCaveSeconds = 8;
const char* const kClip2 = "bench2drive/StaticCutIn_Town05_Route202_Weather1";
const char* const kEvalA = "RouteScenario_1711_rep0_Town12_YieldToEmergencyVehicle_Weather3_07_16_10_22_31";

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray gunzip(const QString& path) {
    QByteArray out;
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!gz) return out;
    char buf[1 << 16];
    int n = 0;
    while ((n = gzread(gz, buf, sizeof buf)) > 0) out.append(buf, n);
    gzclose(gz);
    return out;
}

QJsonObject jsonFile(const QByteArray& bytes) { return QJsonDocument::fromJson(bytes).object(); }

struct VideoStats {
    int frames = 0;
    QList<int> keyframes;
    int width = 0, height = 0;
    double fps = 0;
};

// Decodes every frame, as a reader would.
VideoStats decodeVideo(const QString& path) {
    VideoStats s;
    AVFormatContext* fmt = nullptr;
    if (avformat_open_input(&fmt, QFile::encodeName(path).constData(), nullptr, nullptr) < 0) return s;
    avformat_find_stream_info(fmt, nullptr);
    const int si = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (si >= 0) {
        AVStream* st = fmt->streams[si];
        s.fps = av_q2d(st->avg_frame_rate);
        const AVCodec* dec = avcodec_find_decoder(st->codecpar->codec_id);
        AVCodecContext* ctx = avcodec_alloc_context3(dec);
        avcodec_parameters_to_context(ctx, st->codecpar);
        if (avcodec_open2(ctx, dec, nullptr) >= 0) {
            AVPacket* pkt = av_packet_alloc();
            AVFrame* frame = av_frame_alloc();
            auto receive = [&] {
                while (avcodec_receive_frame(ctx, frame) == 0) {
                    if (frame->key_frame) s.keyframes.append(s.frames);
                    s.width = frame->width;
                    s.height = frame->height;
                    ++s.frames;
                }
            };
            while (av_read_frame(fmt, pkt) >= 0) {
                if (pkt->stream_index == si && avcodec_send_packet(ctx, pkt) >= 0) receive();
                av_packet_unref(pkt);
            }
            avcodec_send_packet(ctx, nullptr);
            receive();
            av_frame_free(&frame);
            av_packet_free(&pkt);
        }
        avcodec_free_context(&ctx);
    }
    avformat_close_input(&fmt);
    return s;
}

}  // namespace

class TestSample : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void layout();
    void truthListsSevenRecordings();
    void annoContents();
    void missingImagesAndNullSpeed();
    void evaluationOutput();
    void caveVideoDecodes();
    void caveLog();
    void deterministic();
    void idempotent();
    void annoOnlyClip();
    void rejectsBadOptions();

private:
    corevla::sample::Result generateInto(const QString& dir, std::uint64_t seed = 7);
    QString path(const QString& rel) const { return m_dir.filePath(rel); }

    QTemporaryDir m_tmp;
    QDir m_dir;
};

corevla::sample::Result TestSample::generateInto(const QString& dir, std::uint64_t seed) {
    corevla::sample::Options o;
    o.out = QFile::encodeName(dir).toStdString();
    o.seed = seed;
    o.clipFrames = kClipFrames;
    o.caveSeconds = kCaveSeconds;
    return corevla::sample::generate(o);
}

void TestSample::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_dir = QDir(m_tmp.filePath("a"));
    int calls = 0;
    double last = -1;
    bool monotonic = true;
    corevla::sample::Options o;
    o.out = QFile::encodeName(m_dir.path()).toStdString();
    o.seed = 7;
    o.clipFrames = kClipFrames;
    o.caveSeconds = kCaveSeconds;
    const auto r = corevla::sample::generate(o, [&](double f, const std::string&) {
        monotonic = monotonic && f >= last && f <= 1.0;
        last = f;
        ++calls;
    });
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(calls > 10);
    QVERIFY(monotonic);
    QCOMPARE(last, 1.0);
}

void TestSample::layout() {
    const QStringList expected = {
        "truth.json",
        "bench2drive/PedestrianCrossing_Town03_Route101_Weather3/anno/00000.json.gz",
        "bench2drive/PedestrianCrossing_Town03_Route101_Weather3/camera/rgb_front/00029.jpg",
        QString(kClip2) + "/camera/rgb_back_right/00000.jpg",
        "eval/results.json",
        QString("eval/Qwen2.5VL+all_cams/") + kEvalA + "/camera/rgb_front_left/00059.jpg",
        QString("eval/Qwen2.5VL+all_cams/") + kEvalA + "/anno/00059.json.gz",
        QString("eval/infer_results/Qwen2.5VL+all_cams/") + kEvalA + "/00050.json",
        "cave/2025-06-12_s01/session.json", "cave/2025-06-12_s02/front.mp4",
        "cave/2025-06-13_s03/attention.mp4", "cave/2025-06-13_s03/log.jsonl",
    };
    for (const QString& rel : expected) QVERIFY2(QFile::exists(path(rel)), qPrintable(rel));
    for (const char* cam : {"rgb_front", "rgb_front_left", "rgb_front_right", "rgb_back", "rgb_back_left", "rgb_back_right"})
        QCOMPARE(QDir(path(QString(kClip2) + "/camera/" + cam)).entryList({"*.jpg"}).size(),
                 QString(cam) == "rgb_back_left" ? kClipFrames - 2 : kClipFrames);
    QCOMPARE(QDir(path(QString(kClip2) + "/anno")).entryList({"*.json.gz"}).size(), kClipFrames);
}

void TestSample::truthListsSevenRecordings() {
    const QJsonObject t = jsonFile(readAll(path("truth.json")));
    QCOMPARE(t.value("seed").toInt(), 7);
    const QJsonArray recs = t.value("recordings").toArray();
    QCOMPARE(recs.size(), 7);
    QStringList sources;
    for (const auto& v : recs) {
        const QJsonObject r = v.toObject();
        sources << r.value("source").toString();
        QVERIFY2(QFileInfo::exists(path(r.value("path").toString())), qPrintable(r.value("path").toString()));
    }
    QCOMPARE(sources.count("bench2drive_clip"), 2);
    QCOMPARE(sources.count("bench2drive_eval"), 2);
    QCOMPARE(sources.count("cave_session"), 3);
    QCOMPARE(recs[2].toObject().value("infractions").toInt(), 2);
    QCOMPARE(recs[3].toObject().value("infractions").toInt(), 1);
    QCOMPARE(recs[4].toObject().value("takeovers").toInt(), 1);
    QCOMPARE(recs[5].toObject().value("takeovers").toInt(), 2);
    QCOMPARE(recs[6].toObject().value("takeovers").toInt(), 1);
    QCOMPARE(recs[6].toObject().value("collisions").toInt(), 1);
    QCOMPARE(recs[6].toObject().value("bookmarks").toInt(), 1);
}

void TestSample::annoContents() {
    const QByteArray text = gunzip(path(QString(kClip2) + "/anno/00012.json.gz"));
    QVERIFY(text.size() > 50 * 1024);
    const QJsonObject a = jsonFile(text);
    for (const char* key : {"x", "y", "theta", "speed", "throttle", "steer", "brake", "command_near", "x_command_far",
                            "weather", "acceleration", "sensors", "bounding_boxes"})
        QVERIFY2(a.contains(key), key);
    const QJsonArray boxes = a.value("bounding_boxes").toArray();
    QVERIFY(boxes.size() >= 100);
    QCOMPARE(boxes[0].toObject().value("class").toString(), QString("ego_vehicle"));
    QCOMPARE(boxes[0].toObject().value("world_cord").toArray().size(), 8);
    const QJsonObject front = a.value("sensors").toObject().value("CAM_FRONT").toObject();
    QCOMPARE(front.value("image_size_x").toInt(), 1600);
    QVERIFY(std::fabs(front.value("intrinsic").toArray()[0].toArray()[0].toDouble() - 1142.518) < 0.01);
    QCOMPARE(a.value("sensors").toObject().keys().filter("CAM_").size(), 6);
}

void TestSample::missingImagesAndNullSpeed() {
    QVERIFY(!QFile::exists(path(QString(kClip2) + "/camera/rgb_back_left/00020.jpg")));
    QVERIFY(!QFile::exists(path(QString(kClip2) + "/camera/rgb_back_left/00021.jpg")));
    QVERIFY(QFile::exists(path(QString(kClip2) + "/camera/rgb_back/00020.jpg")));
    QVERIFY(jsonFile(gunzip(path(QString(kClip2) + "/anno/00007.json.gz"))).value("speed").isNull());
    QVERIFY(jsonFile(gunzip(path(QString(kClip2) + "/anno/00008.json.gz"))).value("speed").isDouble());
}

void TestSample::evaluationOutput() {
    const QJsonObject res = jsonFile(readAll(path("eval/results.json")));
    QCOMPARE(res.value("entry_status").toString(), QString("Finished"));
    const QJsonArray recs = res.value("_checkpoint").toObject().value("records").toArray();
    QCOMPARE(recs.size(), 2);
    const QJsonObject a = recs[0].toObject();
    QCOMPARE(a.value("save_name").toString(), QString(kEvalA));
    QCOMPARE(a.value("num_infractions").toInt(), 2);
    const QJsonObject scores = a.value("scores").toObject();
    QVERIFY(std::fabs(scores.value("score_composed").toDouble() -
                      scores.value("score_route").toDouble() * scores.value("score_penalty").toDouble()) < 1e-6);
    // The collision's position is the ego position of some saved frame.
    const QString text = a.value("infractions").toObject().value("collisions_vehicle").toArray()[0].toString();
    const QRegularExpression re(R"(at \(x=(-?[\d.]+), y=(-?[\d.]+), z=)");
    const auto m = re.match(text);
    QVERIFY2(m.hasMatch(), qPrintable(text));
    const double x = m.captured(1).toDouble(), y = m.captured(2).toDouble();
    const QString annoDir = path(QString("eval/Qwen2.5VL+all_cams/") + kEvalA + "/anno/");
    double best = 1e9;
    for (const QString& f : QDir(annoDir).entryList({"*.json.gz"})) {
        const QJsonObject fr = jsonFile(gunzip(annoDir + f));
        best = std::min(best, std::hypot(fr.value("x").toDouble() - x, fr.value("y").toDouble() - y));
    }
    QVERIFY(best < 1.0);
    const QDir infer(path(QString("eval/infer_results/Qwen2.5VL+all_cams/") + kEvalA));
    QCOMPARE(infer.entryList({"*.json"}).size(), 2 * kClipFrames / 10);
    const QJsonObject inf = jsonFile(readAll(infer.filePath("00010.json")));
    const QJsonArray qa = inf.value("QA").toObject().value("Category").toArray();
    QCOMPARE(qa.size(), 5);
    QCOMPARE(qa[4].toObject().value("qid").toInt(), 50);
    QVERIFY(qa[4].toObject().value("VLM_answer").toString().contains(QRegularExpression("Direction: [A-Z_]+, Speed Keys: [A-Z]+$")));
}

void TestSample::caveVideoDecodes() {
    for (const char* file : {"cave/2025-06-12_s01/front.mp4", "cave/2025-06-12_s01/attention.mp4"}) {
        const VideoStats s = decodeVideo(path(file));
        QCOMPARE(s.frames, kCaveSeconds * 20);
        QCOMPARE(s.width, 960);
        QCOMPARE(s.height, 540);
        QCOMPARE(s.fps, 20.0);
        QList<int> grid;
        for (int k = 0; k < s.frames; k += 40) grid.append(k);
        QCOMPARE(s.keyframes, grid);
    }
}

void TestSample::caveLog() {
    for (const char* id : {"2025-06-12_s01", "2025-06-12_s02", "2025-06-13_s03"}) {
        const QList<QByteArray> lines = readAll(path(QString("cave/") + id + "/log.jsonl")).split('\n');
        int n = 0, edges = 0, reasoning = 0;
        double lastT = -1;
        for (const QByteArray& line : lines) {
            if (line.isEmpty()) continue;
            const QJsonObject o = jsonFile(line);
            QVERIFY(o.value("t").toDouble() > lastT);
            lastT = o.value("t").toDouble();
            QVERIFY(o.value("model").toObject().contains("waypoints"));
            QVERIFY(o.value("driver").toObject().contains("brake"));
            reasoning += o.value("model").toObject().contains("reasoning");
            for (const auto& e : o.value("events").toArray())
                edges += e.toString().startsWith("takeover_");
            ++n;
        }
        QCOMPARE(n, kCaveSeconds * 10);
        QCOMPARE(reasoning, kCaveSeconds);  // 1 Hz decisions
        QCOMPARE(edges, QString(id).endsWith("s01") ? 2 : QString(id).endsWith("s02") ? 4 : 0);
    }
    const QJsonObject s = jsonFile(readAll(path("cave/2025-06-12_s01/session.json")));
    QCOMPARE(s.value("format").toString(), QString("cave-session"));
    QCOMPARE(s.value("version").toInt(), 1);
}

void TestSample::deterministic() {
    const QString other = m_tmp.filePath("b");
    const auto r = generateInto(other);
    QVERIFY2(r.ok, r.error.c_str());
    QStringList files = {"truth.json", "eval/results.json", "cave/2025-06-12_s02/log.jsonl",
                         "cave/2025-06-13_s03/log.jsonl", "cave/2025-06-12_s01/session.json"};
    for (const QString& f : QDir(path(QString(kClip2) + "/anno")).entryList({"*.json.gz"}))
        files << QString(kClip2) + "/anno/" + f;
    files << QString("eval/infer_results/Qwen2.5VL+all_cams/") + kEvalA + "/00030.json";
    files << QString("eval/Qwen2.5VL+all_cams/") + kEvalA + "/anno/00040.json.gz";
    files << "bench2drive/PedestrianCrossing_Town03_Route101_Weather3/camera/rgb_front/00015.jpg";
    for (const QString& f : files) {
        const QByteArray a = readAll(path(f));
        QVERIFY2(!a.isEmpty(), qPrintable(f));
        QVERIFY2(a == readAll(QDir(other).filePath(f)), qPrintable(f));
    }
    // A different seed gives a different world.
    const QString s7 = m_tmp.filePath("seed7"), s8 = m_tmp.filePath("seed8");
    QVERIFY(corevla::sample::writeAnnoOnlyClip(QFile::encodeName(s7).toStdString(), 2, 7).ok);
    QVERIFY(corevla::sample::writeAnnoOnlyClip(QFile::encodeName(s8).toStdString(), 2, 8).ok);
    QVERIFY(readAll(s7 + "/anno/00001.json.gz") != readAll(s8 + "/anno/00001.json.gz"));
}

void TestSample::idempotent() {
    // A second run finds the sample complete and rewrites nothing.
    const QDateTime before = QFileInfo(path("truth.json")).lastModified();
    const QDateTime frameBefore = QFileInfo(path(QString(kClip2) + "/anno/00007.json.gz")).lastModified();
    const auto r = generateInto(m_dir.path());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(QFileInfo(path("truth.json")).lastModified(), before);
    QCOMPARE(QFileInfo(path(QString(kClip2) + "/anno/00007.json.gz")).lastModified(), frameBefore);
}

void TestSample::annoOnlyClip() {
    const QString clip = m_tmp.filePath("bench/AnnoOnly_Town05_Route1_Weather0");
    const auto r = corevla::sample::writeAnnoOnlyClip(QFile::encodeName(clip).toStdString(), 3, 5);
    QVERIFY2(r.ok, r.error.c_str());
    const QStringList files = QDir(clip + "/anno").entryList({"*.json.gz"});
    QCOMPARE(files.size(), 3);
    for (const QString& f : files) {
        const QByteArray text = gunzip(clip + "/anno/" + f);
        QVERIFY(text.size() > 50 * 1024 && text.size() < 250 * 1024);
        QVERIFY(jsonFile(text).value("bounding_boxes").toArray().size() >= 100);
    }
    QVERIFY(!QDir(clip + "/camera").exists());
}

void TestSample::rejectsBadOptions() {
    corevla::sample::Options o;
    o.out = QFile::encodeName(m_tmp.filePath("bad")).toStdString();
    o.clipFrames = 5;
    auto r = corevla::sample::generate(o);
    QVERIFY(!r.ok);
    QVERIFY(r.error.find("clip frames") != std::string::npos);
    o.clipFrames = 30;
    o.caveSeconds = 1;
    r = corevla::sample::generate(o);
    QVERIFY(!r.ok);
    corevla::CancelToken cancel;
    cancel.cancel();
    o.caveSeconds = 8;
    r = corevla::sample::generate(o, {}, &cancel);
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(r.error), QString("cancelled"));
    QVERIFY(!QFile::exists(m_tmp.filePath("bad/truth.json")));

    // Never clears folders it did not write.
    const QString foreign = m_tmp.filePath("foreign");
    QVERIFY(QDir().mkpath(foreign + "/eval"));
    QFile keep(foreign + "/eval/mine.txt");
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.close();
    o.out = QFile::encodeName(foreign).toStdString();
    r = corevla::sample::generate(o);
    QVERIFY(!r.ok);
    QVERIFY(QFile::exists(foreign + "/eval/mine.txt"));
}

QTEST_GUILESS_MAIN(TestSample)
#include "tst_sample.moc"
