// SPDX-License-Identifier: MIT
#include "dataset/prompt_text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace corevla::dataset {
namespace {

struct Escape {
    std::string_view token, written;
};
constexpr std::array<Escape, 3> kEscapes{{{"<image>", "[image]"}, {"<video>", "[video]"}, {"<audio>", "[audio]"}}};

bool endsWithImageExtension(std::string_view path) {
    std::string lower(path.substr(path.size() > 5 ? path.size() - 5 : 0));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (std::string_view ext : {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif"})
        if (lower.size() >= ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) return true;
    return false;
}

// The length of the path text right after the k-th token at `rest`, 0 if none.
std::size_t pathTextAfter(std::string_view rest, const std::vector<std::string>& images, std::size_t k) {
    if (k < images.size() && !images[k].empty() && rest.starts_with(images[k])) return images[k].size();
    std::size_t end = 0;
    while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end])) &&
           !rest.substr(end).starts_with(kImageToken))
        ++end;
    return end > 0 && endsWithImageExtension(rest.substr(0, end)) ? end : 0;
}

}  // namespace

std::size_t countToken(std::string_view text, std::string_view token) {
    std::size_t n = 0;
    for (std::size_t at = text.find(token); at != std::string_view::npos; at = text.find(token, at + token.size())) ++n;
    return n;
}

int escapeMediaTokens(std::string& text) {
    int replaced = 0;
    for (const Escape& e : kEscapes)
        for (std::size_t at = text.find(e.token); at != std::string::npos; at = text.find(e.token, at + e.written.size())) {
            text.replace(at, e.token.size(), e.written);
            ++replaced;
        }
    return replaced;
}

bool hasMediaToken(std::string_view text) {
    return std::any_of(kEscapes.begin(), kEscapes.end(),
                       [&](const Escape& e) { return text.find(e.token) != std::string_view::npos; });
}

std::string composePrompt(std::size_t images, std::string_view question) {
    std::string text;
    text.reserve(images * kImageToken.size() + 1 + question.size());
    for (std::size_t i = 0; i < images; ++i) text += kImageToken;
    if (images) text += '\n';
    text += question;
    return text;
}

std::string questionFromPrompt(std::string_view text, const std::vector<std::string>& images) {
    std::string question;
    std::size_t k = 0, at = 0;
    bool leading = true;  // only tokens (and their path text) so far
    while (at < text.size()) {
        if (text.substr(at).starts_with(kImageToken)) {
            at += kImageToken.size();
            at += pathTextAfter(text.substr(at), images, k++);
            continue;
        }
        if (leading && k > 0 && text[at] == '\n') {  // composePrompt's separator, or one between tokens
            ++at;
            if (text.substr(at).starts_with(kImageToken)) continue;
        }
        leading = false;
        const std::size_t next = std::min(text.find(kImageToken, at), text.size());
        question.append(text.substr(at, next - at));
        at = next;
    }
    return question;
}

}  // namespace corevla::dataset
