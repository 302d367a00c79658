// SPDX-License-Identifier: MIT
#include "model/tokenizer.h"

#include <simdjson.h>

#include <algorithm>
#include <unordered_map>

#include "storage/json_writer.h"

namespace corevla::model {
namespace {

constexpr int kFormatVersion = 1;

enum class CharClass { Space, Letter, Digit, Other };

CharClass classOf(unsigned char c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return CharClass::Space;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80) return CharClass::Letter;
    if (c >= '0' && c <= '9') return CharClass::Digit;
    return CharClass::Other;
}

struct PairHash {
    std::size_t operator()(const std::pair<int, int>& p) const { return std::size_t(p.first) * 1000003u ^ std::size_t(p.second); }
};

}  // namespace

std::vector<std::string_view> pretokenize(std::string_view text) {
    std::vector<std::string_view> chunks;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        if (text[i] == ' ' && i + 1 < text.size() && classOf(text[i + 1]) != CharClass::Space) ++i;
        const CharClass kind = classOf(text[i]);
        ++i;
        if (kind != CharClass::Space)
            while (i < text.size() && classOf(text[i]) == kind) ++i;
        chunks.push_back(text.substr(start, i - start));
    }
    return chunks;
}

Tokenizer Tokenizer::train(const std::vector<std::string>& texts, int vocabSize) {
    // Each distinct chunk once, with how often it occurs.
    std::map<std::string, long> counts;
    for (const std::string& t : texts)
        for (std::string_view c : pretokenize(t)) ++counts[std::string(c)];
    struct Word {
        std::vector<int> ids;
        long count;
    };
    std::vector<Word> words;
    words.reserve(counts.size());
    for (const auto& [chunk, count] : counts) {
        Word w{{}, count};
        for (unsigned char c : chunk) w.ids.push_back(kFirstByte + c);
        words.push_back(std::move(w));
    }
    Tokenizer tok;
    while (tok.size() < vocabSize) {
        std::unordered_map<std::pair<int, int>, long, PairHash> pairs;
        for (const Word& w : words)
            for (std::size_t k = 0; k + 1 < w.ids.size(); ++k) pairs[{w.ids[k], w.ids[k + 1]}] += w.count;
        std::pair<int, int> best{-1, -1};
        long bestCount = 1;
        for (const auto& [p, n] : pairs)
            if (n > bestCount || (n == bestCount && best.first >= 0 && p < best)) best = p, bestCount = n;
        if (best.first < 0) break;  // nothing occurs twice
        const int id = tok.size();
        tok.m_merges.push_back(best);
        for (Word& w : words) {
            std::vector<int> merged;
            merged.reserve(w.ids.size());
            for (std::size_t k = 0; k < w.ids.size(); ++k) {
                if (k + 1 < w.ids.size() && w.ids[k] == best.first && w.ids[k + 1] == best.second) {
                    merged.push_back(id);
                    ++k;
                } else {
                    merged.push_back(w.ids[k]);
                }
            }
            w.ids = std::move(merged);
        }
    }
    tok.index();
    return tok;
}

void Tokenizer::index() {
    m_rank.clear();
    m_bytes.assign(std::size_t(size()), std::string());
    for (int b = 0; b < 256; ++b) m_bytes[std::size_t(kFirstByte + b)] = std::string(1, char(b));
    for (std::size_t i = 0; i < m_merges.size(); ++i) {
        m_rank[m_merges[i]] = int(i);
        m_bytes[kBaseSize + i] = m_bytes[std::size_t(m_merges[i].first)] + m_bytes[std::size_t(m_merges[i].second)];
    }
}

std::vector<int> Tokenizer::encodeChunk(std::string_view chunk) const {
    std::vector<int> ids;
    for (unsigned char c : chunk) ids.push_back(kFirstByte + c);
    // Apply the earliest-learned merge present until none applies: the order
    // training merged in, so a training text encodes as it was learned.
    while (ids.size() > 1) {
        int bestRank = -1;
        std::size_t at = 0;
        for (std::size_t k = 0; k + 1 < ids.size(); ++k) {
            const auto it = m_rank.find({ids[k], ids[k + 1]});
            if (it != m_rank.end() && (bestRank < 0 || it->second < bestRank)) bestRank = it->second, at = k;
        }
        if (bestRank < 0) break;
        ids[at] = kBaseSize + bestRank;
        ids.erase(ids.begin() + std::ptrdiff_t(at) + 1);
    }
    return ids;
}

std::vector<int> Tokenizer::encode(std::string_view text) const {
    std::vector<int> ids;
    for (std::string_view chunk : pretokenize(text)) {
        const std::vector<int> part = encodeChunk(chunk);
        ids.insert(ids.end(), part.begin(), part.end());
    }
    return ids;
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
    std::string text;
    for (int id : ids)
        if (id >= kFirstByte && id < size()) text += m_bytes[std::size_t(id)];
    return text;
}

std::string Tokenizer::toJson() const {
    JsonWriter w;
    w.beginObject().key("format").str("corevla-bpe").key("version").integer(kFormatVersion);
    w.key("vocab_size").integer(size()).key("merges").beginArray();
    for (const auto& [a, b] : m_merges) w.beginArray().integer(a).integer(b).endArray();
    w.endArray().endObject();
    return w.take() + "\n";
}

std::optional<Tokenizer> Tokenizer::fromJson(std::string_view json, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<Tokenizer> {
        if (error) *error = why;
        return std::nullopt;
    };
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(json.data(), json.size()).get(root)) return fail("not JSON");
    std::string_view format;
    int64_t version = 0;
    simdjson::dom::array merges;
    if (root["format"].get(format) || format != "corevla-bpe") return fail("not a corevla-bpe tokenizer");
    if (root["version"].get(version)) return fail("no version");
    if (version > kFormatVersion)
        return fail("tokenizer format version " + std::to_string(version) + " is newer than this build reads (" +
                    std::to_string(kFormatVersion) + ")");
    if (root["merges"].get(merges)) return fail("no merges");
    Tokenizer tok;
    for (simdjson::dom::element m : merges) {
        simdjson::dom::array ab;
        int64_t a = 0, b = 0;
        if (m.get(ab) || ab.size() != 2 || ab.at(0).get(a) || ab.at(1).get(b)) return fail("a merge is not two ids");
        const int64_t next = tok.size();
        if (a < kFirstByte || b < kFirstByte || a >= next || b >= next) return fail("merge " + std::to_string(next) + " names an unknown id");
        tok.m_merges.emplace_back(int(a), int(b));
    }
    tok.index();
    return tok;
}

}  // namespace corevla::model
