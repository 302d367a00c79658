// SPDX-License-Identifier: MIT
// The trainer with real training steps on real dataset folders (LLaMA-
// Factory's format, real JPEGs), in fp32 so numbers compare exactly: the DPO
// loss against the formulas, gradients that never reach the reference, SFT
// that memorises a handful of answers, DPO that learns to prefer the chosen
// ones, resume that reproduces an uninterrupted run, bad datasets and a
// diverging run stopped before the first step or without a checkpoint, and
// the CLI's JSON-lines contract.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>

#include "model/blas_kernels.h"
#include "model/compute.h"
#include "model/decision_backend.h"
#include "model/file_io.h"
#include "model/generator.h"
#include "tests/common/cli_run.h"
#include "tests/common/tiny_model.h"
#include "trainer/augment.h"
#include "trainer/dpo_loss.h"
#include "trainer/train.h"

using namespace corevla;
using namespace corevla::trainer;
namespace fs = std::filesystem;

namespace {

const std::string kQuestion = "What should the ego vehicle do now, and why?";

// Four scenes, each with its own answer: the image alone tells them apart.
const std::vector<std::string> kAnswers = {
    "The road ahead is clear. Decision: FOLLOW_LANE, KEEP.",
    "A car brakes 9 m ahead. Decision: FOLLOW_LANE, DECELERATE.",
    "A pedestrian crosses 6 m ahead. Decision: FOLLOW_LANE, STOP.",
    "A van blocks our lane 15 m ahead. Decision: CHANGE_LANE_LEFT, DECELERATE."};

model::ModelConfig tinyConfig() { return testing::tinyModelConfig(64, 96, 320); }

fs::path writeImage(const fs::path& dir, int scene, int k) {
    fs::create_directories(dir / "images");
    cv::Mat m(64, 96, CV_8UC3, cv::Scalar(40 + 60 * scene, 200 - 45 * scene, 90 + 30 * (scene % 2)));
    cv::rectangle(m, {10 + 18 * scene, 20}, {30 + 18 * scene, 50}, cv::Scalar(255, 255, 255), -1);
    const fs::path rel = fs::path("images") / (std::to_string(scene) + "_" + std::to_string(k) + ".jpg");
    cv::imwrite((dir / rel).string(), m);
    return rel;
}

std::string jsonString(const std::string& s) {
    return QString(QJsonDocument(QJsonObject{{"s", QString::fromStdString(s)}}).toJson(QJsonDocument::Compact)).mid(5).chopped(1).toStdString();
}

// An SFT folder: one entry per scene (repeated `copies` times), two frames each.
void writeSft(const fs::path& dir, int copies = 1) {
    fs::create_directories(dir);
    std::string rows = "[";
    for (int c = 0; c < copies; ++c)
        for (int s = 0; s < int(kAnswers.size()); ++s) {
            const fs::path a = writeImage(dir, s, 0), b = writeImage(dir, s, 1);
            if (rows.size() > 1) rows += ",";
            rows += "{\"messages\":[{\"role\":\"user\",\"content\":" + jsonString("<image><image>\n" + kQuestion) +
                    "},{\"role\":\"assistant\",\"content\":" + jsonString(kAnswers[std::size_t(s)]) + "}],\"images\":[\"" +
                    a.string() + "\",\"" + b.string() + "\"]}";
        }
    QVERIFY(model::writeFileDurably(dir / "sft.json", rows + "]"));
    QVERIFY(model::writeFileDurably(dir / "dataset_info.json",
                                    R"({"corevla_sft":{"file_name":"sft.json","formatting":"sharegpt","columns":{"messages":"messages","images":"images"},)"
                                    R"("tags":{"role_tag":"role","content_tag":"content","user_tag":"user","assistant_tag":"assistant"}}})"));
}

// A DPO folder: for scene s the chosen answer is scene (s+1)'s, the rejected
// one what SFT taught for s.
void writeDpo(const fs::path& dir) {
    fs::create_directories(dir);
    std::string rows = "[";
    for (int s = 0; s < int(kAnswers.size()); ++s) {
        const fs::path a = writeImage(dir, s, 0), b = writeImage(dir, s, 1);
        if (rows.size() > 1) rows += ",";
        rows += "{\"conversations\":[{\"from\":\"human\",\"value\":" + jsonString("<image><image>\n" + kQuestion) + "}],\"chosen\":{\"from\":\"gpt\",\"value\":" +
                jsonString(kAnswers[std::size_t(s + 1) % kAnswers.size()]) + "},\"rejected\":{\"from\":\"gpt\",\"value\":" +
                jsonString(kAnswers[std::size_t(s)]) + "},\"images\":[\"" + a.string() + "\",\"" + b.string() + "\"]}";
    }
    QVERIFY(model::writeFileDurably(dir / "dpo.json", rows + "]"));
    QVERIFY(model::writeFileDurably(dir / "dataset_info.json",
                                    R"({"corevla_dpo":{"file_name":"dpo.json","formatting":"sharegpt","ranking":true,)"
                                    R"("columns":{"messages":"conversations","chosen":"chosen","rejected":"rejected","images":"images"}}})"));
}

struct Run {
    TrainResult result;
    std::vector<QJsonObject> lines;
    std::vector<QJsonObject> steps() const {
        std::vector<QJsonObject> out;
        for (const QJsonObject& o : lines)
            if (o.contains("loss") && !o.contains("eval_loss")) out.push_back(o);
        return out;
    }
};

Run runTraining(TrainOptions o, std::function<void(const QJsonObject&)> each = {}, CancelToken* cancel = nullptr) {
    Run run;
    run.result = train(o, [&](const std::string& line) {
        const QJsonObject obj = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
        run.lines.push_back(obj);
        if (each) each(obj);
    }, cancel);
    return run;
}

TrainOptions baseOptions(const fs::path& data, const fs::path& out) {
    TrainOptions o;
    o.data = data;
    o.out = out;
    o.model = tinyConfig();
    o.precision = "fp32";
    o.device = "cpu";
    o.threads = 1;
    o.evalSplit = 0;
    o.batch = 4;
    o.loggingSteps = 1;
    o.lr = 3e-3;
    o.warmupRatio = 0.05;
    return o;
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path m_sftData, m_sftModel;
    fs::path dir() const { return m_dir.path().toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        m_sftData = dir() / "sft";
        writeSft(m_sftData);
    }

    void dpoLossMatchesTheFormulas_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("smoothing");
        QTest::addColumn<double>("expected");
        // formats.md 4.5: pol(y+) -12, pol(y-) -15, ref(y+) -13, ref(y-) -14, beta 0.1, so h = 2.
        QTest::newRow("sigmoid") << int(DpoLossType::Sigmoid) << 0.0 << 0.598139;
        QTest::newRow("sigmoid, e = 0.1") << int(DpoLossType::Sigmoid) << 0.1 << 0.618139;
        QTest::newRow("hinge") << int(DpoLossType::Hinge) << 0.0 << 0.8;
        QTest::newRow("ipo") << int(DpoLossType::Ipo) << 0.0 << 9.0;
    }
    void dpoLossMatchesTheFormulas() {
        QFETCH(int, type);
        QFETCH(double, smoothing);
        QFETCH(double, expected);
        auto t = [](double v) { return torch::tensor({v}, torch::kDouble); };
        const DpoTerms terms = dpoLoss(t(-12), t(-15), t(-13), t(-14), DpoLossType(type), 0.1, smoothing);
        QVERIFY2(std::abs(terms.losses.item<double>() - expected) < 1e-6, std::to_string(terms.losses.item<double>()).c_str());
        QVERIFY(std::abs(terms.chosenRewards.item<double>() - 0.1) < 1e-12);
        QVERIFY(std::abs(terms.rejectedRewards.item<double>() + 0.1) < 1e-12);
    }

