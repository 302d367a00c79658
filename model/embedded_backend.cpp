// SPDX-License-Identifier: MIT
// The embedded checkpoint as a back end: the images decoded at the model's
// size, then the generator's greedy answer.
#include <chrono>
#include <exception>

#include "model/decision_backend.h"

#include "dataset/prompt_text.h"

namespace corevla::model {
namespace {

class EmbeddedBackend final : public DecisionBackend {
public:
    explicit EmbeddedBackend(std::unique_ptr<Generator> generator) : m_generator(std::move(generator)) {}

    BackendAnswer decide(const std::vector<std::string>& images, const std::string& question) override {
        BackendAnswer a;
        const auto start = std::chrono::steady_clock::now();
        std::vector<FrameBytes> frames;
        for (std::size_t i = 0; i < images.size(); ++i) {
            auto frame = frameFromEncoded(images[i], m_generator->config(), "image " + std::to_string(i + 1), &a.error);
            if (!frame) return a;
            frames.push_back(std::move(*frame));
        }
        try {
            // The trainer reads the question without placeholders: so must the model.
            GeneratedAnswer g = m_generator->decide(frames, dataset::questionFromPrompt(question, {}));
            a.text = std::move(g.text);
            a.action = g.action;
            a.hasAction = g.hasAction;
        } catch (const std::exception& e) {  // LibTorch's errors (a CUDA device lost, ...)
            a.error = e.what();
        }
        a.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        return a;
    }

private:
    std::unique_ptr<Generator> m_generator;
};

}  // namespace

std::unique_ptr<DecisionBackend> embeddedBackend(const std::filesystem::path& checkpoint, const GeneratorOptions& options,
                                                 std::string* error) {
    auto generator = Generator::load(checkpoint, options, error);
    if (!generator) return nullptr;
    return std::make_unique<EmbeddedBackend>(std::move(generator));
}

}  // namespace corevla::model
