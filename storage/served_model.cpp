// SPDX-License-Identifier: MIT
#include "storage/served_model.h"

#include <cstdio>
#include <cstdlib>

namespace corevla {

std::optional<ServedModel> parseServedModel(const std::string& spec, std::string* error) {
    if (spec.rfind("openai:", 0) != 0) return std::nullopt;
    const auto at = spec.find('@');
    if (at == std::string::npos || at == 7)
        return *error = "\"" + spec + "\": a served model is openai:MODEL@http://HOST:PORT/v1", std::nullopt;
    ServedModel e;
    e.model = spec.substr(7, at - 7);
    const auto query = spec.find('?', at);
    e.baseUrl = spec.substr(at + 1, query == std::string::npos ? std::string::npos : query - at - 1);
    for (std::size_t from = query; from != std::string::npos && from < spec.size();) {
        const auto end = spec.find('&', from + 1);
        const std::string pair = spec.substr(from + 1, end == std::string::npos ? std::string::npos : end - from - 1);
        from = end;
        const auto eq = pair.find('=');
        const std::string key = pair.substr(0, eq), value = eq == std::string::npos ? "" : pair.substr(eq + 1);
        char* rest = nullptr;
        const double number = std::strtod(value.c_str(), &rest);
        const bool isNumber = !value.empty() && rest && *rest == '\0';
        if (key == "api_key_env" && !value.empty()) e.apiKeyEnv = value;
        else if (key == "timeout" && isNumber && number > 0 && number <= 86400) e.timeoutS = number;
        else if (key == "concurrency" && isNumber && number >= 1 && number <= 64 && number == int(number)) e.concurrency = int(number);
        else
            return *error = "\"" + spec + "\": \"" + pair +
                            "\" is not a setting (api_key_env=VAR, timeout=1..86400 seconds, concurrency=1..64)",
                   std::nullopt;
    }
    return e;
}

std::string servedModelSpec(const ServedModel& e) {
    std::string spec = "openai:" + e.model + "@" + e.baseUrl, settings;
    const auto add = [&](const std::string& pair) { settings += (settings.empty() ? "?" : "&") + pair; };
    if (!e.apiKeyEnv.empty()) add("api_key_env=" + e.apiKeyEnv);
    if (e.timeoutS != ServedModel{}.timeoutS) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", e.timeoutS);
        add(std::string("timeout=") + buf);
    }
    if (e.concurrency != 1) add("concurrency=" + std::to_string(e.concurrency));
    return spec + settings;
}

}  // namespace corevla
