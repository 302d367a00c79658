// SPDX-License-Identifier: MIT
// Minimal "--key value" / "--flag" / positional argument parsing.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corevla::cli {

class Args {
public:
    // flags: options that take no value.
    Args(int argc, char** argv, int first, std::set<std::string> flags);
    std::optional<std::string> value(const std::string& key) const;
    std::string value(const std::string& key, const std::string& fallback) const;
    // Every value of a key given more than once (`--model A --model B`), in order;
    // value() gives the last.
    std::vector<std::string> values(const std::string& key) const;
    bool flag(const std::string& key) const { return m_flags.count(key) > 0; }
    const std::vector<std::string>& positional() const { return m_positional; }
    // "missing --x" or "--x needs a value" etc.; empty when fine.
    const std::string& error() const { return m_error; }
    std::optional<long long> integer(const std::string& key) const;
    std::optional<double> number(const std::string& key) const;  // nullopt when absent or not a number

private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
    std::string m_error;
};

}  // namespace corevla::cli
