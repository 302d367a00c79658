// SPDX-License-Identifier: MIT
// The embedded model's parts on real files: the tokenizer (lossless, learned
// deterministically, saved and refused when newer), the config, frames read
// from real JPEGs (and a corrupt one), the KV cache (same tokens and logits
// as recomputing everything), and checkpoints (round trip; truncated,
// corrupt, half-written and newer ones refused by name).
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "model/batch.h"
#include "model/checkpoint.h"
#include "model/compute.h"
#include "model/file_io.h"
#include "model/frames.h"
#include "model/generator.h"
#include "model/tokenizer.h"
#include "model/vla_model.h"
#include "tests/common/tiny_model.h"

using namespace corevla;
using namespace corevla::model;
namespace fs = std::filesystem;

namespace {

ModelConfig tinyConfig() { return testing::tinyModelConfig(32, 40, 300); }

std::vector<std::string> corpus() {
    return {"The road ahead is clear. Decision: FOLLOW_LANE, KEEP.",
            "A vehicle is 12 m ahead in our lane and braking. Decision: FOLLOW_LANE, DECELERATE.",
            "A pedestrian is crossing 8 m ahead. Decision: FOLLOW_LANE, STOP.",
            "What should the ego vehicle do now, and why?", "Ünïcödé — 30 km/h, \t tabs\nand lines"};
}

void writeImage(const fs::path& file, int seed) {
    cv::Mat m(48, 64, CV_8UC3, cv::Scalar(seed * 40 % 255, seed * 90 % 255, seed * 20 % 255));
    cv::rectangle(m, {4 + seed * 7 % 40, 16}, {20 + seed * 7 % 40, 32}, cv::Scalar(255, 255, 255), -1);
    QVERIFY(cv::imwrite(file.string(), m));
}

}  // namespace

