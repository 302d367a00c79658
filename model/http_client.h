// SPDX-License-Identifier: MIT
// The one HTTP request the endpoint back end makes: a POST of JSON to a
// plain http:// URL, with a deadline on the whole exchange. Served models
// (vLLM, llama.cpp's server, ...) listen on plain HTTP on the machine or
// through an SSH tunnel; https:// is refused by name, not half-supported.
#pragma once

#include <string>
#include <vector>

namespace corevla::model {

struct HttpResponse {
    int status = 0;      // 0: no answer (error says why)
    std::string body;
    std::string error;   // "cannot connect to host:port: ...", "no answer within 30 s", ...
};

// headers: "Name: value" lines without CRLF.
HttpResponse httpPostJson(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                          double timeoutS);

}  // namespace corevla::model
