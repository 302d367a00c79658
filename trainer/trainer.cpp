// SPDX-License-Identifier: MIT
#include "trainer/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "importers/common/parallel.h"
#include "model/batch.h"
#include "model/blas_kernels.h"
#include "model/checkpoint.h"
#include "storage/json_writer.h"
#include "trainer/augment.h"

namespace corevla::trainer {
namespace fs = std::filesystem;

namespace {

constexpr const char* kOptimizerFile = "optimizer.pt";
constexpr const char* kStateFile = "trainer_state.json";

double learningRate(const TrainOptions& o, int step, int total) {
    const int warmup = int(std::ceil(o.warmupRatio * total));
    if (step < warmup) return o.lr * double(step + 1) / double(warmup);
    const double progress = double(step - warmup) / double(std::max(1, total - warmup));
    return o.lr * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

// The step a checkpoint directory name holds, or -1.
int checkpointStep(const fs::path& dir) {
    const std::string name = dir.filename().string();
    if (name.rfind("checkpoint-", 0) != 0) return -1;
    try {
        std::size_t used = 0;
        const int step = std::stoi(name.substr(11), &used);
        return used == name.size() - 11 ? step : -1;
    } catch (...) {
        return -1;
    }
}

std::vector<fs::path> checkpointsIn(const fs::path& out) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(out, ec))
        if (e.is_directory() && checkpointStep(e.path()) >= 0) found.push_back(e.path());
    std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) { return checkpointStep(a) < checkpointStep(b); });
    return found;
}

void writeMetrics(JsonWriter& w, const Metrics& m, const std::string& prefix) {
    for (const auto& [name, value] : m) w.key(prefix + name).number(value, 8);
}

}  // namespace

Trainer::Trainer(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel)
    : m_options(options), m_lines(lines), m_cancel(cancel) {}

Trainer::~Trainer() = default;

void Trainer::emit(const std::string& line) {
    if (m_lines) m_lines(line);
}

void Trainer::warn(const std::string& message) {
    JsonWriter w;
    emit(w.beginObject().key("event").str("warning").key("message").str(message).endObject().take());
}

std::string Trainer::loadPolicy(const fs::path& checkpoint) {
    std::string error;
    auto c = model::loadCheckpoint(checkpoint, m_device, &error);
    if (!c) return error;
    m_model = c->model;
    m_tokenizer = std::move(c->tokenizer);
    m_model->train();
    return {};
}

std::string Trainer::prepare() {
    const model::ModelConfig& config = m_model->config();
    // Every distinct frame decoded once, on every core.
    std::vector<std::string> paths;
    std::map<std::string, std::string> firstUse;
    for (const auto* set : {&m_raw, &m_replayRaw})
        for (const TrainExample& e : *set)
            for (const fs::path& p : e.images)
                if (firstUse.emplace(p.string(), e.where).second) paths.push_back(p.string());
    std::vector<std::optional<model::FrameBytes>> decoded(paths.size());
    std::vector<std::string> errors(paths.size());
    importers::parallelFor(paths.size(), m_options.threads, m_cancel, [&](std::size_t i, int) {
        decoded[i] = model::loadFrame(paths[i], config, &errors[i]);
    });
    for (std::size_t i = 0; i < paths.size(); ++i) {
        if (!decoded[i]) return firstUse[paths[i]] + ": " + errors[i];
        m_frames.emplace(paths[i], std::move(*decoded[i]));
    }
    auto prepared = [&](const TrainExample& e, bool pair) {
        PreparedExample p;
        std::vector<const model::FrameBytes*> frames;
        for (const fs::path& path : e.images) frames.push_back(&m_frames.at(path.string()));
        p.frames = model::frameSlots(frames, config);
        const std::vector<int> prompt = m_tokenizer.encode(e.prompt);
        p.chosen = model::makeTextExample(prompt, m_tokenizer.encode(e.chosen), config.maxTextTokens);
        if (pair) p.rejected = model::makeTextExample(prompt, m_tokenizer.encode(e.rejected), config.maxTextTokens);
        return p;
    };
    m_examples.clear();
    for (const TrainExample& e : m_raw) m_examples.push_back(prepared(e, m_options.kind == DataKind::Dpo));
    m_replay.clear();
    for (const TrainExample& e : m_replayRaw) m_replay.push_back(prepared(e, false));
    return {};
}

