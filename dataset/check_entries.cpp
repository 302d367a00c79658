// SPDX-License-Identifier: MIT
#include "dataset/check_entries.h"

#include <algorithm>
#include <cctype>

#include "dataset/prompt_text.h"
#include "importers/media/image_header.h"

namespace corevla::dataset {
namespace fs = std::filesystem;
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }
std::string at(std::string_view key, std::size_t i) { return std::string(key) + "[" + std::to_string(i) + "]"; }

std::string lowerExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    return ext;
}

// LLaMA-Factory joins a relative path to media_dir when that names a file,
// else uses it as given — relative to wherever the trainer was started.
void checkImagePath(std::string_view path, const std::string& where, long index, EntryContext& c) {
    const fs::path p{std::string(path)};
    const fs::path resolved = p.is_absolute() ? p : c.dir / p;
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec)) {
        if (p.is_relative() && fs::is_regular_file(p, ec))
            c.problem(index, where + " " + inQuotes(path) + " resolves only from the current directory, not under the dataset folder");
        else
            c.problem(index, where + " " + inQuotes(path) + " does not resolve to a file under the dataset folder");
        return;
    }
    const std::string ext = lowerExtension(p);
    if ((ext == ".jpg" || ext == ".jpeg" || ext == ".png") && !importers::imageSize(resolved))
        c.problem(index, where + " " + inQuotes(path) + " is not a readable JPEG or PNG image");
    ++c.imageCount;
}

// The images column: a list of paths; returns how many (-1: not a list).
long checkImages(object entry, const std::string& key, long index, EntryContext& c) {
    element images;
    if (key.empty() || entry[key].get(images)) return 0;
    array list;
    if (images.get(list)) {
        c.problem(index, images.is_string() ? key + " is a string, not a list: the trainer takes each character for a path"
                                            : key + " is not a list of paths");
        return -1;
    }
    std::size_t k = 0;
    for (element item : list) {
        std::string_view path;
        if (item.get(path)) c.problem(index, at(key, k) + " is not a path (a string)");
        else {
            checkImagePath(path, at(key, k), index, c);
            if (c.images) c.images->emplace_back(path);
        }
        ++k;
    }
    return long(k);
}

void checkOtherTokens(std::string_view text, object entry, const std::string& where, long index, EntryContext& c) {
    for (const char* token : {"<video>", "<audio>"}) {
        const std::string column = std::string(token).substr(1, 5) + "s";
        element ignored;
        if (text.find(token) != std::string_view::npos && entry[column].get(ignored))
            c.problem(index, std::string("a ") + token + " token in " + where + " but no " + column + ": the trainer counts it against them");
    }
}

// One sharegpt message: its role and content; false (reported) when malformed.
bool turnOf(element turn, const SharegptSpec& s, const std::string& where, long index, EntryContext& c,
            std::string_view& role, std::string_view& content) {
    object o;
    if (turn.get(o)) {
        c.problem(index, where + " is not an object {" + inQuotes(s.roleTag) + ", " + inQuotes(s.contentTag) + "}");
        return false;
    }
    if (o[s.roleTag].get(role)) {
        c.problem(index, where + " has no " + inQuotes(s.roleTag) + " (a string)");
        return false;
    }
    if (o[s.contentTag].get(content)) {
        c.problem(index, where + " has no " + inQuotes(s.contentTag) + " (a string)");
        return false;
    }
    return true;
}

void checkAnswer(object entry, const std::string& key, const SharegptSpec& s, long index, EntryContext& c) {
    element answer;
    if (key.empty() || entry[key].get(answer)) {
        c.problem(index, (key.empty() ? std::string("the answer") : inQuotes(key)) + " is missing");
        return;
    }
    std::string_view role, content;
    if (!turnOf(answer, s, key, index, c, role, content)) return;
    if (role != s.assistantTag) c.problem(index, key + " has role " + inQuotes(role) + ", not " + inQuotes(s.assistantTag));
    if (countToken(content, kImageToken)) c.problem(index, "a <image> token in " + key + ": only the prompt may hold them");
    checkOtherTokens(content, entry, key, index, c);
}

// TRL message content: a string, or parts {"type": "image"} / {"type": "text", "text"}.
// Returns the image parts; text parts' strings go to texts.
long contentParts(element content, const std::string& where, long index, EntryContext& c, std::vector<std::string_view>& texts) {
    std::string_view text;
    if (!content.get(text)) {
        texts.push_back(text);
        return 0;
    }
    array parts;
    if (content.get(parts)) {
        c.problem(index, where + " is neither a string nor a list of parts");
        return 0;
    }
    long images = 0;
    std::size_t k = 0;
    for (element part : parts) {
        std::string_view type;
        const std::string name = at(where, k++);
        if (part["type"].get(type)) c.problem(index, name + " has no \"type\"");
        else if (type == "image") ++images;
        else if (type != "text") c.problem(index, name + " has type " + inQuotes(type) + " (image or text expected)");
        else if (part["text"].get(text)) c.problem(index, name + " has no \"text\" (a string)");
        else texts.push_back(text);
    }
    return images;
}

