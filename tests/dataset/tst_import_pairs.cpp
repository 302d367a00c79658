// SPDX-License-Identifier: MIT
// import-pairs: CoReVLA's released layout (paths relative to the file, path
// text after each <image>), the question kept clean, images referenced like
// media, and every kind of bad file refused with nothing imported.
#include <QTemporaryDir>
#include <QtTest>

#include "dataset/import_pairs.h"
#include "dataset/prompt_text.h"
#include "image_files.h"
#include "pairs_fixture.h"

using namespace corevla;
namespace fs = std::filesystem;

namespace {

// One DPO entry; images as written in the file.
QByteArray entry(const QString& prompt, const QStringList& images, bool withChosen = true) {
    QJsonObject x{{"conversations", QJsonArray{QJsonObject{{"from", "human"}, {"value", prompt}}}},
                  {"images", QJsonArray::fromStringList(images)},
                  {"rejected", QJsonObject{{"from", "gpt"}, {"value", "Keep going."}}}};
    if (withChosen) x["chosen"] = QJsonObject{{"from", "gpt"}, {"value", "Change to the left lane. Decision: CHANGE_LANE_LEFT, DECELERATE."}};
    return QJsonDocument(x).toJson(QJsonDocument::Compact);
}

std::size_t pairCount(Project& project) { return AnnotationStore(project).pairs()->size(); }

}  // namespace