    void gradientsReachThePolicyNeverTheReference() {
        auto leaf = [](double v) { return torch::tensor({v}, torch::kDouble).requires_grad_(true); };
        torch::Tensor pc = leaf(-12), pr = leaf(-15), rc = leaf(-13), rr = leaf(-14);
        for (DpoLossType type : {DpoLossType::Sigmoid, DpoLossType::Ipo, DpoLossType::Hinge}) {
            const DpoTerms terms = dpoLoss(pc * 1, pr * 1, rc * 1, rr * 1, type, 0.1, 0.0);
            terms.losses.sum().backward();
            QVERIFY(pc.grad().defined() && pc.grad().item<double>() != 0);
            QVERIFY(pr.grad().defined() && pr.grad().item<double>() != 0);
            QVERIFY(!rc.grad().defined());
            QVERIFY(!rr.grad().defined());
            QVERIFY(!terms.chosenRewards.requires_grad());
            pc.mutable_grad().reset();
            pr.mutable_grad().reset();
        }
    }

    void sftMemorisesAHandfulOfAnswers() {
        TrainOptions o = baseOptions(m_sftData, dir() / "sft-run");
        o.maxSteps = 150;
        const Run run = runTraining(o);
        QVERIFY2(run.result.ok, run.result.error.c_str());
        m_sftModel = run.result.checkpoint;
        const auto first = std::find_if(run.lines.begin(), run.lines.end(), [](const QJsonObject& o) { return o["event"] != "warning"; });
        QVERIFY(first != run.lines.end());
        QCOMPARE((*first)["event"].toString(), QStringLiteral("start"));  // after warnings (a slow BLAS, in this process)
        QCOMPARE(run.lines.back()["event"].toString(), QStringLiteral("done"));
        QCOMPARE(run.lines.back()["checkpoint"].toString().toStdString(), fs::absolute(m_sftModel).string());
        const auto steps = run.steps();
        QCOMPARE(int(steps.size()), 150);
        for (const char* key : {"step", "epoch", "loss", "lr", "grad_norm"}) QVERIFY2(steps.back().contains(key), key);
        QVERIFY(steps.back()["loss"].toDouble() < 0.05 * steps.front()["loss"].toDouble());
        std::string error;
        auto generator = model::Generator::load(m_sftModel, {"cpu", "fp32", 64}, &error);
        QVERIFY2(generator, error.c_str());
        for (int s = 0; s < int(kAnswers.size()); ++s) {
            std::vector<model::FrameBytes> frames;
            for (int k = 0; k < 2; ++k) frames.push_back(*model::loadFrame(m_sftData / writeImage(m_sftData, s, k), generator->config(), &error));
            const model::GeneratedAnswer d = generator->decide(frames, kQuestion);
            QVERIFY2(d.text == kAnswers[std::size_t(s)], d.text.c_str());
            QVERIFY(d.hasAction);
        }
        // The back end asked with the pairs' prompt ("<image>" per frame, then
        // the question, as `decide` and the closed loop ask) answers as the
        // trainer taught: the placeholders are not part of what it learned.
        auto backend = model::embeddedBackend(m_sftModel, {"cpu", "fp32", 64}, &error);
        QVERIFY2(backend, error.c_str());
        for (int s = 0; s < int(kAnswers.size()); ++s) {
            std::vector<std::string> images;
            for (int k = 0; k < 2; ++k) images.push_back(*model::readWholeFile(m_sftData / writeImage(m_sftData, s, k)));
            const model::BackendAnswer a = backend->decide(images, std::string("<image><image>\n") + kQuestion);
            QVERIFY2(a.text == kAnswers[std::size_t(s)], a.text.c_str());
        }
    }

