// SPDX-License-Identifier: MIT
// The OpenAI-compatible endpoint back end against a chat-completions server
// inside the test (plain sockets, one request per connection): a good
// answer (whole and chunked), a timeout, a 500, a malformed body, an answer
// without a meta-action, no server, a missing key, an https URL.
#include <QtTest>

#include <atomic>
#include <mutex>
#include <cstring>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "model/decision_backend.h"

using namespace corevla;

namespace {

enum class Mode { Good, Chunked, Slow, ServerError, Malformed, NoAction };

// Listens on 127.0.0.1 (a free port) and answers each request as `mode` says.
class ChatServer {
public:
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
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v1"; }
    std::atomic<Mode> mode{Mode::Good};
    std::string lastRequest() {
        std::lock_guard lock(m_mutex);
        return m_last;
    }

private:
    void serve() {
        while (!m_stop) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0) return;
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
            ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
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
        case Mode::Slow: return ok(good);
        case Mode::Chunked: {
            const std::string a = good.substr(0, 20), b = good.substr(20);
            char sizes[64];
            std::snprintf(sizes, sizeof sizes, "%zx", a.size());
            std::string r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(sizes) + "\r\n" + a + "\r\n";
            std::snprintf(sizes, sizeof sizes, "%zx", b.size());
            return r + sizes + "\r\n" + b + "\r\n0\r\n\r\n";
        }
        case Mode::ServerError: return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 10\r\n\r\noverloaded";
        case Mode::Malformed: return ok("{\"choices\": [ not json");
        case Mode::NoAction: return ok(json("I am not sure what to do."));
        }
        return {};
    }

    int m_fd = -1, m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::mutex m_mutex;
    std::string m_last;
};

model::EndpointOptions options(const std::string& url) {
    model::EndpointOptions o;
    o.baseUrl = url;
    o.model = "qwen2.5-vl-7b";
    o.timeoutS = 0.5;
    return o;
}

}  // namespace

class TestEndpointBackend : public QObject {
    Q_OBJECT
    const std::vector<std::string> m_images{std::string("\xff\xd8\xff\xe0 a jpeg", 11), std::string("second")};
    const std::string m_question = "<image><image>\nEgo speed 8.3 m/s. What should the ego vehicle do now, and why?";

private Q_SLOTS:
    void aGoodAnswerIsReadAndTheRequestIsRight() {
        ChatServer server;
        qputenv("COREVLA_TEST_KEY", "sekrit");
        auto o = options(server.url());
        o.apiKeyEnv = "COREVLA_TEST_KEY";
        auto backend = model::endpointBackend(o);
        for (Mode m : {Mode::Good, Mode::Chunked}) {
            server.mode = m;
            const model::BackendAnswer a = backend->decide(m_images, m_question);
            QVERIFY2(a.error.empty(), a.error.c_str());
            QCOMPARE(a.text, std::string("Slow down: a car cuts in. Decision: FOLLOW_LANE, DECELERATE."));
            QVERIFY(a.hasAction);
            QCOMPARE(a.action.speed, std::string("DECELERATE"));
            QCOMPARE(a.action.direction, std::string("FOLLOW_LANE"));
        }
        const std::string request = server.lastRequest();
        QVERIFY(request.rfind("POST /v1/chat/completions HTTP/1.1\r\n", 0) == 0);
        QVERIFY(request.find("Authorization: Bearer sekrit\r\n") != std::string::npos);
        QVERIFY(request.find(R"("model":"qwen2.5-vl-7b")") != std::string::npos);
        QVERIFY(request.find(R"("url":"data:image/jpeg;base64,/9j/4CBhIGpwZWc=")") != std::string::npos);  // the first image
        QVERIFY(request.find(R"("url":"data:image/jpeg;base64,c2Vjb25k")") != std::string::npos);
        QVERIFY(request.find(R"("text":"Ego speed 8.3 m/s. What should the ego vehicle do now, and why?")") != std::string::npos);
        QVERIFY(request.find("<image>") == std::string::npos);
        QVERIFY(request.find(R"("temperature":0)") != std::string::npos);

        // "localhost" may resolve to ::1 first; the server listens on 127.0.0.1 only.
        auto local = options("http://localhost:" + server.url().substr(17));
        const model::BackendAnswer viaName = model::endpointBackend(local)->decide(m_images, m_question);
        QVERIFY2(viaName.error.empty() && viaName.hasAction, viaName.error.c_str());
    }

    void failuresAreClearMessages() {
        ChatServer server;
        auto backend = model::endpointBackend(options(server.url()));
        const auto errorFor = [&](Mode m) {
            server.mode = m;
            return backend->decide(m_images, m_question);
        };
        QElapsedTimer timer;
        timer.start();
        const auto slow = errorFor(Mode::Slow);
        QVERIFY2(slow.error.find("no answer within") != std::string::npos, slow.error.c_str());
        QVERIFY(slow.text.empty());
        QVERIFY2(timer.elapsed() < 1400, "the deadline was not kept");
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the one-thread server wakes up
        const auto failed = errorFor(Mode::ServerError);
        QVERIFY2(failed.error.find("HTTP 500: overloaded") != std::string::npos, failed.error.c_str());
        const auto malformed = errorFor(Mode::Malformed);
        QVERIFY2(malformed.error.find("not a chat completion") != std::string::npos, malformed.error.c_str());
        const auto vague = errorFor(Mode::NoAction);
        QCOMPARE(vague.text, std::string("I am not sure what to do."));
        QVERIFY(!vague.hasAction);
        QVERIFY2(vague.error.find("no meta-action") != std::string::npos, vague.error.c_str());
        server.mode = Mode::Good;
        QVERIFY(backend->decide(m_images, m_question).error.empty());  // and it recovers
    }

    void noServerNoKeyNoHttps() {
        int port = 0;
        {
            ChatServer closed;  // a port that was free a moment ago, now closed
            port = std::stoi(closed.url().substr(17));
        }
        const auto refused = model::endpointBackend(options("http://127.0.0.1:" + std::to_string(port) + "/v1"))->decide(m_images, m_question);
        QVERIFY2(refused.error.find("cannot connect to 127.0.0.1") != std::string::npos, refused.error.c_str());
        auto o = options("http://127.0.0.1:1/v1");
        o.apiKeyEnv = "COREVLA_TEST_NO_SUCH_KEY";
        const auto noKey = model::endpointBackend(o)->decide(m_images, m_question);
        QVERIFY2(noKey.error.find("COREVLA_TEST_NO_SUCH_KEY is not set") != std::string::npos, noKey.error.c_str());
        const auto https = model::endpointBackend(options("https://example.com/v1"))->decide(m_images, m_question);
        QVERIFY2(https.error.find("https is not supported") != std::string::npos, https.error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestEndpointBackend)
#include "tst_endpoint_backend.moc"
