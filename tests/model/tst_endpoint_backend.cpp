// SPDX-License-Identifier: MIT
// The OpenAI-compatible endpoint back end against a chat-completions server
// inside the test (plain sockets, one request per connection): a good
// answer (whole and chunked), a timeout, a 500, a malformed body, an answer
// without a meta-action, no server, a missing key, an https URL.
#include <QtTest>

#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "model/decision_backend.h"
#include "tests/common/chat_server.h"
#include "model/file_io.h"
#include "trainer/decision_eval.h"

using namespace corevla;
using testing::ChatServer;
using Mode = testing::ChatServer::Mode;

namespace {

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
        const auto failed = errorFor(Mode::ServerError);
        QVERIFY2(failed.error.find("HTTP 500: overloaded") != std::string::npos, failed.error.c_str());
        const auto malformed = errorFor(Mode::Malformed);
        QVERIFY2(malformed.error.find("not a chat completion") != std::string::npos, malformed.error.c_str());
        const auto vague = errorFor(Mode::NoAction);
        QCOMPARE(vague.text, std::string("I am not sure what to do."));
        QVERIFY(!vague.hasAction);
        QVERIFY2(vague.error.find("no meta-action") != std::string::npos, vague.error.c_str());
        const auto refused = errorFor(Mode::EarlyError);  // said before the request was read: not a timeout
        QVERIFY2(refused.error.find("HTTP 413: image too big") != std::string::npos, refused.error.c_str());
        server.mode = Mode::Good;
        QVERIFY(backend->decide(m_images, m_question).error.empty());  // and it recovers
        // A whole answer on a connection the server keeps open is not waited for
        // (0.5 s timeout, the connection stays 2 s).
        const auto kept = errorFor(Mode::KeepAlive);
        QVERIFY2(kept.error.empty() && kept.hasAction, kept.error.c_str());
    }

    // One string names a served model on the command line and in the registry.
    void specsNameServedModels() {
        std::string error;
        const auto e = parseServedModel("openai:qwen2.5-vl-7b@http://gpu:8000/v1?api_key_env=VLLM_KEY&timeout=12.5&concurrency=4", &error);
        QVERIFY2(e, error.c_str());
        QCOMPARE(e->model, std::string("qwen2.5-vl-7b"));
        QCOMPARE(e->baseUrl, std::string("http://gpu:8000/v1"));
        QCOMPARE(e->apiKeyEnv, std::string("VLLM_KEY"));
        QCOMPARE(e->timeoutS, 12.5);
        QCOMPARE(e->concurrency, 4);
        QCOMPARE(servedModelSpec(*e), std::string("openai:qwen2.5-vl-7b@http://gpu:8000/v1?api_key_env=VLLM_KEY&timeout=12.5&concurrency=4"));
        const auto plain = parseServedModel("openai:m@http://h:1/v1", &error);
        QVERIFY(plain && plain->concurrency == 1 && plain->timeoutS == 60 && plain->apiKeyEnv.empty());
        QCOMPARE(servedModelSpec(*plain), std::string("openai:m@http://h:1/v1"));
        error.clear();
        QVERIFY(!parseServedModel("ckpt/sft", &error) && error.empty());  // not a served model at all
        for (const char* bad : {"openai:m", "openai:@http://h/v1", "openai:m@http://h/v1?concurrency=0", "openai:m@http://h/v1?timeout=soon",
                                "openai:m@http://h/v1?api_key=sekrit"}) {
            error.clear();
            QVERIFY2(!parseServedModel(bad, &error) && error.find(bad) != std::string::npos, bad);
        }
    }

    // With concurrency N the comparison has N questions in flight at once,
    // and scores them in their order, the same as one at a time.
    void concurrentQuestionsAreScoredInOrder() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        std::string rows = "[";
        for (int i = 0; i < 7; ++i) {
            const std::string image = "img" + std::to_string(i) + ".jpg";
            QVERIFY(cv::imwrite((root / image).string(), cv::Mat(16, 16, CV_8UC3, cv::Scalar(i * 30, 90, 200))));
            rows += std::string(i ? "," : "") + "{\"messages\":[{\"role\":\"user\",\"content\":\"<image>\\nWhat now?\"},"
                    "{\"role\":\"assistant\",\"content\":\"" + (i % 2 ? "Stop. Decision: FOLLOW_LANE, STOP." : "Slow. Decision: FOLLOW_LANE, DECELERATE.") +
                    "\"}],\"images\":[\"" + image + "\"]}";
        }
        QVERIFY(model::writeFileDurably(root / "sft.json", rows + "]"));
        QVERIFY(model::writeFileDurably(root / "dataset_info.json",
                                        "{\"corevla_sft\":{\"file_name\":\"sft.json\",\"formatting\":\"sharegpt\",\"columns\":{\"messages\":\"messages\",\"images\":\"images\"},"
                                        "\"tags\":{\"role_tag\":\"role\",\"content_tag\":\"content\",\"user_tag\":\"user\",\"assistant_tag\":\"assistant\"}}}"));
        for (const int concurrency : {1, 3}) {
            ChatServer server;
            server.mode = Mode::Busy;
            auto o = options(server.url());
            o.timeoutS = 10;
            o.concurrency = concurrency;
            auto backend = model::endpointBackend(o);
            QCOMPARE(backend->concurrency(), concurrency);
            std::vector<int> order;
            std::string error;
            const auto scores = trainer::scoreDecisions(*backend, root, &error, [&](const trainer::DecisionScore& d) { order.push_back(d.index); });
            QVERIFY2(scores, error.c_str());
            QCOMPARE(scores->n, 7);
            QCOMPARE(scores->failed, 0);
            QCOMPARE(scores->agreed, 4);  // the server always says DECELERATE: rows 0, 2, 4, 6
            QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
            QCOMPARE(server.requests(), 7);
            // Never more at once than allowed; with 3, more than one (they overlap in its 0.3 s).
            QVERIFY2(server.peakInFlight() <= concurrency && (concurrency == 1 || server.peakInFlight() > 1),
                     qPrintable(QString::number(server.peakInFlight())));
        }
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
        // An IPv6 address in brackets is an address, not a name to resolve.
        const auto v6 = model::endpointBackend(options("http://[::1]:" + std::to_string(port) + "/v1"))->decide(m_images, m_question);
        QVERIFY2(!v6.error.empty() && v6.error.find("resolve") == std::string::npos, v6.error.c_str());  // refused, or no IPv6 here
        const auto https = model::endpointBackend(options("https://example.com/v1"))->decide(m_images, m_question);
        QVERIFY2(https.error.find("https is not supported") != std::string::npos, https.error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestEndpointBackend)
#include "tst_endpoint_backend.moc"