class TestModel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path dir() const { return m_dir.path().toStdString(); }

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void tokenizerIsLosslessOnAnyBytes() {
        const Tokenizer tok = Tokenizer::train(corpus(), 300);
        QVERIFY(tok.size() > Tokenizer::kBaseSize);
        QVERIFY(tok.size() <= 300);
        for (const std::string& text : corpus()) QCOMPARE(tok.decode(tok.encode(text)), text);
        std::mt19937 rng(7);
        for (int n = 0; n < 50; ++n) {
            std::string bytes(std::size_t(rng() % 40), '\0');
            for (char& c : bytes) c = char(rng() % 256);
            QCOMPARE(tok.decode(tok.encode(bytes)), bytes);
        }
        // Merges pay: a training sentence takes far fewer ids than bytes.
        const std::string s = corpus()[1];
        QVERIFY2(tok.encode(s).size() * 3 < s.size() * 2, std::to_string(tok.encode(s).size()).c_str());
        // The same text learns the same merges; specials never appear in text.
        QVERIFY(Tokenizer::train(corpus(), 300) == tok);
        for (int id : tok.encode(s)) QVERIFY(id >= Tokenizer::kFirstByte);
    }

    void tokenizerSavesAndRefusesNewerFormats() {
        const Tokenizer tok = Tokenizer::train(corpus(), 290);
        std::string error;
        const auto back = Tokenizer::fromJson(tok.toJson(), &error);
        QVERIFY2(back, error.c_str());
        QVERIFY(*back == tok);
        QCOMPARE(back->encode(corpus()[2]), tok.encode(corpus()[2]));
        std::string newer = tok.toJson();
        newer.replace(newer.find("\"version\":1"), 11, "\"version\":9");
        QVERIFY(!Tokenizer::fromJson(newer, &error));
        QVERIFY2(error.find("newer") != std::string::npos, error.c_str());
        QVERIFY(!Tokenizer::fromJson("{\"format\":\"corevla-bpe\",\"version\":1,\"merges\":[[4,999]]}", &error));
        QVERIFY(!Tokenizer::fromJson("not json", &error));
    }

    void configRoundTripsAndNamesItsProblems() {
        const ModelConfig c = tinyConfig();
        std::string error;
        const auto back = ModelConfig::fromJson(c.toJson(), &error);
        QVERIFY2(back, error.c_str());
        QCOMPARE(back->toJson(), c.toJson());
        QVERIFY(!ModelConfig::fromJson("{\"d_modle\":64}", &error));
        QVERIFY2(error.find("d_modle") != std::string::npos, error.c_str());
        QVERIFY(!ModelConfig::fromJson("{\"d_model\":30,\"heads\":4}", &error));
        QVERIFY2(error.find("multiple of heads") != std::string::npos, error.c_str());
        QVERIFY(!ModelConfig::fromJson("{\"layers\":-1}", &error));
    }

    void framesComeFromRealImagesAndBadOnesAreNamed() {
        const ModelConfig c = tinyConfig();
        writeImage(dir() / "a.jpg", 1);
        std::string error;
        const auto frame = loadFrame(dir() / "a.jpg", c, &error);
        QVERIFY2(frame, error.c_str());
        QCOMPARE(frame->size(), std::size_t(3 * 32 * 32));
        QVERIFY(*std::max_element(frame->begin(), frame->end()) > 200);  // the white disc survived
        std::ofstream(dir() / "broken.jpg", std::ios::binary) << "\xff\xd8\xff\xe0 not a jpeg";
        QVERIFY(!loadFrame(dir() / "broken.jpg", c, &error));
        QVERIFY2(error.find("broken.jpg") != std::string::npos, error.c_str());
        QVERIFY(!loadFrame(dir() / "missing.jpg", c, &error));
        QVERIFY2(error.find("no such file") != std::string::npos, error.c_str());
        // Fewer frames than slots: the oldest repeats in front.
        const FrameBytes one(3 * 32 * 32, 1), two(3 * 32 * 32, 2), three(3 * 32 * 32, 3);
        QCOMPARE(frameSlots({&one}, c), (std::vector<const FrameBytes*>{&one, &one}));
        QCOMPARE(frameSlots({&one, &two, &three}, c), (std::vector<const FrameBytes*>{&two, &three}));
    }

    void theKvCacheChangesNothingButSpeed() {
        torch::manual_seed(3);
        const ModelConfig c = tinyConfig();
        VlaModel net(c, 300);
        net->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor images = torch::randint(0, 255, {1, c.frames, 3, c.imageHeight, c.imageWidth}, torch::kUInt8);
        const torch::Tensor visual = net->encodeImages(images);
        const std::vector<int64_t> ids = {1, 40, 41, 42, 43, 3, 50, 51, 52};
        const torch::Tensor tokens = torch::tensor(ids, torch::kLong).unsqueeze(0);
        const torch::Tensor full = net->forward(visual, tokens);
        // Prefill 5 tokens, then one at a time: the same logits at every position.
        KvCache cache;
        std::vector<torch::Tensor> parts{net->forwardCached(visual, tokens.slice(1, 0, 5), cache)};
        for (int t = 5; t < int(ids.size()); ++t) parts.push_back(net->forwardCached(visual, tokens.slice(1, t, t + 1), cache));
        QCOMPARE(cache.length(), c.visualTokens() + int(ids.size()));
        QVERIFY(torch::allclose(torch::cat(parts, 1), full, 1e-4, 1e-5));
        // Greedy decoding gives the same tokens either way.
        const std::vector<int> prefix = {1, 40, 41, 3};
        QCOMPARE(greedyGenerate(*net, visual, prefix, 20, true), greedyGenerate(*net, visual, prefix, 20, false));
        // Under bf16 autocast (parameters cast once, through autocast's cache) the
        // cached steps stay within bf16's rounding of the full pass.
        AutocastScope bf16(Precision::Bf16, torch::kCPU);
        const torch::Tensor full16 = net->forward(visual, tokens).to(torch::kFloat);
        KvCache cache16;
        std::vector<torch::Tensor> parts16{net->forwardCached(visual, tokens.slice(1, 0, 5), cache16)};
        for (int t = 5; t < int(ids.size()); ++t) parts16.push_back(net->forwardCached(visual, tokens.slice(1, t, t + 1), cache16));
        const double gap = (torch::cat(parts16, 1).to(torch::kFloat) - full16).abs().max().item<double>();
        const double spread = full16.abs().max().item<double>();
        QVERIFY2(gap < 0.05 * spread, qPrintable(QString("bf16 cached vs full: %1 of %2").arg(gap).arg(spread)));
        QVERIFY2((full16 - full).abs().max().item<double>() < 0.1 * spread, "bf16 stays near fp32");
    }

    // Under bf16 autocast the gradients still reach the fp32 parameters, and
    // equal fp32's up to bf16's rounding.
    void bf16TrainingStepsReachTheParameters() {
        torch::manual_seed(4);
        const ModelConfig c = tinyConfig();
        VlaModel net(c, 300);
        const torch::Tensor images = torch::randint(0, 255, {2, c.frames, 3, c.imageHeight, c.imageWidth}, torch::kUInt8);
        const torch::Tensor tokens = torch::randint(4, 300, {2, 9}, torch::kLong);
        auto gradients = [&](Precision p) {
            net->zero_grad();
            {
                AutocastScope scope(p, torch::kCPU);
                const torch::Tensor logits = net->forward(net->encodeImages(images), tokens);
                torch::log_softmax(logits.to(torch::kFloat), -1).mean().backward();
            }
            std::vector<torch::Tensor> g;
            for (const auto& param : net->parameters()) g.push_back(param.grad().defined() ? param.grad().clone() : torch::Tensor());
            return g;
        };
        const auto g32 = gradients(Precision::Fp32), g16 = gradients(Precision::Bf16);
        const auto params = net->parameters();
        for (std::size_t i = 0; i < params.size(); ++i) {
            QVERIFY(g16[i].defined() && g16[i].scalar_type() == torch::kFloat);
            const double scale = g32[i].abs().max().item<double>() + 1e-6;
            QVERIFY2((g16[i] - g32[i]).abs().max().item<double>() < 0.1 * scale, qPrintable(QString::number(i)));
        }
    }

    void checkpointsRoundTripAndBadOnesAreRefused() {
        torch::manual_seed(5);
        const ModelConfig c = tinyConfig();
        const Tokenizer tok = Tokenizer::train(corpus(), 300);
        VlaModel net(c, tok.size());
        net->eval();
        const fs::path ckpt = dir() / "ckpt";
        QCOMPARE(saveCheckpoint(ckpt, net, tok, {{"note.txt", "hello"}}, "{\"kind\":\"test\"}"), std::string());
        std::string error;
        auto back = loadCheckpoint(ckpt, torch::kCPU, &error);
        QVERIFY2(back, error.c_str());
        QVERIFY(back->tokenizer == tok);
        QCOMPARE(back->extra.at("note.txt"), std::string("hello"));
        QCOMPARE(back->meta, std::string("{\"kind\":\"test\"}"));
        torch::NoGradGuard noGrad;
        const torch::Tensor images = torch::randint(0, 255, {1, c.frames, 3, c.imageHeight, c.imageWidth}, torch::kUInt8);
        const torch::Tensor tokens = torch::tensor(std::vector<int64_t>{1, 50, 60, 3}, torch::kLong).unsqueeze(0);
        QVERIFY(torch::equal(net->forward(net->encodeImages(images), tokens), back->model->forward(back->model->encodeImages(images), tokens)));
        // Saving again replaces it whole, and leaves no temporary folders behind.
        QCOMPARE(saveCheckpoint(ckpt, net, tok), std::string());
        int entries = 0;
        for (const auto& e : fs::directory_iterator(dir())) entries += e.path().filename().string().rfind("ckpt", 0) == 0;
        QCOMPARE(entries, 1);

        auto damaged = [&](const char* name, auto damage) {
            const fs::path copy = dir() / name;
            fs::remove_all(copy);
            fs::copy(ckpt, copy);
            damage(copy);
            return loadCheckpoint(copy, torch::kCPU, &error);
        };
        QVERIFY(!damaged("truncated", [](const fs::path& d) { fs::resize_file(d / "model.pt", fs::file_size(d / "model.pt") / 2); }));
        QVERIFY2(error.find("truncated") != std::string::npos && error.find("model.pt") != std::string::npos, error.c_str());
        QVERIFY(!damaged("corrupt", [](const fs::path& d) {
            std::fstream f(d / "model.pt", std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(std::streamoff(fs::file_size(d / "model.pt") / 2));
            f.put('\x5a');
            f.put('\xa5');
        }));
        QVERIFY2(error.find("corrupt") != std::string::npos, error.c_str());
        QVERIFY(!damaged("half-written", [](const fs::path& d) { fs::remove(d / "checkpoint.json"); }));
        QVERIFY2(error.find("never finished") != std::string::npos, error.c_str());
        QVERIFY(!damaged("newer", [](const fs::path& d) {
            std::string text = *readWholeFile(d / "checkpoint.json");
            text.replace(text.find("\"format_version\":1"), 18, "\"format_version\":7");
            QVERIFY(writeFileDurably(d / "checkpoint.json", text));
        }));
        QVERIFY2(error.find("format version 7") != std::string::npos && error.find("newer") != std::string::npos, error.c_str());
        QVERIFY2(error.find("newer") != std::string::npos && error.find((dir() / "newer").string()) != std::string::npos, error.c_str());
        QVERIFY(!loadCheckpoint(dir() / "nothing-here", torch::kCPU, &error));
        QVERIFY2(error.find("does not exist") != std::string::npos, error.c_str());
    }

    void theGeneratorAnswersFromACheckpoint() {
        torch::manual_seed(9);
        const ModelConfig c = tinyConfig();
        const Tokenizer tok = Tokenizer::train(corpus(), 300);
        VlaModel net(c, tok.size());
        const fs::path ckpt = dir() / "gen";
        QCOMPARE(saveCheckpoint(ckpt, net, tok), std::string());
        std::string error;
        auto g = Generator::load(ckpt, {"cpu", "fp32", 12}, &error);
        QVERIFY2(g, error.c_str());
        writeImage(dir() / "f.jpg", 3);
        const auto frame = loadFrame(dir() / "f.jpg", g->config(), &error);
        QVERIFY(frame);
        const GeneratedAnswer withCache = g->decide({*frame}, "What should the ego vehicle do now, and why?", true);
        const GeneratedAnswer without = g->decide({*frame}, "What should the ego vehicle do now, and why?", false);
        QCOMPARE(withCache.text, without.text);
        QVERIFY(withCache.newTokens <= 12);
        QVERIFY(!Generator::load(ckpt, {"cuda", "fp32", 12}, &error) || torch::cuda::is_available());
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
