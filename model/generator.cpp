// SPDX-License-Identifier: MIT
#include "model/generator.h"

#include <chrono>

#include "importers/common/meta_action.h"
#include "model/batch.h"
#include "model/checkpoint.h"
#include "model/compute.h"

namespace corevla::model {

struct Generator::Impl {
    Checkpoint checkpoint;
    torch::Device device{torch::kCPU};
    Precision precision = Precision::Fp32;
    GeneratorOptions options;
};

Generator::Generator() : d(std::make_unique<Impl>()) {}
Generator::~Generator() = default;

std::unique_ptr<Generator> Generator::load(const std::filesystem::path& checkpoint, const GeneratorOptions& options,
                                           std::string* error) {
    const auto device = pickDevice(options.device, error);
    if (!device) return nullptr;
    if (options.threads > 0) torch::set_num_threads(options.threads);
    const auto precision = pickPrecision(options.precision, *device, error);
    if (!precision) return nullptr;
    auto loaded = loadCheckpoint(checkpoint, *device, error);
    if (!loaded) return nullptr;
    std::unique_ptr<Generator> g(new Generator());
    g->d->checkpoint = std::move(*loaded);
    g->d->device = *device;
    g->d->precision = *precision;
    g->d->options = options;
    return g;
}

const ModelConfig& Generator::config() const { return d->checkpoint.config; }
std::string Generator::deviceName() const { return d->device.str(); }

GeneratedAnswer Generator::decide(const std::vector<FrameBytes>& frames, const std::string& question, bool useCache) {
    const auto start = std::chrono::steady_clock::now();
    const ModelConfig& config = d->checkpoint.config;
    std::vector<const FrameBytes*> given;
    for (const FrameBytes& f : frames) given.push_back(&f);
    const torch::Tensor images = framesTensor({frameSlots(given, config)}, config).to(d->device);
    const std::vector<int> prefix = generationPrefix(d->checkpoint.tokenizer.encode(question), config.maxTextTokens);
    std::vector<int> ids;
    {
        torch::NoGradGuard noGrad;
        AutocastScope autocast(d->precision, d->device);
        const torch::Tensor visual = d->checkpoint.model->encodeImages(images);
        ids = greedyGenerate(*d->checkpoint.model, visual, prefix, d->options.maxNewTokens, useCache);
    }
    GeneratedAnswer out;
    out.text = d->checkpoint.tokenizer.decode(ids);
    out.newTokens = int(ids.size());
    out.action = importers::parseMetaAction(out.text, MetaAction{});
    out.hasAction = !out.action.speed.empty() && !out.action.direction.empty();
    out.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

double Generator::answerLogProb(const std::vector<FrameBytes>& frames, const std::string& question, const std::string& answer) {
    const ModelConfig& config = d->checkpoint.config;
    std::vector<const FrameBytes*> given;
    for (const FrameBytes& f : frames) given.push_back(&f);
    const torch::Tensor images = framesTensor({frameSlots(given, config)}, config).to(d->device);
    const Tokenizer& tokenizer = d->checkpoint.tokenizer;
    const TextExample example = makeTextExample(tokenizer.encode(question), tokenizer.encode(answer), config.maxTextTokens);
    torch::NoGradGuard noGrad;
    AutocastScope autocast(d->precision, d->device);
    const torch::Tensor visual = d->checkpoint.model->encodeImages(images);
    return answerLogProbs(*d->checkpoint.model, visual, textTensors({&example}), d->device).to(torch::kDouble).item<double>();
}

}  // namespace corevla::model
