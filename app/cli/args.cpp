// SPDX-License-Identifier: MIT
#include "args.h"

#include <cstdlib>

namespace corevla::cli {

Args::Args(int argc, char** argv, int first, std::set<std::string> flags) {
    for (int i = first; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            m_positional.push_back(arg);
            continue;
        }
        const std::string key = arg.substr(2);
        if (flags.count(key)) {
            m_flags.insert(key);
        } else if (i + 1 < argc) {
            m_values[key].push_back(argv[++i]);
        } else {
            m_error = arg + " needs a value";
        }
    }
}

std::optional<std::string> Args::value(const std::string& key) const {
    auto it = m_values.find(key);
    if (it == m_values.end()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::values(const std::string& key) const {
    auto it = m_values.find(key);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

std::string Args::value(const std::string& key, const std::string& fallback) const {
    return value(key).value_or(fallback);
}

std::optional<long long> Args::integer(const std::string& key) const {
    const auto text = value(key);
    if (!text) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(text->c_str(), &end, 10);
    if (end == text->c_str() || *end) return std::nullopt;
    return v;
}

std::optional<double> Args::number(const std::string& key) const {
    const auto text = value(key);
    if (!text) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (end == text->c_str() || *end) return std::nullopt;
    return v;
}

}  // namespace corevla::cli