// A TRL conversational message list; returns its image parts, -1 when it is not one.
long trlMessages(object entry, const char* key, long index, EntryContext& c, std::vector<std::string_view>& texts,
                 std::string_view& lastRole) {
    array messages;
    if (entry[key].get(messages)) return -1;
    long images = 0;
    std::size_t i = 0;
    for (element message : messages) {
        const std::string where = at(key, i++);
        element content;
        if (message["role"].get(lastRole)) c.problem(index, where + " has no \"role\" (a string)");
        if (message["content"].get(content)) c.problem(index, where + " has no \"content\"");
        else images += contentParts(content, where + ".content", index, c, texts);
    }
    if (messages.size() == 0) c.problem(index, std::string(key) + " is empty");
    return images;
}

}  // namespace

void EntryContext::problem(long entry, std::string message) const {
    problems->push_back({file, entry, std::move(message)});
}

void checkSharegptEntry(element entry, long index, const SharegptSpec& s, EntryContext& c) {
    object o;
    if (entry.get(o)) {
        c.problem(index, "is not an object");
        return;
    }
    element ignored;
    if (s.images.empty() && !o["images"].get(ignored))
        c.problem(index, "has images but dataset_info.json names no images column: LLaMA-Factory drops them");
    const long images = checkImages(o, s.images, index, c);
    array turns;
    if (o[s.messages].get(turns)) {
        c.problem(index, inQuotes(s.messages) + (o[s.messages].get(ignored) ? " is missing" : " is not a list"));
        return;
    }
    long promptTokens = 0;
    std::size_t position = 0, i = 0;
    for (element turn : turns) {
        const std::string where = at(s.messages, i++);
        std::string_view role, content;
        if (!turnOf(turn, s, where, index, c, role, content)) return;
        checkOtherTokens(content, o, where, index, c);
        if (i == 1 && role == s.systemTag) continue;
        const std::string& expected = position++ % 2 == 0 ? s.userTag : s.assistantTag;
        if (role != expected)
            c.problem(index, where + " has role " + inQuotes(role) + " where " + inQuotes(expected) + " must be: LLaMA-Factory skips the example");
        if (role == s.userTag) promptTokens += long(countToken(content, kImageToken));
        else if (countToken(content, kImageToken)) c.problem(index, "a <image> token in " + where + ": only the user's turns may hold them");
    }
    if (s.ranking) {
        if (position % 2 == 0)
            c.problem(index, inQuotes(s.messages) + " must end with the " + inQuotes(s.userTag) + " turn: the prompt of a ranking example");
        checkAnswer(o, s.chosen, s, index, c);
        checkAnswer(o, s.rejected, s, index, c);
    } else if (position == 0 || position % 2 == 1) {
        c.problem(index, inQuotes(s.messages) + " must end with the " + inQuotes(s.assistantTag) + " turn");
    }
    if (images >= 0 && promptTokens != images)
        c.problem(index, std::to_string(promptTokens) + " <image> token(s) in the prompt for " + std::to_string(images) + " image(s)");
}

void checkTrlEntry(element entry, long index, EntryContext& c) {
    object o;
    if (entry.get(o)) {
        c.problem(index, "is not an object");
        return;
    }
    const long images = checkImages(o, "images", index, c);
    std::vector<std::string_view> promptTexts, answerTexts;
    std::string_view role;
    const long promptImages = trlMessages(o, "prompt", index, c, promptTexts, role);
    element prompt;
    if (o["prompt"].get(prompt)) {
        c.problem(index, "\"prompt\" is missing");
        return;
    }
    const bool conversational = promptImages >= 0;
    if (conversational && role != "user") c.problem(index, "the prompt's last message is " + inQuotes(role) + "'s, not the user's");
    if (!conversational && !prompt.is_string()) c.problem(index, "\"prompt\" is neither a string nor a list of messages");
    if (!conversational && images > 0)
        c.problem(index, "\"prompt\" is a plain string: images need the conversational form with {\"type\": \"image\"} parts");
    for (const char* key : {"chosen", "rejected"}) {
        std::string_view answerRole;
        const long answerImages = trlMessages(o, key, index, c, answerTexts, answerRole);
        element answer;
        if (o[key].get(answer)) {
            c.problem(index, inQuotes(key) + " is missing");
            continue;
        }
        if (conversational && answerImages < 0) c.problem(index, inQuotes(key) + " is not a list of messages like the prompt");
        else if (!conversational && !answer.is_string()) c.problem(index, inQuotes(key) + " is not a string like the prompt");
        else if (answerImages > 0) c.problem(index, "an image part in " + inQuotes(key) + ": only the prompt may hold them");
        else if (answerImages >= 0 && answerRole != "assistant")
            c.problem(index, inQuotes(key) + "'s message is " + inQuotes(answerRole) + "'s, not the assistant's");
        std::string_view text;
        if (!answer.get(text)) answerTexts.push_back(text);
    }
    std::string_view promptText;
    if (!prompt.get(promptText)) promptTexts.push_back(promptText);
    const auto literal = [](const std::vector<std::string_view>& texts) {
        return std::any_of(texts.begin(), texts.end(), [](std::string_view t) { return hasMediaToken(t); });
    };
    if (literal(promptTexts) || literal(answerTexts))
        c.problem(index, "a literal <image>, <video> or <audio> in a text: the processor takes it for a media token");
    if (conversational && images >= 0 && promptImages != images)
        c.problem(index, std::to_string(promptImages) + " image part(s) in the prompt for " + std::to_string(images) + " image(s)");
}

}  // namespace corevla::dataset
