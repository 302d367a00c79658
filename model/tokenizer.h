// SPDX-License-Identifier: MIT
// Byte-level BPE, trained on the project's own text and saved with the
// model. Bytes are the base vocabulary, so any text encodes (no unknown
// token) and decoding gives back exactly the bytes that were encoded.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corevla::model {

class Tokenizer {
public:
    // Special ids come first: padding, begin, end of the answer, and the
    // separator between prompt and answer. Then the 256 bytes, then merges.
    static constexpr int kPad = 0, kBos = 1, kEos = 2, kSep = 3, kFirstByte = 4;
    static constexpr int kBaseSize = kFirstByte + 256;

    // Learns merges from `texts` until `vocabSize` ids or no pair occurs
    // twice. Deterministic: ties go to the smallest pair of ids.
    static Tokenizer train(const std::vector<std::string>& texts, int vocabSize);

    std::vector<int> encode(std::string_view text) const;
    std::string decode(const std::vector<int>& ids) const;  // specials are left out
    int size() const { return kBaseSize + int(m_merges.size()); }

    std::string toJson() const;
    // nullopt and *error set when the text is not a tokenizer of ours.
    static std::optional<Tokenizer> fromJson(std::string_view json, std::string* error);

    bool operator==(const Tokenizer& other) const { return m_merges == other.m_merges; }

private:
    std::vector<std::pair<int, int>> m_merges;  // id kBaseSize + i = merge i
    std::map<std::pair<int, int>, int> m_rank;  // pair -> merge index
    std::vector<std::string> m_bytes;           // id -> the bytes it stands for
    void index();
    std::vector<int> encodeChunk(std::string_view chunk) const;
};

// The chunks BPE merges within (never across): an optional leading space and
// a run of letters, of digits, or of other non-space characters; other
// whitespace stands alone. Exposed for tests.
std::vector<std::string_view> pretokenize(std::string_view text);

}  // namespace corevla::model