    void dpoLearnsToPreferTheChosenAnswers() {
        QVERIFY(!m_sftModel.empty());
        const fs::path data = dir() / "dpo";
        writeDpo(data);
        TrainOptions o = baseOptions(data, dir() / "dpo-run");
        o.kind = DataKind::Dpo;
        o.init = m_sftModel;
        o.maxSteps = 30;
        o.lr = 1e-3;
        const Run run = runTraining(o);
        QVERIFY2(run.result.ok, run.result.error.c_str());
        const auto steps = run.steps();
        for (const char* key : {"rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected"})
            QVERIFY2(steps.back().contains(key), key);
        // The first step: the policy is the reference, so nothing is preferred yet.
        QCOMPARE(steps.front()["rewards/margins"].toDouble(), 0.0);
        QCOMPARE(steps.back()["rewards/accuracies"].toDouble(), 1.0);
        QVERIFY(steps.back()["rewards/margins"].toDouble() > 1.0);
        QVERIFY(steps.back()["loss"].toDouble() < steps.front()["loss"].toDouble());
    }

    // DPO with an SFT dataset replayed alongside: its NLL is logged, and a
    // resumed run draws the same replay batches as one that never stopped.
    void replayIsLearnedAndResumesExactly() {
        QVERIFY(!m_sftModel.empty());
        const fs::path data = dir() / "dpo-replay";
        writeDpo(data);
        TrainOptions o = baseOptions(data, dir() / "replay-whole");
        o.kind = DataKind::Dpo;
        o.init = m_sftModel;
        o.replay = m_sftData;
        o.maxSteps = 12;
        o.batch = 3;
        o.lr = 1e-3;
        o.augment = 0.5;  // seeded by sample number: the resumed run jitters alike
        const Run whole = runTraining(o);
        QVERIFY2(whole.result.ok, whole.result.error.c_str());
        const auto a = whole.steps();
        QVERIFY(a.back().contains("replay_loss") && a.back()["replay_loss"].toDouble() > 0);

        o.out = dir() / "replay-interrupted";
        CancelToken cancel;
        const Run first = runTraining(o, [&](const QJsonObject& line) {
            if (line["step"].toInt() == 6 && line.contains("loss")) cancel.cancel();
        }, &cancel);
        QVERIFY(first.result.cancelled);
        o.resume = true;
        const Run second = runTraining(o);
        QVERIFY2(second.result.ok, second.result.error.c_str());
        const auto b = second.steps();
        QCOMPARE(int(b.size()), 6);
        for (std::size_t i = 0; i < b.size(); ++i) QCOMPARE(b[i]["replay_loss"].toDouble(), a[i + 6]["replay_loss"].toDouble());

        o.kind = DataKind::Sft;  // SFT learns its data already
        o.data = m_sftData;
        o.resume = false;
        o.out = dir() / "replay-sft";
        const Run refused = runTraining(o);
        QVERIFY2(!refused.result.ok && QString::fromStdString(refused.result.error).contains("--replay applies to DPO"),
                 refused.result.error.c_str());
    }