class TestImportPairs : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path m_root, m_data;  // m_data: the folder of the JSON files, as in the released repo
    QString m_good;           // a valid entry

    fs::path writeFile(const std::string& name, const QByteArray& bytes) {
        const fs::path file = m_data / name;
        return testing::writeBytes(file, bytes) ? file : fs::path();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_root = m_dir.path().toStdString();
        m_data = m_root / "data";
        for (int k = 0; k < 2; ++k) QVERIFY(testing::writeImage(m_root / "datasets/images/train/a1" / (std::to_string(k) + ".jpg"), k + 1));
        m_good = entry("<image>../datasets/images/train/a1/0.jpg<image>../datasets/images/train/a1/1.jpg\nWhat now?",
                       {"../datasets/images/train/a1/0.jpg", "../datasets/images/train/a1/1.jpg"});
    }

    void readsTheReleasedLayout() {
        const fs::path file = writeFile("dpo_part1.json", "[" + m_good.toUtf8() + "]");
        Project project;
        QVERIFY(project.open((m_root / "released.corevla").string(), Project::Mode::OpenOrCreate));
        dataset::ImportPairsOptions options;
        options.author = "importer";
        const auto result = dataset::importPairs(project, file, options);
        QVERIFY2(result.ok, result.errors.empty() ? "" : result.errors.front().c_str());
        QCOMPARE(result.ids.size(), std::size_t(1));
        const PreferencePair p = *AnnotationStore(project).pair(result.ids.front());
        QCOMPARE(p.question, std::string("What now?"));
        QCOMPARE(p.chosen, std::string("Change to the left lane. Decision: CHANGE_LANE_LEFT, DECELERATE."));
        QCOMPARE(p.chosenAction, (MetaAction{"DECELERATE", "CHANGE_LANE_LEFT"}));
        QCOMPARE(p.rejectedAction, MetaAction{});  // the text names none
        QCOMPARE(p.status, PairStatus::NeedsReview);
        QCOMPARE(p.author, std::string("importer"));
        QCOMPARE(p.source, file.string() + "#0");
        QCOMPARE(p.segment, 0);
        QCOMPARE(p.recording, 0);
        QCOMPARE(p.images.size(), std::size_t(2));
        for (int k = 0; k < 2; ++k) {
            const fs::path expected = m_root / "datasets/images/train/a1" / (std::to_string(k) + ".jpg");
            QCOMPARE(p.images[std::size_t(k)].relPath, expected.string());
            const MediaFile m = testing::mediaOf(expected);
            QCOMPARE(p.images[std::size_t(k)].size, m.size);
            QCOMPARE(p.images[std::size_t(k)].hash, m.hash);
        }
    }

    void refusesBadFilesImportingNothing_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const QByteArray good = m_good.toUtf8();
        const QString one = "../datasets/images/train/a1/0.jpg";
        QTest::newRow("missing chosen") << "[" + good + "," + entry("<image>\nQ", {one}, false) + "]"
                                        << "bad.json: entry 1: \"chosen\" is missing";
        QTest::newRow("token count") << "[" + good + "," + entry("<image><image>\nQ", {one}) + "]"
                                     << "bad.json: entry 1: 2 <image> token(s) in the prompt for 1 image(s)";
        QTest::newRow("unresolved image") << "[" + good + "," + entry("<image>\nQ", {"../datasets/images/train/zz/9.jpg"}) + "]"
                                          << "bad.json: entry 1: images[0] \"../datasets/images/train/zz/9.jpg\" does not resolve";
        QTest::newRow("images a string") << "[" + good + "," + QByteArray(R"({"conversations":[{"from":"human","value":"<image>Q"}],"images":"x.jpg","chosen":{"from":"gpt","value":"a"},"rejected":{"from":"gpt","value":"b"}})") + "]"
                                         << "bad.json: entry 1: images is a string, not a list";
        QTest::newRow("empty file") << QByteArray("") << "bad.json: is empty";
        QTest::newRow("not a list") << good << "bad.json: is not a JSON list of examples";
        QTest::newRow("malformed") << "[" + good + "," << "bad.json: malformed JSON";
        QTest::newRow("two turns") << "[" + good + "," + QByteArray(R"({"conversations":[{"from":"human","value":"a"},{"from":"gpt","value":"b"},{"from":"human","value":"c"}],"chosen":{"from":"gpt","value":"d"},"rejected":{"from":"gpt","value":"e"}})") + "]"
                                   << "bad.json: entry 1: its prompt has 3 turns; a pair holds a single question";
        QTest::newRow("no prompt") << "[" + good + "," + QByteArray(R"({"chosen":{"from":"gpt","value":"d"},"rejected":{"from":"gpt","value":"e"}})") + "]"
                                   << "bad.json: entry 1: \"conversations\" is missing";
    }
    void refusesBadFilesImportingNothing() {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const fs::path file = writeFile("bad.json", content);
        Project project;
        QVERIFY(project.open((m_root / "bad.corevla").string(), Project::Mode::OpenOrCreate));
        const std::size_t before = pairCount(project);
        const auto result = dataset::importPairs(project, file, {});
        QVERIFY(!result.ok);
        std::string all;
        for (const auto& e : result.errors) all += e + "\n";
        const std::string want = (m_data / "").string() + expected.toStdString();
        QVERIFY2(all.find(want) != std::string::npos, ("expected: " + want + "\ngot:\n" + all).c_str());
        QCOMPARE(pairCount(project), before);  // the good entry was not imported either
    }

    void reportsEveryMissingImageByName() {
        const QString a = "../datasets/images/train/gone/0.jpg", b = "../datasets/images/train/gone/1.jpg";
        const fs::path file = writeFile("missing.json", "[" + entry("<image>\nQ", {a}) + "," + m_good.toUtf8() + "," + entry("<image>\nQ", {b}) + "]");
        Project project;
        QVERIFY(project.open((m_root / "missing.corevla").string(), Project::Mode::OpenOrCreate));
        const auto result = dataset::importPairs(project, file, {});
        QVERIFY(!result.ok);
        QCOMPARE(result.errors.size(), std::size_t(2));
        QVERIFY(result.errors[0].find("entry 0: images[0] \"" + a.toStdString() + "\"") != std::string::npos);
        QVERIFY(result.errors[1].find("entry 2: images[0] \"" + b.toStdString() + "\"") != std::string::npos);
        QCOMPARE(pairCount(project), std::size_t(0));
    }

    void readsOpenAiStyleTurns() {
        const fs::path file = writeFile("openai.json", R"([{"conversations":[{"role":"user","content":"<image>\nWhy?"}],
            "images":["../datasets/images/train/a1/0.jpg"],
            "chosen":{"role":"assistant","content":"Because. Decision: FOLLOW_LANE, STOP."},
            "rejected":{"role":"assistant","content":"No."}}])");
        const auto read = dataset::readDpoFile(file, {});
        QVERIFY2(read.errors.empty(), read.errors.empty() ? "" : read.errors.front().c_str());
        QCOMPARE(read.pairs.size(), std::size_t(1));
        QCOMPARE(read.pairs[0].question, std::string("Why?"));
        QCOMPARE(read.pairs[0].chosenAction, (MetaAction{"STOP", "FOLLOW_LANE"}));
    }

    void questionFromPrompt_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QStringList>("images");
        QTest::addColumn<QString>("question");
        QTest::newRow("ours") << "<image><image>\nQ?" << QStringList{"a.jpg", "b.jpg"} << "Q?";
        QTest::newRow("path text") << "<image>c/a1/0.jpg<image>c/a1/1.jpg\nQ?" << QStringList{"c/a1/0.jpg", "c/a1/1.jpg"} << "Q?";
        QTest::newRow("a line per image") << "<image>c/0.jpg\n<image>c/1.jpg\nQ?" << QStringList{"c/0.jpg", "c/1.jpg"} << "Q?";
        QTest::newRow("other path text") << "<image>../x/0.JPG\nQ?" << QStringList{"/elsewhere/0.jpg"} << "Q?";
        QTest::newRow("question's own newline") << "<image>\n\nQ?" << QStringList{"a.jpg"} << "\nQ?";
        QTest::newRow("no images") << "\nQ?" << QStringList{} << "\nQ?";
        QTest::newRow("token inside") << "Look at <image> now" << QStringList{"a.jpg"} << "Look at  now";
        QTest::newRow("not a path") << "<image>Why stop?" << QStringList{"a.jpg"} << "Why stop?";
    }
    void questionFromPrompt() {
        QFETCH(QString, prompt);
        QFETCH(QStringList, images);
        QFETCH(QString, question);
        std::vector<std::string> paths;
        for (const QString& i : images) paths.push_back(i.toStdString());
        QCOMPARE(QString::fromStdString(dataset::questionFromPrompt(prompt.toStdString(), paths)), question);
    }

    void composeAndEscape() {
        QCOMPARE(dataset::composePrompt(2, "Q"), std::string("<image><image>\nQ"));
        QCOMPARE(dataset::composePrompt(0, "Q"), std::string("Q"));
        std::string text = "an <image>, a <video> and <audio><image>";
        QCOMPARE(dataset::escapeMediaTokens(text), 4);
        QCOMPARE(text, std::string("an [image], a [video] and [audio][image]"));
        QVERIFY(!dataset::hasMediaToken(text));
        QCOMPARE(dataset::countToken("<image><image>x<image", "<image>"), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestImportPairs)
#include "tst_import_pairs.moc"
