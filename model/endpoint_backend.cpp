// SPDX-License-Identifier: MIT
// A served model behind an OpenAI-compatible chat endpoint as a back end:
// one user message, the frames as base64 JPEG `image_url` parts followed by
// the question, greedy (temperature 0); the answer is choices[0].message.content.
#include <chrono>
#include <cstdlib>

#include <simdjson.h>

#include "importers/common/meta_action.h"
#include "model/decision_backend.h"
#include "dataset/prompt_text.h"
#include "model/http_client.h"
#include "storage/json_writer.h"

namespace corevla::model {
namespace {

std::string base64(const std::string& bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 | (unsigned char)bytes[i + 2];
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
    }
    if (i < bytes.size()) {
        unsigned v = (unsigned char)bytes[i] << 16;
        if (i + 1 < bytes.size()) v |= (unsigned char)bytes[i + 1] << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string excerpt(const std::string& text) {
    std::string one = text.substr(0, 200);
    for (char& c : one)
        if (c == '\n' || c == '\r') c = ' ';
    return one + (text.size() > 200 ? "..." : "");
}

class EndpointBackend final : public DecisionBackend {
public:
    explicit EndpointBackend(EndpointOptions options) : m_options(std::move(options)) {
        while (!m_options.baseUrl.empty() && m_options.baseUrl.back() == '/') m_options.baseUrl.pop_back();
    }

    int concurrency() const override { return m_options.concurrency; }

    BackendAnswer decide(const std::vector<std::string>& images, const std::string& question) override {
        BackendAnswer a;
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::string> headers;
        if (!m_options.apiKeyEnv.empty()) {
            const char* key = std::getenv(m_options.apiKeyEnv.c_str());
            if (!key || !*key) {
                a.error = "the API key variable " + m_options.apiKeyEnv + " is not set";
                return a;
            }
            headers.push_back(std::string("Authorization: Bearer ") + key);
        }
        const std::string url = m_options.baseUrl + "/chat/completions";
        const HttpResponse r = httpPostJson(url, requestBody(images, question), headers, m_options.timeoutS);
        a.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (!r.error.empty()) {
            a.error = r.error;
        } else if (r.status != 200) {
            a.error = url + ": HTTP " + std::to_string(r.status) + (r.body.empty() ? "" : ": " + excerpt(r.body));
        } else if (!readContent(r.body, a.text)) {
            a.error = url + ": not a chat completion: " + excerpt(r.body);
        } else {
            a.action = importers::parseMetaAction(a.text, {});
            a.hasAction = !a.action.speed.empty() && !a.action.direction.empty();
            if (!a.hasAction) a.error = "the answer states no meta-action";
        }
        return a;
    }

private:
    std::string requestBody(const std::vector<std::string>& images, const std::string& question) const {
        JsonWriter w;
        w.beginObject().key("model").str(m_options.model).key("temperature").integer(0).key("max_tokens").integer(m_options.maxTokens);
        w.key("messages").beginArray().beginObject().key("role").str("user").key("content").beginArray();
        for (const std::string& image : images) {
            w.beginObject().key("type").str("image_url").key("image_url").beginObject();
            w.key("url").str("data:image/jpeg;base64," + base64(image)).endObject().endObject();
        }
        w.beginObject().key("type").str("text").key("text").str(dataset::questionFromPrompt(question, {})).endObject();
        w.endArray().endObject().endArray().endObject();
        return w.take();
    }

    static bool readContent(const std::string& body, std::string& text) {
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        if (parser.parse(body).get(doc)) return false;
        simdjson::dom::array choices;
        if (doc["choices"].get_array().get(choices) || choices.size() == 0) return false;
        std::string_view content;
        if (choices.at(0)["message"]["content"].get_string().get(content)) return false;
        text = std::string(content);
        return true;
    }

    EndpointOptions m_options;
};

}  // namespace

std::unique_ptr<DecisionBackend> endpointBackend(const EndpointOptions& options) { return std::make_unique<EndpointBackend>(options); }

}  // namespace corevla::model
