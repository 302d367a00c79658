// SPDX-License-Identifier: MIT
#include "model/http_client.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace corevla::model {
namespace {

using Clock = std::chrono::steady_clock;

struct Url {
    std::string host, port = "80", path = "/";
};

bool parseUrl(const std::string& url, Url& out, std::string& error) {
    constexpr std::string_view kScheme = "http://";
    if (url.rfind("https://", 0) == 0) return error = url + ": https is not supported; reach the server over http (an SSH tunnel keeps it private)", false;
    if (url.rfind(kScheme, 0) != 0) return error = url + ": not an http:// URL", false;
    const std::string rest = url.substr(kScheme.size());
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) out.path = rest.substr(slash);
    // "[::1]:8000": an IPv6 address in brackets, which getaddrinfo takes without.
    const auto close = authority[0] == '[' ? authority.find(']') : std::string::npos;
    const auto colon = authority.find(':', close == std::string::npos ? 0 : close);
    out.host = close != std::string::npos ? authority.substr(1, close - 1) : authority.substr(0, colon);
    if (colon != std::string::npos) out.port = authority.substr(colon + 1);
    if (out.host.empty() || out.port.empty()) return error = url + ": no host", false;
    return true;
}

std::string seconds(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", s);
    return text;
}

int millisecondsLeft(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return int(std::clamp<long long>(left, 0, 86400000));
}

// Waits for `events` on fd until the deadline; false on timeout or error.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    pollfd p{fd, events, 0};
    for (;;) {
        const int r = ::poll(&p, 1, millisecondsLeft(deadline));
        if (r > 0) return true;
        if (r == 0 || errno != EINTR) return false;
    }
}

int connectTo(const Url& url, Clock::time_point deadline, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int r = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found); r != 0) {
        error = "cannot resolve " + url.host + ": " + gai_strerror(r);
        return -1;
    }
    int fd = -1;
    // Every address in turn: "localhost" is often ::1 first, while a
    // served model listens on 127.0.0.1 only.
    for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            error = std::string("cannot open a socket: ") + std::strerror(errno);
            continue;
        }
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        int soError = errno;
        if (errno == EINPROGRESS && waitFor(fd, POLLOUT, deadline)) {
            socklen_t len = sizeof soError;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
            if (soError == 0) break;
        }
        error = "cannot connect to " + url.host + ":" + url.port + ": " +
                (soError == EINPROGRESS ? std::string("no answer in time") : std::string(std::strerror(soError)));
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(found);
    if (fd >= 0) error.clear();  // an earlier address failed, this one answered
    return fd;
}

bool sendAll(int fd, const std::string& data, Clock::time_point deadline) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n > 0) sent += std::size_t(n);
        else if (n < 0 && (errno == EAGAIN || errno == EINTR)) { if (!waitFor(fd, POLLOUT, deadline)) return false; }
        else return false;
    }
    return true;
}

// Transfer-Encoding: chunked, undone; false when the chunks are cut short.
bool dechunk(const std::string& in, std::string& out) {
    std::size_t at = 0;
    for (;;) {
        const auto eol = in.find("\r\n", at);
        if (eol == std::string::npos) return false;
        char* end = nullptr;
        const std::size_t size = std::strtoul(in.c_str() + at, &end, 16);
        if (end == in.c_str() + at) return false;  // not a chunk size: the body is broken, not over
        at = eol + 2;
        if (size == 0) return true;
        if (at + size > in.size()) return false;
        out.append(in, at, size);
        at += size + 2;
    }
}

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The status line and the headers that frame the body, read line by line.
struct Head {
    bool read = false;  // a whole HTTP head is there
    int status = 0;
    bool chunked = false;
    std::optional<std::size_t> length;
    std::size_t bodyAt = 0;
};

Head readHead(const std::string& raw) {
    Head h;
    const auto end = raw.find("\r\n\r\n");
    if (end == std::string::npos || raw.rfind("HTTP/", 0) != 0) return h;
    h.read = true;
    h.bodyAt = end + 4;
    h.status = std::atoi(raw.c_str() + raw.find(' ') + 1);
    for (std::size_t at = raw.find("\r\n") + 2; at < end;) {
        const auto eol = raw.find("\r\n", at);
        const std::string line = raw.substr(at, eol - at);
        at = eol + 2;
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string name = lower(line.substr(0, colon)), value = lower(line.substr(colon + 1));
        if (name == "transfer-encoding") h.chunked = value.find("chunked") != std::string::npos;
        else if (name == "content-length") h.length = std::strtoul(value.c_str(), nullptr, 10);
    }
    return h;
}

// The whole message is in: a server that keeps the connection open (keep-alive)
// is not waited for.
bool wholeMessage(const std::string& raw) {
    const Head h = readHead(raw);
    if (!h.read) return false;
    std::string body;
    if (h.chunked) return dechunk(raw.substr(h.bodyAt), body);
    return h.length && raw.size() - h.bodyAt >= *h.length;
}

}  // namespace

HttpResponse httpPostJson(const std::string& url, const std::string& body, const std::vector<std::string>& headers, double timeoutS) {
    HttpResponse response;
    Url u;
    if (!parseUrl(url, u, response.error)) return response;
    if (!(timeoutS > 0)) timeoutS = 0.001;  // NaN or <= 0: expired at once
    const auto deadline = Clock::now() + std::chrono::milliseconds(long(std::min(timeoutS, 86400.0) * 1000));
    const int fd = connectTo(u, deadline, response.error);
    if (fd < 0) return response;
    const std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;  // IPv6 in brackets
    std::string request = "POST " + u.path + " HTTP/1.1\r\nHost: " + host + ":" + u.port +
                          "\r\nContent-Type: application/json\r\nAccept: application/json\r\nConnection: close\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n";
    for (const std::string& h : headers) request += h + "\r\n";
    request += "\r\n" + body;
    std::string raw;
    bool complete = false;
    // A server may answer (413, 401, ...) and close before it read the whole
    // request: what it said is read even when sending failed.
    sendAll(fd, request, deadline);
    char buffer[16384];
    while (!wholeMessage(raw) && waitFor(fd, POLLIN, deadline)) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) raw.append(buffer, std::size_t(n));
        else if (n == 0) { complete = true; break; }
        else if (errno != EAGAIN && errno != EINTR) {  // reset: after its answer, or instead of one
            if (raw.empty()) {
                response.error = url + ": the server reset the connection (" + std::strerror(errno) + ")";
                ::close(fd);
                return response;
            }
            complete = true;
            break;
        }
    }
    complete = complete || wholeMessage(raw);
    ::close(fd);
    const Head head = readHead(raw);
    if (!head.read) {
        response.error = complete ? url + ": the server closed the connection without an HTTP answer"
                                  : url + ": no answer within " + seconds(timeoutS);
        return response;
    }
    response.status = head.status;
    std::string payload = raw.substr(head.bodyAt);
    if (head.chunked) {
        std::string plain;
        if (!dechunk(payload, plain)) response.error = url + ": the answer was cut short";
        payload = std::move(plain);
    } else if (head.length) {
        if (payload.size() < *head.length) response.error = complete ? url + ": the answer was cut short"
                                                                     : url + ": no whole answer within " + seconds(timeoutS);
        payload.resize(std::min(payload.size(), *head.length));
    } else if (!complete) {
        response.error = url + ": no whole answer within " + seconds(timeoutS);
    }
    response.body = std::move(payload);
    return response;
}

}  // namespace corevla::model
