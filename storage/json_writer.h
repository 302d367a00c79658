// SPDX-License-Identifier: MIT
// A small streaming JSON writer: the formats we write are simple and the
// parsers we use (simdjson) are read-only.
#pragma once

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace corevla {

class JsonWriter {
public:
    JsonWriter& beginObject() { value(); m_out += '{'; m_first.push_back(true); return *this; }
    JsonWriter& endObject() { m_out += '}'; m_first.pop_back(); return *this; }
    JsonWriter& beginArray() { value(); m_out += '['; m_first.push_back(true); return *this; }
    JsonWriter& endArray() { m_out += ']'; m_first.pop_back(); return *this; }

    JsonWriter& key(std::string_view k) {
        comma();
        appendString(k);
        m_out += ':';
        m_afterKey = true;
        return *this;
    }
    JsonWriter& str(std::string_view s) { value(); appendString(s); return *this; }
    JsonWriter& boolean(bool b) { value(); m_out += b ? "true" : "false"; return *this; }
    JsonWriter& null() { value(); m_out += "null"; return *this; }
    JsonWriter& integer(long long v) { value(); m_out += std::to_string(v); return *this; }
    // Short text that reads back as the same double (15 digits when they
    // suffice, else 17), or at most `precision` digits; NaN/inf become null.
    JsonWriter& number(double v, int precision = 17) {
        value();
        if (!std::isfinite(v)) { m_out += "null"; return *this; }
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.*g", std::min(precision, 15), v);
        if (precision > 15 && std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        m_out += buf;
        return *this;
    }
    // Write already-serialised JSON as a value.
    JsonWriter& raw(std::string_view json) { value(); m_out += json; return *this; }

    const std::string& str() const { return m_out; }
    std::string take() { return std::move(m_out); }

private:
    void comma() {
        if (m_first.empty()) return;
        if (!m_first.back()) m_out += ',';
        m_first.back() = false;
    }
    void value() {
        if (m_afterKey) { m_afterKey = false; return; }
        comma();
    }
    // JSON is UTF-8: a byte that does not start a well-formed sequence (a
    // model's byte-level tokens can make such text) is written as U+FFFD.
    static std::size_t utf8Length(std::string_view s, std::size_t i) {
        const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
        const unsigned char c = byte(i);
        const std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        if (n == 0 || i + n > s.size()) return 0;
        for (std::size_t k = 1; k < n; ++k)
            if ((byte(i + k) & 0xC0) != 0x80) return 0;
        const unsigned char d = byte(i + 1);
        if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F)) return 0;
        return n;  // not overlong, no surrogate, at most U+10FFFF
    }
    void appendString(std::string_view s) {
        m_out += '"';
        for (std::size_t i = 0; i < s.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            switch (c) {
            case '"': m_out += "\\\""; break;
            case '\\': m_out += "\\\\"; break;
            case '\n': m_out += "\\n"; break;
            case '\r': m_out += "\\r"; break;
            case '\t': m_out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    m_out += buf;
                } else if (c < 0x80) {
                    m_out += static_cast<char>(c);
                } else if (const std::size_t n = utf8Length(s, i)) {
                    m_out.append(s.substr(i, n));
                    i += n - 1;
                } else {
                    m_out += "\\ufffd";
                }
            }
        }
        m_out += '"';
    }

    std::string m_out;
    std::vector<bool> m_first;
    bool m_afterKey = false;
};

}  // namespace corevla