std::vector<const PreparedExample*> Trainer::replayBatch(std::size_t size) const {
    std::vector<const PreparedExample*> batch;
    const std::size_t n = m_replay.size();
    if (n == 0) return batch;
    std::vector<std::size_t> order(n);
    std::size_t orderEpoch = std::size_t(-1);
    for (std::size_t k = m_firstSample; k < m_firstSample + size; ++k) {
        if (k / n != orderEpoch) {  // a seeded shuffle per pass over the replay set
            orderEpoch = k / n;
            std::iota(order.begin(), order.end(), 0);
            std::mt19937_64 rng(m_options.seed * 2654435761ull + orderEpoch + 1);
            std::shuffle(order.begin(), order.end(), rng);
        }
        batch.push_back(&m_replay[order[k % n]]);
    }
    return batch;
}

torch::Tensor Trainer::images(const std::vector<std::size_t>& batch) const {
    std::vector<const PreparedExample*> examples;
    for (std::size_t i : batch) examples.push_back(&m_examples[i]);
    return imagesOf(examples);
}

torch::Tensor Trainer::imagesOf(const std::vector<const PreparedExample*>& examples, int stream) const {
    std::vector<std::vector<const model::FrameBytes*>> slots;
    for (const PreparedExample* e : examples) slots.push_back(e->frames);
    torch::Tensor frames = model::framesTensor(slots, m_model->config());
    if (m_options.augment > 0 && m_model->is_training() && torch::GradMode::is_enabled())  // never the reference's or eval's
        frames = augmentFrames(frames, m_options.augment, m_options.seed * 0x9E3779B97F4A7C15ull + m_firstSample * 2 + std::uint64_t(stream));
    return frames.to(m_device);
}

Metrics Trainer::evaluateAll() {
    m_model->eval();
    Metrics m;
    {
        torch::NoGradGuard noGrad;
        model::AutocastScope autocast(m_precision, m_device);
        m = evaluate(m_eval);
    }
    m_model->train();
    return m;
}

std::string Trainer::save(const fs::path& dir, torch::optim::Optimizer* optimizer, int step, const std::string& meta) {
    std::map<std::string, std::string> extra;
    if (optimizer) {
        std::ostringstream bytes;
        torch::serialize::OutputArchive archive;
        optimizer->save(archive);
        archive.save_to(bytes);
        extra[kOptimizerFile] = bytes.str();
        JsonWriter w;
        extra[kStateFile] = w.beginObject().key("step").integer(step).key("seed").integer(static_cast<long long>(m_options.seed)).endObject().take();
    }
    return model::saveCheckpoint(dir, m_model, m_tokenizer, extra, meta);
}

std::string Trainer::resumeFrom(torch::optim::Optimizer& optimizer, int* step) {
    const auto found = checkpointsIn(m_options.out);
    if (found.empty()) return "--resume: no checkpoint-N folder in " + m_options.out.string();
    const fs::path last = found.back();
    std::string error;
    auto c = model::loadCheckpoint(last, m_device, &error);
    if (!c) return error;
    if (!c->extra.count(kOptimizerFile) || !c->extra.count(kStateFile))
        return "checkpoint " + last.string() + ": has no optimizer state to resume from";
    if (!(c->tokenizer == m_tokenizer)) return "checkpoint " + last.string() + ": its tokenizer differs from this run's";
    {
        torch::NoGradGuard noGrad;
        auto dst = m_model->named_parameters();
        for (const auto& p : c->model->named_parameters()) dst[p.key()].copy_(p.value());
    }
    try {
        torch::serialize::InputArchive archive;
        std::istringstream in(c->extra[kOptimizerFile]);
        archive.load_from(in);
        optimizer.load(archive);
    } catch (const std::exception& e) {
        return "checkpoint " + last.string() + ": optimizer.pt cannot be read: " + e.what();
    }
    simdjson::dom::parser parser;
    int64_t saved = -1;
    if (parser.parse(c->extra[kStateFile]).at_key("step").get_int64().get(saved) || saved < 0 || saved > INT32_MAX)
        return "checkpoint " + last.string() + ": trainer_state.json has no step";
    *step = int(saved);
    return {};
}