    // The same seed jitters alike, another differently; an example's frames
    // share one jitter; strength 0 changes nothing.
    void augmentationJittersExamplesNotFrames() {
        torch::manual_seed(3);
        const torch::Tensor still = torch::randint(40, 200, {1, 1, 3, 16, 32}, torch::kUInt8);
        const torch::Tensor frames = torch::cat({still.expand({2, 2, 3, 16, 32}).clone()});  // 2 examples x 2 equal frames
        const torch::Tensor a = augmentFrames(frames, 1.0, 7), b = augmentFrames(frames, 1.0, 7), c = augmentFrames(frames, 1.0, 8);
        QCOMPARE(a.sizes(), frames.sizes());
        QCOMPARE(a.scalar_type(), torch::kUInt8);
        QVERIFY(torch::equal(a, b));
        QVERIFY(!torch::equal(a, c));
        QVERIFY(!torch::equal(a, frames));
        QVERIFY(torch::equal(a[0][0], a[0][1]));   // one scene, one jitter
        QVERIFY(!torch::equal(a[0][0], a[1][0]));  // each example its own
        QVERIFY(torch::equal(augmentFrames(frames, 0.0, 7), frames));
    }

    // Stopped at step 10 and resumed: steps 11-20 log the same losses as a
    // run that never stopped.
    void aResumedRunRepeatsTheUninterruptedOne() {
        TrainOptions o = baseOptions(m_sftData, dir() / "whole");
        o.maxSteps = 20;
        o.batch = 3;  // batches straddle epochs, so the order matters
        const Run whole = runTraining(o);
        QVERIFY2(whole.result.ok, whole.result.error.c_str());

        o.out = dir() / "interrupted";
        CancelToken cancel;
        const Run first = runTraining(o, [&](const QJsonObject& line) {
            if (line["step"].toInt() == 10 && line.contains("loss")) cancel.cancel();
        }, &cancel);
        QVERIFY(first.result.cancelled);
        QVERIFY(fs::exists(o.out / "checkpoint-10" / "optimizer.pt"));
        o.resume = true;
        const Run second = runTraining(o);
        QVERIFY2(second.result.ok, second.result.error.c_str());
        const auto a = whole.steps(), b = second.steps();
        QCOMPARE(int(b.size()), 10);
        QCOMPARE(b.front()["step"].toInt(), 11);
        for (std::size_t i = 0; i < b.size(); ++i)
            QCOMPARE(b[i]["loss"].toDouble(), a[i + 10]["loss"].toDouble());
    }

    void badDatasetsFailBeforeTheFirstStep() {
        const fs::path data = dir() / "bad";
        writeSft(data);
        fs::remove(data / "images" / "2_1.jpg");
        Run run = runTraining(baseOptions(data, dir() / "bad-run"));
        QVERIFY(!run.result.ok);
        QVERIFY2(run.result.error.find("2_1.jpg") != std::string::npos && run.result.error.find("entry 2") != std::string::npos,
                 run.result.error.c_str());
        QVERIFY(run.steps().empty());

        writeSft(data);
        std::ofstream(data / "images" / "1_0.jpg", std::ios::binary | std::ios::trunc) << "\xff\xd8\xff garbage";
        run = runTraining(baseOptions(data, dir() / "bad-run"));
        QVERIFY(!run.result.ok);
        QVERIFY2(run.result.error.find("1_0.jpg") != std::string::npos, run.result.error.c_str());

        writeSft(data);
        QVERIFY(model::writeFileDurably(data / "sft.json", "[{\"messages\": [}"));
        run = runTraining(baseOptions(data, dir() / "bad-run"));
        QVERIFY(!run.result.ok);
        QVERIFY2(run.result.error.find("sft.json") != std::string::npos, run.result.error.c_str());

        writeSft(data);
        TrainOptions o = baseOptions(data, dir() / "bad-run");
        o.evalSplit = 0.9;
        run = runTraining(o);
        QVERIFY(!run.result.ok);
        QVERIFY2(run.result.error.find("training split empty") != std::string::npos, run.result.error.c_str());
        QVERIFY(!fs::exists(dir() / "bad-run" / "model"));
    }

