// SPDX-License-Identifier: MIT
// The embedded model's speed, one JSON line per measurement:
//   bench_model step sft|dpo fp32|bf16 STEPS   training steps at the default
//       size (batch 8; 40 visual + 88 text tokens = 128 positions), AdamW,
//       median step time, GFLOP/s achieved, peak RSS of this process
//   bench_model matmul fp32|bf16               a plain 1024^3 matmul's GFLOP/s
//   bench_model generate [CKPT] RUNS           decision latency: <= 48 new
//       tokens with the KV cache (a fresh default model when no checkpoint)
// tests/bench/train_baseline.py is the same model and loop in Python.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <cstdio>
#include <string>
#include <vector>

#include "model/batch.h"
#include "model/blas_kernels.h"
#include "model/checkpoint.h"
#include "model/compute.h"
#include "model/vla_model.h"
#include "trainer/dpo_loss.h"

using namespace corevla;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBatch = 8, kText = 88, kVocab = 1024;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}
long peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}
model::Precision precisionOf(const std::string& name) { return name == "bf16" ? model::Precision::Bf16 : model::Precision::Fp32; }

// Multiply-adds of one training step (forward x 3 for forward + backward), for GFLOP/s.
double stepFlops(const model::ModelConfig& c, int sequences) {
    const double T = c.visualTokens() + kText, d = c.dModel;
    const double perToken = c.layers * (4 * d * d + 2 * d * c.ffMult * d) + d * kVocab * (kText / T);
    const double attention = c.layers * 2 * T * T * d;
    return 3 * 2 * sequences * (T * perToken + attention);
}

