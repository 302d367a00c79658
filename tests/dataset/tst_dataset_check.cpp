// SPDX-License-Identifier: MIT
// `export --check`: our exports are clean, a folder laid out as the shared
// format notes show (someone else's) is clean, and every hand-broken folder
// gets a problem naming its file and entry.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

#include "dataset/dataset_check.h"
#include "dataset/export_dataset.h"
#include "image_files.h"
#include "pairs_fixture.h"

using namespace corevla;
namespace fs = std::filesystem;

namespace {

std::string allProblems(const dataset::CheckReport& report) {
    std::string all;
    for (const auto& p : report.problems) all += p.text() + "\n";
    return all;
}

void editExample(const fs::path& file, int index, const std::function<void(QJsonObject&)>& edit) {
    QJsonArray all = testing::readExamples(file);
    QJsonObject x = all[index].toObject();
    edit(x);
    all[index] = x;
    QVERIFY(testing::writeExamples(file, all));
}

// Sets a field of the first element of an array field (conversations[0].value, ...).
void editFirst(QJsonObject& x, const QString& array, const std::function<void(QJsonObject&)>& edit) {
    QJsonArray list = x[array].toArray();
    QJsonObject first = list[0].toObject();
    edit(first);
    list[0] = first;
    x[array] = list;
}

void editInfo(const fs::path& dir, const std::function<void(QJsonObject&)>& edit) {
    QJsonObject info = testing::readJson(dir / "dataset_info.json").object();
    const QString name = info.keys().front();
    QJsonObject entry = info[name].toObject();
    edit(entry);
    info[name] = entry;
    QVERIFY(testing::writeBytes(dir / "dataset_info.json", QJsonDocument(info).toJson()));
}

}  // namespace