    void aDivergingRunStopsWithoutSavingTheBadState() {
        TrainOptions o = baseOptions(m_sftData, dir() / "diverged");
        o.maxSteps = 30;
        o.lr = 1e30;
        o.warmupRatio = 0;
        o.maxGradNorm = 1e30;
        const Run run = runTraining(o);
        QVERIFY(!run.result.ok);
        QVERIFY2(run.result.error.find("NaN") != std::string::npos || run.result.error.find("not finite") != std::string::npos ||
                     run.result.error.find("infinite") != std::string::npos,
                 run.result.error.c_str());
        QVERIFY2(run.result.error.find("step ") == 0, run.result.error.c_str());
        QVERIFY(!fs::exists(dir() / "diverged" / "model"));
    }

    void theCliPrintsJsonLinesAndAnswers() {
        const fs::path config = dir() / "tiny.json";
        QVERIFY(model::writeFileDurably(config, tinyConfig().toJson()));
        const QString out = QString::fromStdString((dir() / "cli-run").string());
        const auto run = testing::runCli({"train", "sft", "--data", QString::fromStdString(m_sftData.string()), "--out", out, "--config",
                                          QString::fromStdString(config.string()), "--max-steps", "3", "--logging-steps", "1",
                                          "--precision", "fp32", "--eval-split", "0.25", "--seed", "7"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
        QJsonObject done;
        int steps = 0, evals = 0;
        for (const QString& line : lines) {
            QJsonParseError e;
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8(), &e).object();
            QVERIFY2(e.error == QJsonParseError::NoError, qPrintable(line));
            steps += o.contains("loss") && o.contains("lr") && o.contains("epoch");
            evals += o.contains("eval_loss");
            if (o["event"] == "done") done = o;
        }
        QCOMPARE(steps, 3);
        QCOMPARE(evals, 1);
        // The CLI restarts itself onto OpenBLAS's kernels for this CPU when
        // OpenBLAS fell back to its generic ones (as in this test process).
        const QJsonObject start = QJsonDocument::fromJson(lines.front().toUtf8()).object();
        QCOMPARE(start["event"].toString(), QStringLiteral("start"));
        const std::string better = model::betterBlasCore();
        if (!better.empty()) {
            QCOMPARE(start["blas_core"].toString().toStdString(), better);
            QVERIFY2(model::blasWarning().find("OPENBLAS_CORETYPE=" + better) != std::string::npos, model::blasWarning().c_str());
        } else if (!qEnvironmentVariableIsSet("OPENBLAS_CORETYPE")) {
            QCOMPARE(start["blas_core"].toString().toStdString(), model::blasCoreName());
        }
        QVERIFY(fs::exists(done["checkpoint"].toString().toStdString() + "/checkpoint.json"));
        const auto gen = testing::runCli({"generate", "--model", done["checkpoint"].toString(), "--image",
                                          QString::fromStdString((m_sftData / "images" / "0_0.jpg").string()),
                                          QString::fromStdString((m_sftData / "images" / "0_1.jpg").string()), "--prompt",
                                          QString::fromStdString(kQuestion), "--json"});
        QVERIFY2(gen.code == 0, qPrintable(gen.err));
        const QJsonObject answer = QJsonDocument::fromJson(gen.out.toUtf8()).object();
        QVERIFY(answer.contains("text") && answer.contains("speed") && answer.contains("direction"));

        QCOMPARE(testing::runCli({"train", "dpo", "--data", "x", "--out", out}).code, 2);  // no --init
        const auto bad = testing::runCli({"train", "sft", "--data", QString::fromStdString((dir() / "nowhere").string()), "--out", out});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("nowhere") && bad.err.contains("dataset_info.json"), qPrintable(bad.err));
        QCOMPARE(testing::runCli({"train", "sft", "--data", "x", "--out", out, "--lr", "fast"}).code, 2);
        const auto missing = testing::runCli({"generate", "--model", out + "/none", "--image", "a.jpg", "--prompt", "Q"});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("does not exist"), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
