// SPDX-License-Identifier: MIT
#include "trainer/text_metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace corevla::trainer {
namespace {

// UTF-8 to code points; a byte that does not decode stands for itself.
std::u32string codePoints(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        char32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
        bool ok = i + std::size_t(extra) < s.size() + (extra == 0);
        for (int k = 1; ok && k <= extra; ++k) {
            const unsigned char next = static_cast<unsigned char>(s[i + std::size_t(k)]);
            ok = (next & 0xC0) == 0x80;
            cp = (cp << 6) | (next & 0x3F);
        }
        if (!ok) cp = c, ++i;
        else i += std::size_t(extra) + 1;
        out.push_back(cp);
    }
    return out;
}

double fScore(double matches, double hypCount, double refCount) {
    if (hypCount == 0 || refCount == 0) return 0;
    const double p = matches / hypCount, r = matches / refCount;
    return 100.0 * 2 * p * r / (p + r + 1e-8);
}

bool isWordChar(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

}  // namespace

double bleu4(std::string_view hypothesis, std::string_view reference) {
    const std::u32string hyp = codePoints(hypothesis), ref = codePoints(reference);
    if (hyp.empty()) return 0;
    double logSum = 0;
    int zeros = 0;
    for (std::size_t n = 1; n <= 4; ++n) {
        std::map<std::u32string, int> refCounts, hypCounts;
        for (std::size_t i = 0; i + n <= ref.size(); ++i) ++refCounts[ref.substr(i, n)];
        for (std::size_t i = 0; i + n <= hyp.size(); ++i) ++hypCounts[hyp.substr(i, n)];
        int matches = 0, total = 0;
        for (const auto& [gram, count] : hypCounts) {
            total += count;
            const auto it = refCounts.find(gram);
            if (it != refCounts.end()) matches += std::min(count, it->second);
        }
        const double denominator = std::max(1, total);
        if (matches == 0 && n == 1) return 0;
        // Method 3: the k-th order without a match counts 1 / (2^k denominator).
        const double p = matches > 0 ? matches / denominator : 1.0 / (std::pow(2.0, ++zeros) * denominator);
        logSum += 0.25 * std::log(p);
    }
    const double c = double(hyp.size()), r = double(ref.size());
    const double brevity = c > r ? 1.0 : std::exp(1.0 - r / c);
    return 100.0 * brevity * std::exp(logSum);
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (std::isspace(c)) {
            ++i;
            continue;
        }
        if (!isWordChar(c)) {
            out.emplace_back(1, text[i++]);
            continue;
        }
        std::size_t j = i;
        while (j < text.size()) {
            const unsigned char d = static_cast<unsigned char>(text[j]);
            if (isWordChar(d)) {
                ++j;
            } else if (d == '.' && j > i && std::isdigit(static_cast<unsigned char>(text[j - 1])) && j + 1 < text.size() &&
                       std::isdigit(static_cast<unsigned char>(text[j + 1]))) {
                ++j;  // 3.5
            } else if (d == '%' && std::isdigit(static_cast<unsigned char>(text[j - 1]))) {
                ++j;  // 20%
                break;
            } else {
                break;
            }
        }
        out.emplace_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

double rouge1(std::string_view hypothesis, std::string_view reference) {
    const auto h = words(hypothesis), r = words(reference);
    const std::set<std::string> hs(h.begin(), h.end()), rs(r.begin(), r.end());
    std::size_t overlap = 0;
    for (const std::string& w : hs) overlap += rs.count(w);
    return fScore(double(overlap), double(hs.size()), double(rs.size()));
}

double rougeL(std::string_view hypothesis, std::string_view reference) {
    const auto h = words(hypothesis), r = words(reference);
    std::vector<std::size_t> row(r.size() + 1, 0), prev(r.size() + 1, 0);
    for (std::size_t i = 1; i <= h.size(); ++i) {
        for (std::size_t j = 1; j <= r.size(); ++j)
            row[j] = h[i - 1] == r[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], row[j - 1]);
        std::swap(row, prev);
    }
    return fScore(double(prev[r.size()]), double(h.size()), double(r.size()));
}

}  // namespace corevla::trainer