TrainResult Trainer::run() {
    TrainResult result;
    auto fail = [&](const std::string& error) {
        result.error = error;
        return result;
    };
    const auto started = std::chrono::steady_clock::now();
    std::string error;
    const int threads = importers::resolveThreads(m_options.threads);
    torch::set_num_threads(threads);
    const auto device = model::pickDevice(m_options.device, &error);
    if (!device) return fail(error);
    m_device = *device;
    const auto precision = model::pickPrecision(m_options.precision, m_device, &error);
    if (!precision) return fail(error);
    m_precision = *precision;
    if (m_device.is_cpu())
        if (std::string blas = model::blasWarning(); !blas.empty()) warn(blas);
    if (m_options.batch < 1 || m_options.gradAccum < 1) return fail("--batch and --grad-accum must be at least 1");
    if (m_options.evalSplit < 0 || m_options.evalSplit >= 1) return fail("--eval-split must be in [0, 1)");

    auto data = readTrainData(m_options.data, m_options.kind, &error);
    if (!data) return fail(error);
    m_raw = std::move(data->examples);
    if (!m_options.replay.empty()) {
        if (m_options.kind != DataKind::Dpo) return fail("--replay applies to DPO (SFT learns its data already)");
        auto replay = readTrainData(m_options.replay, DataKind::Sft, &error);
        if (!replay) return fail("--replay: " + error);
        m_replayRaw = std::move(replay->examples);
    }
    // The held-out split: a seeded shuffle, so the same seed holds out the same examples.
    std::vector<std::size_t> order(m_raw.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 splitRng(m_options.seed);
    std::shuffle(order.begin(), order.end(), splitRng);
    std::size_t evalCount = std::size_t(std::llround(m_options.evalSplit * double(m_raw.size())));
    if (m_options.evalSplit > 0) evalCount = std::max<std::size_t>(evalCount, 1);
    if (evalCount >= m_raw.size())
        return fail(data->file + ": " + std::to_string(m_raw.size()) + " example(s) leave the training split empty after holding out " +
                    std::to_string(evalCount) + " (--eval-split)");
    m_eval.assign(order.begin(), order.begin() + std::ptrdiff_t(evalCount));
    m_train.assign(order.begin() + std::ptrdiff_t(evalCount), order.end());
    std::sort(m_eval.begin(), m_eval.end());
    std::sort(m_train.begin(), m_train.end());

    torch::manual_seed(m_options.seed);
    std::vector<TrainExample> trainRaw;
    for (std::size_t i : m_train) trainRaw.push_back(m_raw[i]);
    if (error = setUp(trainRaw); !error.empty()) return fail(error);
    m_model->to(m_device);
    m_model->train();
    if (error = prepare(); !error.empty()) return fail(error);
    if (m_cancel && m_cancel->cancelled()) {
        result.cancelled = true;
        return result;
    }
    if (error = afterPrepare(); !error.empty()) return fail(error);

    torch::optim::AdamW optimizer(m_model->parameters(), torch::optim::AdamWOptions(m_options.lr)
                                                             .betas({0.9, 0.999})
                                                             .eps(1e-8)
                                                             .weight_decay(m_options.weightDecay));
    const std::size_t perStep = std::size_t(m_options.batch) * std::size_t(m_options.gradAccum);
    const int stepsPerEpoch = int((m_train.size() + perStep - 1) / perStep);
    const int total = m_options.maxSteps > 0 ? m_options.maxSteps : std::max(1, int(std::ceil(m_options.epochs * stepsPerEpoch)));
    int step = 0;
    if (m_options.resume) {
        if (error = resumeFrom(optimizer, &step); !error.empty()) return fail(error);
        if (step >= total) return fail("--resume: the newest checkpoint is at step " + std::to_string(step) + ", the run has " + std::to_string(total));
    }
    {
        int64_t parameters = 0;
        for (const auto& p : m_model->parameters()) parameters += p.numel();
        JsonWriter w;
        w.beginObject().key("event").str("start").key("kind").str(kindName()).key("examples").integer(static_cast<long long>(m_raw.size()));
        w.key("train").integer(static_cast<long long>(m_train.size())).key("eval").integer(static_cast<long long>(m_eval.size()));
        w.key("start_step").integer(step).key("total_steps").integer(total).key("device").str(m_device.str());
        w.key("precision").str(model::precisionName(m_precision)).key("threads").integer(threads);
        if (m_device.is_cpu()) w.key("blas_core").str(model::blasCoreName());
        w.key("parameters").integer(parameters).key("vocab_size").integer(m_tokenizer.size());
        w.key("model").raw(m_model->config().toJson()).endObject();
        emit(w.take());
    }

    // Sample k of the run is example order_e[k % n], epoch e = k / n: any
    // step's batch follows from the seed alone, so a resumed run sees the
    // same batches as one that never stopped.
    const std::size_t n = m_train.size();
    std::vector<std::size_t> epochOrder;
    std::size_t orderEpoch = std::size_t(-1);
    auto sampleAt = [&](std::size_t k) {
        const std::size_t epoch = k / n;
        if (epoch != orderEpoch) {
            epochOrder = m_train;
            std::mt19937_64 rng(m_options.seed * 1000003ull + epoch);
            std::shuffle(epochOrder.begin(), epochOrder.end(), rng);
            orderEpoch = epoch;
        }
        return epochOrder[k % n];
    };

    auto emitEval = [&](int done, double epoch) {
        JsonWriter w;
        w.beginObject().key("step").integer(done).key("epoch").number(epoch, 6);
        writeMetrics(w, evaluateAll(), "eval_");
        emit(w.endObject().take());
    };
    if (!m_eval.empty() && step == 0 && m_options.evalSteps > 0) emitEval(0, 0);  // where the run starts from

    Metrics window;
    int windowSteps = 0;
    double lastLoss = 0;
    const auto params = m_model->parameters();
    for (; step < total; ++step) {
        if (m_cancel && m_cancel->cancelled()) {
            result.cancelled = true;
            result.checkpoint = m_options.out / ("checkpoint-" + std::to_string(step));
            if (error = save(result.checkpoint, &optimizer, step, "{\"cancelled\":true}"); !error.empty()) return fail(error);
            return result;
        }
        const double lr = learningRate(m_options, step, total);
        for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        optimizer.zero_grad();
        Metrics stepMetrics;
        double stepLoss = 0;
        for (int micro = 0; micro < m_options.gradAccum; ++micro) {
            std::vector<std::size_t> batch;
            const std::size_t first = (std::size_t(step) * std::size_t(m_options.gradAccum) + std::size_t(micro)) * std::size_t(m_options.batch);
            for (std::size_t k = first; k < first + std::size_t(m_options.batch); ++k) batch.push_back(sampleAt(k));
            m_firstSample = first;
            StepOutput out;
            {
                model::AutocastScope autocast(m_precision, m_device);
                out = lossOn(batch);
            }
            const double value = out.loss.item<double>();
            if (!std::isfinite(value))
                return fail("step " + std::to_string(step + 1) + ": the loss is " + (std::isnan(value) ? "NaN" : "infinite") +
                            "; training stopped and nothing of this state was saved (lower --lr?)");
            (out.loss / double(m_options.gradAccum)).backward();
            stepLoss += value / m_options.gradAccum;
            for (const auto& [k, v] : out.metrics) stepMetrics[k] += v / m_options.gradAccum;
        }
        const double gradNorm = torch::nn::utils::clip_grad_norm_(params, m_options.maxGradNorm);
        if (!std::isfinite(gradNorm))
            return fail("step " + std::to_string(step + 1) + ": the gradient norm is not finite; training stopped and nothing of this state was saved");
        optimizer.step();
        lastLoss = stepLoss;
        window["loss"] += stepLoss;
        window["grad_norm"] += gradNorm;
        for (const auto& [k, v] : stepMetrics) window[k] += v;
        ++windowSteps;

        const int done = step + 1;
        const double epoch = double(std::size_t(done) * perStep) / double(n);
        if (done % std::max(1, m_options.loggingSteps) == 0 || done == total) {
            JsonWriter w;
            w.beginObject().key("step").integer(done).key("epoch").number(epoch, 6).key("lr").number(lr, 8);
            for (auto& [k, v] : window) v /= windowSteps;
            writeMetrics(w, window, "");
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            w.key("elapsed_s").number(elapsed, 6).endObject();
            emit(w.take());
            window.clear();
            windowSteps = 0;
        }
        if (!m_eval.empty() && ((m_options.evalSteps > 0 && done % m_options.evalSteps == 0) || done == total)) emitEval(done, epoch);
        if (m_options.saveSteps > 0 && done % m_options.saveSteps == 0 && done < total) {
            if (error = save(m_options.out / ("checkpoint-" + std::to_string(done)), &optimizer, done, "{}"); !error.empty()) return fail(error);
            const auto all = checkpointsIn(m_options.out);  // keep the newest two
            for (std::size_t i = 0; i + 2 < all.size(); ++i) fs::remove_all(all[i]);
        }
    }

    JsonWriter meta;
    meta.beginObject().key("kind").str(kindName()).key("steps").integer(total).key("data").str(fs::absolute(m_options.data).string());
    meta.key("seed").integer(static_cast<long long>(m_options.seed)).key("init").str(m_options.init.string()).key("final_loss").number(lastLoss, 8).endObject();
    result.checkpoint = m_options.out / "model";
    if (error = save(result.checkpoint, nullptr, total, meta.take()); !error.empty()) return fail(error);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    JsonWriter w;
    emit(w.beginObject().key("event").str("done").key("checkpoint").str(fs::absolute(result.checkpoint).string())
             .key("steps").integer(total).key("seconds").number(seconds, 6).key("final_loss").number(lastLoss, 8).endObject().take());
    result.ok = true;
    return result;
}

}  // namespace corevla::trainer