class TestDatasetCheck : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path m_root;

    fs::path copyOf(const std::string& base, const std::string& name) {
        const fs::path to = m_root / "broken" / name;
        fs::remove_all(to);
        fs::create_directories(to.parent_path());
        fs::copy(m_root / base, to, fs::copy_options::recursive);
        return to;
    }

    // Applies the named breakage to a copy of an export.
    void breakFolder(const QString& name, const fs::path& dir) {
        const fs::path dpo = dir / "dpo.json", trl = dir / "dpo.jsonl", sft = dir / "sft.json";
        if (name == "images-string") editExample(dpo, 1, [](QJsonObject& x) { x["images"] = "images/1/0.jpg"; });
        if (name == "token-count")
            editExample(dpo, 0, [](QJsonObject& x) {
                editFirst(x, "conversations", [](QJsonObject& t) { t["value"] = t["value"].toString().mid(7); });
            });
        if (name == "token-in-chosen")
            editExample(dpo, 0, [](QJsonObject& x) { x["chosen"] = QJsonObject{{"from", "gpt"}, {"value", "Look <image>"}}; });
        if (name == "no-ranking") editInfo(dir, [](QJsonObject& e) { e.remove("ranking"); });
        if (name == "path-outside") editExample(dpo, 1, [](QJsonObject& x) { x["images"] = QJsonArray{"../elsewhere/0.jpg", "images/1/1.png"}; });
        if (name == "cwd-relative") {
            QVERIFY(testing::writeImage(m_root / "cwd-only.jpg", 9));
            editExample(dpo, 1, [](QJsonObject& x) { x["images"] = QJsonArray{"cwd-only.jpg", "images/1/1.png"}; });
        }
        if (name == "missing-image") fs::remove(dir / "images/0/1.png");
        if (name == "corrupt-image") QVERIFY(testing::writeBytes(dir / "images/1/0.jpg", "not a JPEG"));
        if (name == "ends-with-gpt")
            editExample(dpo, 0, [](QJsonObject& x) {
                QJsonArray turns = x["conversations"].toArray();
                turns.append(QJsonObject{{"from", "gpt"}, {"value", "an answer"}});
                x["conversations"] = turns;
            });
        if (name == "wrong-role")
            editExample(dpo, 0, [](QJsonObject& x) { editFirst(x, "conversations", [](QJsonObject& t) { t["from"] = "gpt"; }); });
        if (name == "chosen-list")
            editExample(dpo, 0, [](QJsonObject& x) { x["chosen"] = QJsonArray{QJsonObject{{"from", "gpt"}, {"value", "x"}}}; });
        if (name == "missing-chosen") editExample(dpo, 0, [](QJsonObject& x) { x.remove("chosen"); });
        if (name == "not-a-list") QVERIFY(testing::writeBytes(dpo, "{\"conversations\": []}"));
        if (name == "empty-file") QVERIFY(testing::writeBytes(dpo, "\n"));
        if (name == "no-dataset-info") fs::remove(dir / "dataset_info.json");
        if (name == "trl-image-parts")
            editExample(trl, 0, [](QJsonObject& x) {
                editFirst(x, "prompt", [](QJsonObject& m) {
                    QJsonArray content = m["content"].toArray();
                    content.removeFirst();
                    m["content"] = content;
                });
            });
        if (name == "trl-plain-prompt") editExample(trl, 0, [](QJsonObject& x) { x["prompt"] = "What now?"; });
        if (name == "trl-literal-token")
            editExample(trl, 1, [](QJsonObject& x) {
                editFirst(x, "prompt", [](QJsonObject& m) {
                    QJsonArray content = m["content"].toArray();
                    content.append(QJsonObject{{"type", "text"}, {"text", "see <image>"}});
                    m["content"] = content;
                });
            });
        if (name == "trl-images-string") editExample(trl, 1, [](QJsonObject& x) { x["images"] = "images/1/0.jpg"; });
        if (name == "trl-malformed-line") QVERIFY(testing::writeBytes(trl, testing::readBytes(trl) + "{oops\n"));
        if (name == "trl-image-in-chosen")
            editExample(trl, 0, [](QJsonObject& x) {
                editFirst(x, "chosen", [](QJsonObject& m) {
                    QJsonArray content = m["content"].toArray();
                    content.append(QJsonObject{{"type", "image"}});
                    m["content"] = content;
                });
            });
        if (name == "sft-ends-with-user")
            editExample(sft, 0, [](QJsonObject& x) {
                QJsonArray messages = x["messages"].toArray();
                messages.removeLast();
                x["messages"] = messages;
            });
        if (name == "sft-token-in-answer")
            editExample(sft, 1, [](QJsonObject& x) {
                QJsonArray messages = x["messages"].toArray();
                messages[1] = QJsonObject{{"role", "assistant"}, {"content", "<image> here"}};
                x["messages"] = messages;
            });
        if (name == "sft-no-images-column")
            editInfo(dir, [](QJsonObject& e) { e["columns"] = QJsonObject{{"messages", "messages"}}; });
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_root = m_dir.path().toStdString();
        std::vector<PreferencePair> pairs;
        for (int i = 0; i < 2; ++i) {
            const fs::path a = m_root / "media" / std::to_string(i) / "front.jpg";
            const fs::path b = m_root / "media" / std::to_string(i) / "side.png";
            QVERIFY(testing::writeImage(a, 10 + i) && testing::writeImage(b, 20 + i));
            pairs.push_back(testing::importedPair(i + 1, {a, b}));
        }
        Project project;
        QVERIFY(project.open((m_root / "empty.corevla").string(), Project::Mode::OpenOrCreate));
        for (const auto format : {dataset::ExportFormat::LlamaFactoryDpo, dataset::ExportFormat::TrlDpo,
                                  dataset::ExportFormat::LlamaFactorySft}) {
            dataset::ExportOptions o;
            o.format = format;
            o.out = m_root / dataset::exportFormatName(format);
            const auto result = dataset::exportPairs(project, pairs, o);
            QVERIFY2(result.ok, result.errors.empty() ? "" : result.errors.front().c_str());
        }
    }

    void ourExportsAreClean_data() {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("format");
        QTest::newRow("llamafactory-dpo") << "llamafactory-dpo" << "llamafactory-dpo dpo.json";
        QTest::newRow("trl-dpo") << "trl-dpo" << "trl-dpo dpo.jsonl";
        QTest::newRow("llamafactory-sft") << "llamafactory-sft" << "llamafactory-sft sft.json";
    }
    void ourExportsAreClean() {
        QFETCH(QString, folder);
        QFETCH(QString, format);
        const auto report = dataset::checkDataset(m_root / folder.toStdString());
        QCOMPARE(allProblems(report), std::string());
        QCOMPARE(report.formats, std::vector<std::string>{format.toStdString()});
        QCOMPARE(report.entries, 2L);
        QCOMPARE(report.images, 4L);
    }

    // The layout of formats.md §4.2/§4.3 with CoReVLA's path text after each token.
    void someoneElsesFolderIsClean() {
        const fs::path dir = m_root / "theirs";
        QVERIFY(testing::writeImage(dir / "clips/b7/0.jpg", 3) && testing::writeImage(dir / "clips/b7/1.jpg", 4));
        QVERIFY(testing::writeBytes(dir / "data.json", R"([{"conversations": [{"from": "human", "value": "<image>clips/b7/0.jpg<image>clips/b7/1.jpg\nWhat are you doing and why?"}],
 "images": ["clips/b7/0.jpg", "clips/b7/1.jpg"],
 "chosen": {"from": "gpt", "value": "I change to the clear left lane to pass the stopped truck."},
 "rejected": {"from": "gpt", "value": "I keep following the truck."}}])"));
        QVERIFY(testing::writeBytes(dir / "dataset_info.json", R"({"corevla_dpo": {"file_name": "data.json", "formatting": "sharegpt", "ranking": true,
   "columns": {"messages": "conversations", "chosen": "chosen", "rejected": "rejected", "images": "images"}},
 "alpaca_demo": {"file_name": "alpaca.json"}})"));
        const auto report = dataset::checkDataset(dir);
        QCOMPARE(allProblems(report), std::string());
        QCOMPARE(report.entries, 1L);
        QCOMPARE(report.notes, std::vector<std::string>{"dataset \"alpaca_demo\" has formatting alpaca: not checked"});
    }

    void namesEveryProblem_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* name, const char* base, const char* expected) { QTest::newRow(name) << base << expected; };
        row("images-string", "llamafactory-dpo", "dpo.json: entry 1: images is a string, not a list");
        row("token-count", "llamafactory-dpo", "dpo.json: entry 0: 1 <image> token(s) in the prompt for 2 image(s)");
        row("token-in-chosen", "llamafactory-dpo", "dpo.json: entry 0: a <image> token in chosen: only the prompt may hold them");
        row("no-ranking", "llamafactory-dpo", "dataset_info.json: dataset \"corevla_dpo\": \"columns\" names chosen/rejected but \"ranking\" is not true");
        row("path-outside", "llamafactory-dpo", "dpo.json: entry 1: images[0] \"../elsewhere/0.jpg\" does not resolve to a file under the dataset folder");
        row("cwd-relative", "llamafactory-dpo", "dpo.json: entry 1: images[0] \"cwd-only.jpg\" resolves only from the current directory");
        row("missing-image", "llamafactory-dpo", "dpo.json: entry 0: images[1] \"images/0/1.png\" does not resolve");
        row("missing-image-manifest", "llamafactory-dpo", "manifest.json: content_hash");
        row("corrupt-image", "llamafactory-dpo", "dpo.json: entry 1: images[0] \"images/1/0.jpg\" is not a readable JPEG or PNG image");
        row("ends-with-gpt", "llamafactory-dpo", "dpo.json: entry 0: \"conversations\" must end with the \"human\" turn");
        row("wrong-role", "llamafactory-dpo", "dpo.json: entry 0: conversations[0] has role \"gpt\" where \"human\" must be");
        row("chosen-list", "llamafactory-dpo", "dpo.json: entry 0: chosen is not an object {\"from\", \"value\"}");
        row("missing-chosen", "llamafactory-dpo", "dpo.json: entry 0: \"chosen\" is missing");
        row("not-a-list", "llamafactory-dpo", "dpo.json: is not a JSON list of examples");
        row("empty-file", "llamafactory-dpo", "dpo.json: is empty");
        row("no-dataset-info", "llamafactory-dpo", "dataset_info.json: is missing: LLaMA-Factory needs an entry for dpo.json");
        row("trl-image-parts", "trl-dpo", "dpo.jsonl: entry 0: 1 image part(s) in the prompt for 2 image(s)");
        row("trl-plain-prompt", "trl-dpo", "dpo.jsonl: entry 0: \"prompt\" is a plain string: images need the conversational form");
        row("trl-literal-token", "trl-dpo", "dpo.jsonl: entry 1: a literal <image>, <video> or <audio> in a text");
        row("trl-images-string", "trl-dpo", "dpo.jsonl: entry 1: images is a string, not a list");
        row("trl-malformed-line", "trl-dpo", "dpo.jsonl: entry 2: malformed JSON");
        row("trl-image-in-chosen", "trl-dpo", "dpo.jsonl: entry 0: an image part in \"chosen\"");
        row("sft-ends-with-user", "llamafactory-sft", "sft.json: entry 0: \"messages\" must end with the \"assistant\" turn");
        row("sft-token-in-answer", "llamafactory-sft", "sft.json: entry 1: a <image> token in messages[1]");
        row("sft-no-images-column", "llamafactory-sft", "sft.json: entry 0: has images but dataset_info.json names no images column");
    }
    void namesEveryProblem() {
        QFETCH(QString, base);
        QFETCH(QString, expected);
        const QString name = QTest::currentDataTag();
        const fs::path dir = copyOf(base.toStdString(), name.toStdString());
        QVERIFY(dataset::checkDataset(dir).clean());  // the copy is clean before it is broken
        const QString cwd = QDir::currentPath();
        QDir::setCurrent(QString::fromStdString(m_root.string()));  // where "cwd-only.jpg" is
        breakFolder(name == "missing-image-manifest" ? "missing-image" : name, dir);
        const auto report = dataset::checkDataset(dir);
        QDir::setCurrent(cwd);
        const std::string all = allProblems(report);
        QVERIFY2(all.find(expected.toStdString()) != std::string::npos, ("expected: " + expected.toStdString() + "\ngot:\n" + all).c_str());
    }
};

QTEST_GUILESS_MAIN(TestDatasetCheck)
#include "tst_dataset_check.moc"
