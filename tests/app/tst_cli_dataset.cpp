// SPDX-License-Identifier: MIT
// The dataset commands end to end: `corevla export` (each format, the
// approved-only default, usage errors), `export --check` (clean, broken,
// exit codes) and `import-pairs` (round trip, re-run, a bad file).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/common/cli_run.h"
#include "tests/common/copy_tree.h"
#include "tests/common/shared_sample.h"

namespace {

using Run = corevla::testing::CliRun;
Run cli(const QStringList& args) { return corevla::testing::runCli(args); }

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QJsonArray pairs(const QString& project) {
    const Run r = cli({"pairs", "list", "--project", project, "--json"});
    return QJsonDocument::fromJson(r.out.toUtf8()).object().value("pairs").toArray();
}

}  // namespace

class TestCliDataset : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;

    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        std::filesystem::path sample;
        const auto made = corevla::testing::sharedSmallSample(&sample);
        QVERIFY2(made.ok, made.error.c_str());
        m_project = file("p.corevla");
        const Run imported = cli({"import", "--project", m_project, QString::fromStdString(sample.string()), "--quiet"});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QCOMPARE(cli({"segments", "detect", "--project", m_project}).code, 0);
        QCOMPARE(cli({"pairs", "draft", "--project", m_project, "--author", "alice"}).code, 0);
        QVERIFY(pairs(m_project).size() >= 3);
    }

    void exportNeedsApprovedPairsByDefault() {
        const Run r = cli({"export", "--project", m_project, "--format", "llamafactory-dpo", "--out", file("none")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("error: no pairs with status approved (--status any exports every pair)"), qPrintable(r.err));
        QVERIFY(r.err.contains("nothing exported"));
        QVERIFY(!QFileInfo::exists(file("none")));
        // Approve two for the tests below.
        for (int i = 0; i < 2; ++i) {
            const QJsonObject p = pairs(m_project)[i].toObject();
            const Run set = cli({"pairs", "set", "--project", m_project, "--id", QString::number(p["id"].toInt()), "--version",
                                 QString::number(p["version"].toInt()), "--status", "approved", "--reviewer", "rita"});
            QVERIFY2(set.code == 0, qPrintable(set.err));
        }
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString P = "PROJECT";
        QTest::newRow("unknown format") << QStringList{"export", "--project", P, "--format", "alpaca", "--out", "x"} << 2
                                        << "--format is one of llamafactory-dpo, trl-dpo, llamafactory-sft";
        const QStringList frames{"export", "--project", P, "--format", "llamafactory-sft", "--from", "frames", "--out", "x"};
        QTest::newRow("unknown from") << QStringList{"export", "--project", P, "--format", "llamafactory-sft", "--from", "clips", "--out", "x"}
                                      << 2 << "--from is pairs or frames (got \"clips\")";
        QTest::newRow("frames with dpo") << QStringList{"export", "--project", P, "--format", "llamafactory-dpo", "--from", "frames", "--out", "x"}
                                         << 2 << "--from applies to --format llamafactory-sft only";
        QTest::newRow("every zero") << (frames + QStringList{"--every", "0"}) << 2 << "--every needs seconds >= 0.05 (got \"0\")";
        QTest::newRow("every text") << (frames + QStringList{"--every", "often"}) << 2 << "--every needs seconds >= 0.05";
        QTest::newRow("bad recording") << (frames + QStringList{"--recording", "x"}) << 2 << "--recording needs a recording id";
        QTest::newRow("no such recording") << (frames + QStringList{"--recording", "999"}) << 1 << "no recording 999 in ";
        QTest::newRow("status with frames") << (frames + QStringList{"--status", "any"}) << 2 << "--status filters pairs";
        QTest::newRow("exclude without frames")
            << QStringList{"export", "--project", P, "--format", "llamafactory-sft", "--exclude-segments", "--out", "x"} << 2
            << "--every, --recording and --exclude-segments apply to --from frames only";
        QTest::newRow("from with dpo") << QStringList{"export", "--project", P, "--format", "trl-dpo", "--from", "pairs", "--out", "x"}
                                       << 2 << "--from applies to --format llamafactory-sft only";
        QTest::newRow("bad status") << QStringList{"export", "--project", P, "--format", "trl-dpo", "--status", "maybe", "--out", "x"}
                                    << 2 << "--status is one of draft, needs-review, approved, rejected, any";
        QTest::newRow("no out") << QStringList{"export", "--project", P, "--format", "trl-dpo"} << 2 << "export needs --project P --format";
        const QStringList run{"export", "--project", P, "--format", "llamafactory-run", "--out", "x"};
        QTest::newRow("run without stage") << run << 2 << "--stage is sft or dpo (got \"\")";
        QTest::newRow("run bad loss") << (run + QStringList{"--stage", "dpo", "--loss", "kto"}) << 2 << "--loss is sigmoid, ipo or hinge";
        QTest::newRow("run bad gpus") << (run + QStringList{"--stage", "dpo", "--gpus", "0"}) << 2 << "--gpus needs at least 1";
        QTest::newRow("run bad lr") << (run + QStringList{"--stage", "sft", "--lr", "fast"}) << 2 << "--lr needs a number";
        QTest::newRow("stage without run") << QStringList{"export", "--project", P, "--format", "trl-dpo", "--stage", "dpo", "--out", "x"}
                                           << 2 << "--stage applies to --format llamafactory-run only";
        const QStringList dpo{"export", "--project", P, "--format", "llamafactory-dpo", "--out", "x"};
        QTest::newRow("pairs not ids") << (dpo + QStringList{"--pairs", "1,two"}) << 2 << "--pairs needs pair ids separated by commas";
        QTest::newRow("pairs twice") << (dpo + QStringList{"--pairs", "1,1"}) << 2 << "--pairs needs pair ids";
        QTest::newRow("pairs with status") << (dpo + QStringList{"--pairs", "1", "--status", "any"}) << 2 << "--pairs names the pairs itself";
        QTest::newRow("pairs gone") << (dpo + QStringList{"--pairs", "1,999"}) << 1 << "pair 999 does not exist";
        QTest::newRow("import without file") << QStringList{"import-pairs", "--project", P} << 2 << "import-pairs needs --project P FILE";
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        args.replaceInStrings("PROJECT", m_project);
        const Run r = cli(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void exportsEachFormatCheckedClean_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("dataFile");
        QTest::newRow("llamafactory-dpo") << "llamafactory-dpo" << "dpo.json";
        QTest::newRow("trl-dpo") << "trl-dpo" << "dpo.jsonl";
        QTest::newRow("llamafactory-sft") << "llamafactory-sft" << "sft.json";
    }
    void exportsEachFormatCheckedClean() {
        QFETCH(QString, format);
        QFETCH(QString, dataFile);
        const QString out = file("export-" + format);
        const Run r = cli({"export", "--project", m_project, "--format", format, "--out", out, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("exported 2 pair(s), ") && r.out.contains(" as " + format + " to " + out + " (status approved); content hash "),
                 qPrintable(r.out));
        QVERIFY(QFileInfo::exists(out + "/" + dataFile));
        QVERIFY(QFileInfo::exists(out + "/images/1/0.jpg"));
        const Run check = cli({"export", "--check", out});
        QVERIFY2(check.code == 0, qPrintable(check.out));
        QVERIFY2(check.out.contains(format + " " + dataFile + "; 2 example(s)") && check.out.contains(": no problems"), qPrintable(check.out));
    }

    // --pairs: exactly the pairs named, in id order, whatever their status.
    void exportsExactlyThePairsNamed() {
        const QString out = file("export-named");
        const Run r = cli({"export", "--project", m_project, "--format", "llamafactory-dpo", "--out", out, "--quiet", "--pairs", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("exported 1 pair(s), ") && r.out.contains("(the pairs named)"), qPrintable(r.out));
        QFile manifest(out + "/manifest.json");
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(manifest.readAll())["pair_ids"].toArray(), QJsonArray({2}));
        QCOMPARE(cli({"export", "--check", out}).code, 0);
    }

    // A LLaMA-Factory run folder: the dataset, train.yaml with only keys
    // LLaMA-Factory documents, ZeRO-3 only for several GPUs, all in the manifest.
    void exportsALlamaFactoryRunFolder() {
        // The keys of LLaMA-Factory's documented configs (README, examples/train_lora/*.yaml,
        // examples/deepspeed, the model/data/finetuning/training arguments it parses).
        const QSet<QString> documented{
            "model_name_or_path", "adapter_name_or_path", "image_max_pixels", "trust_remote_code", "stage", "do_train",
            "finetuning_type", "lora_rank", "lora_alpha", "lora_dropout", "lora_target", "freeze_vision_tower", "pref_beta",
            "pref_loss", "pref_ftx", "dpo_label_smoothing", "deepspeed", "dataset", "dataset_dir", "template", "cutoff_len",
            "max_samples", "overwrite_cache", "preprocessing_num_workers", "output_dir", "logging_steps", "save_steps",
            "plot_loss", "overwrite_output_dir", "per_device_train_batch_size", "gradient_accumulation_steps", "learning_rate",
            "num_train_epochs", "lr_scheduler_type", "warmup_ratio", "weight_decay", "max_grad_norm", "bf16", "ddp_timeout", "seed"};
        struct Case {
            QStringList args;
            QString stage, dataset;
            bool zero3;
        } cases[] = {
            {{"--stage", "dpo", "--gpus", "7", "--beta", "0.2", "--loss", "ipo", "--epochs", "2", "--adapter", "saves/sft \"a\""},
             "dpo", "corevla_dpo", true},
            {{"--stage", "sft", "--lr", "0.0002"}, "sft", "corevla_sft", false},
        };
        for (const Case& c : cases) {
            const QString out = file("run-" + c.stage);
            const Run r = cli(QStringList{"export", "--project", m_project, "--format", "llamafactory-run", "--out", out, "--quiet"} + c.args);
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const auto read = [&](const QString& name) {  // empty when missing: the checks below then fail
                QFile f(out + "/" + name);
                return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
            };
            QMap<QString, QString> keys;
            for (const QString& line : QString::fromUtf8(read("train.yaml")).split('\n')) {
                if (line.isEmpty() || line.startsWith('#')) continue;
                const qsizetype colon = line.indexOf(": ");
                QVERIFY2(colon > 0, qPrintable(line));
                QVERIFY2(documented.contains(line.left(colon)), qPrintable("not a documented key: " + line));
                keys[line.left(colon)] = line.mid(colon + 2);
            }
            QCOMPARE(keys["stage"], c.stage);
            QCOMPARE(keys["dataset"], c.dataset);
            QCOMPARE(keys["template"], QString("qwen2_vl"));
            QCOMPARE(keys["lora_rank"], QString("64"));
            QCOMPARE(keys["lora_alpha"], QString("128"));
            QCOMPARE(keys["bf16"], QString("true"));
            // The dataset it names is the one dataset_info.json defines.
            QVERIFY(QJsonDocument::fromJson(read("dataset_info.json")).object().contains(c.dataset));
            QCOMPARE(QFileInfo::exists(out + "/ds_z3_config.json"), c.zero3);
            QCOMPARE(keys.contains("deepspeed"), c.zero3);
            if (c.stage == "dpo") {
                QCOMPARE(keys["pref_beta"], QString("0.2"));
                QCOMPARE(keys["pref_loss"], QString("ipo"));
                QCOMPARE(keys["num_train_epochs"], QString("2.0"));
                QCOMPARE(keys["adapter_name_or_path"], QString("\"saves/sft \\\"a\\\"\""));
                QVERIFY(read("README.md").contains("FORCE_TORCHRUN=1 NPROC_PER_NODE=7 llamafactory-cli train train.yaml"));
            } else {
                QVERIFY(!keys.contains("pref_beta"));
                QCOMPARE(keys["learning_rate"], QString("2.0e-04"));
            }
            const QJsonArray files = QJsonDocument::fromJson(read("manifest.json")).object()["files"].toArray();
            QVERIFY(files.contains(QJsonValue("train.yaml")) && files.contains(QJsonValue("README.md")));
            const Run check = cli({"export", "--check", out});
            QVERIFY2(check.code == 0, qPrintable(check.out));
        }
    }

    void checkNamesProblemsAndExits1() {
        const QString dir = file("broken");
        corevla::testing::copyTree(file("export-llamafactory-dpo"), dir);
        QJsonArray examples = QJsonDocument::fromJson(readAll(dir + "/dpo.json")).array();
        QJsonObject first = examples[0].toObject();
        first["images"] = "images/0/0.jpg";
        examples[0] = first;
        QVERIFY(writeAll(dir + "/dpo.json", QJsonDocument(examples).toJson()));
        QJsonObject info = QJsonDocument::fromJson(readAll(dir + "/dataset_info.json")).object();
        QJsonObject entry = info["corevla_dpo"].toObject();
        entry.remove("ranking");
        info["corevla_dpo"] = entry;
        QVERIFY(writeAll(dir + "/dataset_info.json", QJsonDocument(info).toJson()));
        const Run r = cli({"export", "--check", dir});
        QCOMPARE(r.code, 1);
        const QStringList lines = r.out.split('\n');
        QVERIFY2(lines.contains("dpo.json: entry 0: images is a string, not a list: the trainer takes each character for a path"), qPrintable(r.out));
        QVERIFY2(lines.contains("dataset_info.json: dataset \"corevla_dpo\": \"columns\" names chosen/rejected but \"ranking\" is not true"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("manifest.json: content_hash"), qPrintable(r.out));
        const Run missing = cli({"export", "--check", file("no-such-folder")});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.out.contains("is not a folder"));
    }

    void importPairsRoundTrip() {
        const QString other = file("other.corevla"), data = file("export-llamafactory-dpo/dpo.json");
        const Run r = cli({"import-pairs", "--project", other, data, "--author", "bob"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, "imported 2 pair(s) from " + data + " as needs-review (ids 1-2); 0 already imported and unchanged\n");
        const Run again = cli({"import-pairs", "--project", other, data, "--author", "bob"});
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains("imported 0 pair(s)") && again.out.contains("2 already imported and unchanged"), qPrintable(again.out));
        const QJsonArray stored = pairs(other);
        QCOMPARE(stored.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const QJsonObject p = stored[i].toObject();
            QCOMPARE(p["status"].toString(), QString("needs-review"));
            QCOMPARE(p["author"].toString(), QString("bob"));
            QVERIFY(p["segment"].isNull());
            const QJsonArray images = p["images"].toArray();
            QVERIFY(!images.isEmpty());
            QVERIFY2(images[0].toString() == QDir::cleanPath(file(QString("export-llamafactory-dpo/images/%1/0.jpg").arg(i))),
                     qPrintable(images[0].toString()));
        }
        const Run back = cli({"export", "--project", other, "--format", "llamafactory-dpo", "--out", file("again"),
                              "--status", "needs-review", "--quiet"});
        QVERIFY2(back.code == 0, qPrintable(back.err));
        QCOMPARE(readAll(file("again/dpo.json")), readAll(data));
        QCOMPARE(readAll(file("again/images/1/0.jpg")), readAll(file("export-llamafactory-dpo/images/1/0.jpg")));
    }

    void importPairsBadFileImportsNothing() {
        const QString bad = file("bad.json");
        const QByteArray good = QJsonDocument(QJsonDocument::fromJson(readAll(file("export-llamafactory-dpo/dpo.json"))).array()[0].toObject())
                                    .toJson(QJsonDocument::Compact);
        QVERIFY(writeAll(bad, "[" + good + R"(,{"conversations":[{"from":"human","value":"Q"}],"rejected":{"from":"gpt","value":"r"}}])"));
        const QString project = file("bad.corevla");
        const Run r = cli({"import-pairs", "--project", project, bad});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("error: " + bad + ": entry 1: \"chosen\" is missing"), qPrintable(r.err));
        QVERIFY2(r.err.contains("nothing imported from " + bad), qPrintable(r.err));
        QCOMPARE(pairs(project).size(), 0);
    }

    void exportsFramesCheckedClean() {
        const QString out = file("frames"), again = file("frames-again");
        const QStringList args{"export", "--project", m_project, "--format", "llamafactory-sft", "--from", "frames",
                               "--width", "128"};
        // The small sample's sessions are takeovers nearly end to end: nothing is left outside segments.
        const Run none = cli(args + QStringList{"--exclude-segments", "--out", out, "--quiet"});
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains("error: every sampled frame lies inside a segment"), qPrintable(none.err));
        QVERIFY(!QFileInfo::exists(out));
        const Run r = cli(args + QStringList{"--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("exported ") && r.out.contains(" example(s) from frames (") &&
                     r.out.contains("(0 inside segments left out, 0 skipped)") && r.out.contains("examples/s); content hash "),
                 qPrintable(r.out));
        QVERIFY2(r.err.contains("questions of recording"), qPrintable(r.err));  // progress on stderr
        const Run check = cli({"export", "--check", out});
        QVERIFY2(check.code == 0, qPrintable(check.out));
        QVERIFY2(check.out.contains("llamafactory-sft sft.json; "), qPrintable(check.out));
        const QJsonObject manifest = QJsonDocument::fromJson(readAll(out + "/manifest.json")).object();
        QCOMPARE(manifest["filter"].toObject()["from"].toString(), QString("frames"));
        QVERIFY(manifest["counts"].toObject()["examples"].toInt() > 0);
        // Same project, same bytes.
        QCOMPARE(cli(args + QStringList{"--out", again, "--quiet"}).code, 0);
        QCOMPARE(readAll(again + "/sft.json"), readAll(out + "/sft.json"));
        QCOMPARE(readAll(again + "/manifest.json"), readAll(out + "/manifest.json"));
    }

    void helpListsTheCommands() {
        const Run r = cli({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("export --project P --format llamafactory-dpo|trl-dpo|llamafactory-sft --out DIR"));
        QVERIFY(r.out.contains("only approved pairs unless"));
        QVERIFY(r.out.contains("export --check DIR"));
        QVERIFY(r.out.contains("--from frames --out DIR [--every S]"));
        QVERIFY(r.out.contains("import-pairs --project P FILE"));
    }
};

QTEST_GUILESS_MAIN(TestCliDataset)
#include "tst_cli_dataset.moc"