int step(const std::string& kind, const std::string& precisionName, int steps) {
    torch::manual_seed(0);
    const model::ModelConfig c;
    model::VlaModel net(c, kVocab);
    net->train();
    torch::optim::AdamW optimizer(net->parameters(), torch::optim::AdamWOptions(1e-4));
    const bool dpo = kind == "dpo";
    const int sequences = dpo ? 2 * kBatch : kBatch;
    const torch::Tensor images = torch::randint(0, 255, {kBatch, c.frames, 3, c.imageHeight, c.imageWidth}, torch::kUInt8);
    model::TextTensors text{torch::randint(4, kVocab, {sequences, kText}, torch::kLong),
                            torch::randint(4, kVocab, {sequences, kText}, torch::kLong), torch::zeros({sequences, kText})};
    text.mask.slice(1, 24).fill_(1);  // the answer: all but a 24-token prompt
    const torch::Tensor refLogps = torch::full({kBatch}, -100.0);
    const auto precision = precisionOf(precisionName);
    std::vector<double> times;
    for (int s = 0; s < steps + 2; ++s) {  // two warm-up steps
        const auto t0 = Clock::now();
        optimizer.zero_grad();
        {
            model::AutocastScope autocast(precision, torch::kCPU);
            torch::Tensor visual = net->encodeImages(images);
            if (dpo) visual = torch::cat({visual, visual}, 0);
            const torch::Tensor logps = model::answerLogProbs(*net, visual, text, torch::kCPU);
            torch::Tensor loss;
            if (dpo)
                loss = trainer::dpoLoss(logps.slice(0, 0, kBatch), logps.slice(0, kBatch), refLogps, refLogps,
                                        trainer::DpoLossType::Sigmoid, 0.1, 0).losses.mean();
            else
                loss = -logps.sum() / text.mask.sum();
            loss.backward();
        }
        torch::nn::utils::clip_grad_norm_(net->parameters(), 1.0);
        optimizer.step();
        if (s >= 2) times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    const double m = median(times);
    std::printf("{\"bench\":\"step\",\"impl\":\"c++\",\"kind\":\"%s\",\"precision\":\"%s\",\"steps\":%d,\"median_s\":%.4f,"
                "\"steps_per_s\":%.3f,\"gflops\":%.1f,\"threads\":%d,\"peak_rss_mib\":%ld,\"blas_core\":\"%s\"}\n",
                kind.c_str(), precisionName.c_str(), steps, m, 1 / m, stepFlops(c, sequences) / m / 1e9, torch::get_num_threads(), peakRssMiB(), model::blasCoreName().c_str());
    return 0;
}

int matmul(const std::string& precisionName) {
    const auto dtype = precisionName == "bf16" ? torch::kBFloat16 : torch::kFloat;
    const torch::Tensor a = torch::randn({1024, 1024}).to(dtype), b = torch::randn({1024, 1024}).to(dtype);
    std::vector<double> times;
    for (int i = 0; i < 12; ++i) {
        const auto t0 = Clock::now();
        const torch::Tensor c = torch::matmul(a, b);
        (void)c.sum().item<double>();
        if (i >= 2) times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::printf("{\"bench\":\"matmul\",\"impl\":\"c++\",\"precision\":\"%s\",\"gflops\":%.1f,\"blas_core\":\"%s\"}\n", precisionName.c_str(),
                2.0 * 1024 * 1024 * 1024 / median(times) / 1e9, model::blasCoreName().c_str());
    return 0;
}

int generate(const std::string& checkpoint, int runs) {
    model::VlaModel net{nullptr};
    if (!checkpoint.empty()) {
        std::string error;
        auto c = model::loadCheckpoint(checkpoint, torch::kCPU, &error);
        if (!c) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        net = c->model;
    } else {
        torch::manual_seed(0);
        net = model::VlaModel(model::ModelConfig{}, kVocab);
    }
    net->eval();
    const model::ModelConfig& c = net->config();
    const torch::Tensor images = torch::randint(0, 255, {1, c.frames, 3, c.imageHeight, c.imageWidth}, torch::kUInt8);
    std::vector<int> prefix{model::Tokenizer::kBos};
    for (int i = 0; i < 14; ++i) prefix.push_back(300 + i);  // a question's length
    prefix.push_back(model::Tokenizer::kSep);
    for (const char* p : {"fp32", "bf16"}) {
        // The whole decision, and its parts: the frames' encoding, and the
        // prompt's pass with the first new token (per token = the rest / tokens).
        std::vector<double> ms, encodeMs, firstMs;
        std::size_t tokens = 0;
        for (int r = 0; r < runs + 2; ++r) {
            torch::NoGradGuard noGrad;
            model::AutocastScope autocast(precisionOf(p), torch::kCPU);
            const auto t0 = Clock::now();
            const auto ids = model::greedyGenerate(*net, net->encodeImages(images), prefix, 48);
            const auto t1 = Clock::now();
            const torch::Tensor visual = net->encodeImages(images);
            const auto t2 = Clock::now();
            model::greedyGenerate(*net, visual, prefix, 1);
            const auto t3 = Clock::now();
            if (r < 2) continue;
            ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            encodeMs.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
            firstMs.push_back(std::chrono::duration<double, std::milli>(t3 - t2).count());
            tokens = ids.size();
        }
        const double perToken = tokens > 1 ? (percentile(ms, 0.5) - percentile(encodeMs, 0.5) - percentile(firstMs, 0.5)) / double(tokens - 1) : 0;
        std::printf("{\"bench\":\"generate\",\"precision\":\"%s\",\"runs\":%d,\"new_tokens\":%zu,\"p50_ms\":%.1f,\"p95_ms\":%.1f,"
                    "\"encode_frames_p50_ms\":%.1f,\"prompt_and_first_token_p50_ms\":%.1f,\"per_further_token_ms\":%.2f}\n",
                    p, runs, tokens, percentile(ms, 0.5), percentile(ms, 0.95), percentile(encodeMs, 0.5), percentile(firstMs, 0.5), perToken);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    model::restartWithBetterBlasKernels(argv);  // as corevla does; tests/bench/run gives Python the same kernels
    // The same thread count as the Python baseline: $BENCH_THREADS, else every core.
    const char* threads = std::getenv("BENCH_THREADS");
    torch::set_num_threads(threads ? std::atoi(threads) : int(std::thread::hardware_concurrency()));
    const std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 4 && a[0] == "step") return step(a[1], a[2], std::stoi(a[3]));
    if (a.size() == 2 && a[0] == "matmul") return matmul(a[1]);
    if (!a.empty() && a[0] == "generate") return generate(a.size() > 2 ? a[1] : "", std::stoi(a.back()));
    std::fprintf(stderr, "usage: bench_model step sft|dpo fp32|bf16 STEPS | matmul fp32|bf16 | generate [CKPT] RUNS\n");
    return 2;
}
