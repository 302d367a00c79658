// SPDX-License-Identifier: MIT
// A chat-completions server for tests (plain sockets on 127.0.0.1, a free
// port, each connection on a thread of its own, one request per
// connection) that answers as `mode` says: a good answer (whole or
// chunked), slowly (1.5 s: past a short timeout; Busy: 0.3 s), keeping the
// connection open after a whole answer, a 413 before reading the request, an HTTP 500,
// a malformed body, an answer without a meta-action.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace corevla::testing {

class ChatServer {
public:
    enum class Mode { Good, Chunked, Slow, Busy, KeepAlive, EarlyError, ServerError, Malformed, NoAction };

    ChatServer() {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        ::listen(m_fd, 8);
        m_thread = std::thread([this] { serve(); });
    }
    ~ChatServer() {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_thread.join();
        for (std::thread& t : m_handlers) t.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v1"; }
    std::atomic<Mode> mode{Mode::Good};
    std::string lastRequest() {
        std::lock_guard lock(m_mutex);
        return m_last;
    }
    int requests() const { return m_requests; }
    int peakInFlight() const { return m_peak; }  // requests answered at the same time, at most

private:
    // Each connection on a thread of its own, as a real server takes
    // concurrent requests.
    void serve() {
        while (!m_stop) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0) return;
            m_handlers.emplace_back([this, c] { handle(c); });
        }
    }
    void handle(int c) {
        {
            const int now = ++m_inFlight;
            for (int peak = m_peak; now > peak && !m_peak.compare_exchange_weak(peak, now);) {
            }
        }
        if (mode == Mode::EarlyError) {  // refuses before reading the request, then drains it (a lingering close)
            const std::string reply = "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 13\r\n\r\nimage too big";
            ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
            ::shutdown(c, SHUT_WR);
            char sink[65536];
            while (::recv(c, sink, sizeof sink, 0) > 0) {
            }
            ++m_requests;
            --m_inFlight;
            ::close(c);
            return;
        }
        {
            std::string request;
            char buffer[65536];
            std::size_t wanted = std::string::npos;
            while (wanted == std::string::npos || request.size() < wanted) {
                const ssize_t n = ::recv(c, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                request.append(buffer, std::size_t(n));
                const auto end = request.find("\r\n\r\n");
                const auto length = request.find("Content-Length: ");
                if (end != std::string::npos && length != std::string::npos) wanted = end + 4 + std::stoul(request.substr(length + 16));
            }
            {
                std::lock_guard lock(m_mutex);
                m_last = request;
            }
            const std::string reply = replyFor(mode);
            if (mode == Mode::Slow) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            if (mode == Mode::Busy) std::this_thread::sleep_for(std::chrono::milliseconds(300));
            ++m_requests;
            --m_inFlight;  // before the reply: the client's next request may follow at once
            ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
            if (mode == Mode::KeepAlive) std::this_thread::sleep_for(std::chrono::milliseconds(2000));  // the connection stays open
            ::close(c);
        }
    }
    static std::string replyFor(Mode m) {
        const auto json = [](const std::string& content) {
            return R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":")" + content +
                   R"("},"finish_reason":"stop"}]})";
        };
        const auto ok = [](const std::string& body) {
            return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        };
        const std::string good = json("Slow down: a car cuts in. Decision: FOLLOW_LANE, DECELERATE.");
        switch (m) {
        case Mode::Good:
        case Mode::Slow:
        case Mode::Busy:
        case Mode::KeepAlive: return ok(good);
        case Mode::Chunked: {
            const std::string a = good.substr(0, 20), b = good.substr(20);
            char sizes[64];
            std::snprintf(sizes, sizeof sizes, "%zx", a.size());
            std::string r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(sizes) + "\r\n" + a + "\r\n";
            std::snprintf(sizes, sizeof sizes, "%zx", b.size());
            return r + sizes + "\r\n" + b + "\r\n0\r\n\r\n";
        }
        case Mode::EarlyError: return {};
        case Mode::ServerError: return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 10\r\n\r\noverloaded";
        case Mode::Malformed: return ok("{\"choices\": [ not json");
        case Mode::NoAction: return ok(json("I am not sure what to do."));
        }
        return {};
    }

    int m_fd = -1, m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::vector<std::thread> m_handlers;  // touched by the accepting thread only, joined at the end
    std::atomic<int> m_inFlight{0}, m_peak{0}, m_requests{0};
    std::mutex m_mutex;
    std::string m_last;
};

}  // namespace corevla::testing
