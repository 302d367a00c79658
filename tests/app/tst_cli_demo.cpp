// SPDX-License-Identifier: MIT
// `corevla demo` end to end on a small sample with a few training
// steps: the JSON it promises, the project it leaves (takeover pairs
// approved, two completed runs with their metrics and held-out scores, the
// DPO model refined from the SFT one), and that it never overwrites a
// project. The result itself (agreement numbers) is measured with the full
// demo, not here: a few steps teach nothing.
#include <QFile>
#ifdef COREVLA_TEST_WITH_GUI
#include <QImage>
#endif
#include <QProcess>
#include <QStandardPaths>
#include <QUrl>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/run_store.h"
#include "tests/common/artifacts.h"
#include "tests/common/cli_run.h"

using namespace corevla;

class TestCliDemo : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_sample;

private Q_SLOTS:
    // Two extra sessions of 20-40 s: the shared small sample's frames all lie
    // in segments, and SFT here learns from the frames outside them.
    void initTestCase() {
        m_sample = m_dir.filePath("sample");
        const auto r = testing::runCli({"sample", "--out", m_sample, "--sessions", "2", "--frames", "25", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void runsTheLoopAndKeepsItsProject() {
        const QString out = m_dir.filePath("demo");
        const auto r = testing::runCli({"demo", "--sample", m_sample, "--out", out, "--seed", "3", "--sft-steps", "4", "--dpo-steps", "2", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["seed"].toInt(), 3);
        QVERIFY(j["sessions"]["train"].toInt() >= 1 && j["sessions"]["heldout"].toInt() >= 1);
        for (const char* name : {"sft", "dpo"}) {
            const QJsonObject m = j["models"][name].toObject();
            QVERIFY2(m["takeover_n"].toInt() > 0 && m["normal_n"].toInt() > 0, name);
            for (const char* key : {"takeover_agreement", "normal_agreement"})
                QVERIFY2(m[key].isDouble() && m[key].toDouble() >= 0 && m[key].toDouble() <= 1, key);
            for (const char* key : {"bleu4", "rouge_l"}) QVERIFY2(m[key].toDouble() >= 0 && m[key].toDouble() <= 100, key);
        }
        QCOMPARE(j["models"]["sft"]["takeover_n"], j["models"]["dpo"]["takeover_n"]);  // the same decisions for both

        Project p;
        QVERIFY(p.open((out + "/project.corevla").toStdString(), Project::Mode::OpenExisting));
        RunStore store(p);
        const auto runs = store.runs().value();
        QCOMPARE(runs.size(), std::size_t(2));
        const Run& dpo = runs[0];
        const Run& sft = runs[1];
        QCOMPARE(sft.kind, RunKind::Sft);
        QCOMPARE(dpo.kind, RunKind::Dpo);
        QCOMPARE(sft.status, RunStatus::Completed);
        QCOMPARE(dpo.status, RunStatus::Completed);
        QCOMPARE(int(dpo.pairIds.size()), j["pairs"].toInt() + j["normal_pairs"].toInt());
        QCOMPARE(dpo.baseModel, sft.outputModel);
        QCOMPARE(store.model(dpo.outputModel)->parent, sft.outputModel);
        QVERIFY(QFileInfo::exists(out + "/models/sft/checkpoint.json") && QFileInfo::exists(out + "/models/dpo/checkpoint.json"));
        QVERIFY(QFileInfo::exists(QString::fromStdString(dpo.folder) + "/data/manifest.json"));  // a re-run's snapshot
        bool scored = false;
        const auto metrics = store.metrics(dpo.id).value();  // by value: a range-for over a temporary's value() dangles
        for (const MetricPoint& m : metrics) scored = scored || m.name == "heldout_takeover_agreement";
        QVERIFY(scored);
        QVERIFY2(j["normal_pairs"].toInt() > 0, "the sample's driving outside takeovers gives normal-driving pairs");
        int approved = 0, normal = 0;
        const auto pairs = AnnotationStore(p).pairs().value();
        for (const PreferencePair& pair : pairs) {
            approved += pair.status == PairStatus::Approved;
            if (pair.author != "demo (normal driving)") continue;
            ++normal;
            QVERIFY(pair.segment == 0 && pair.recording > 0 && pair.status == PairStatus::Approved);
            QVERIFY(std::find(dpo.pairIds.begin(), dpo.pairIds.end(), pair.id) != dpo.pairIds.end());
            QCOMPARE(pair.chosenAction.direction, std::string("FOLLOW_LANE"));
            QVERIFY2(pair.rejectedAction == (MetaAction{"STOP", "FOLLOW_LANE"}) ||
                         (pair.rejectedAction == MetaAction{"KEEP", "FOLLOW_LANE"} && pair.chosenAction.speed == "ACCELERATE"),
                     pair.rejected.c_str());
        }
        QCOMPARE(approved, j["pairs"].toInt() + j["normal_pairs"].toInt());
        QCOMPARE(normal, j["normal_pairs"].toInt());

        // The same --out again: refused, the project untouched.
        const auto again = testing::runCli({"demo", "--sample", m_sample, "--out", out, "--sft-steps", "1", "--dpo-steps", "1"});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("never overwrites"), qPrintable(again.err));
        QCOMPARE(store.runs()->size(), std::size_t(2));
    }

    // `corevla compare` on the demo's two registered models and its held-out
    // takeover decisions: both models on the same decisions, every aggregate
    // the mean of its decisions, the CSV one row per decision and model.
    void comparesTheDemoModels() {
        const QString project = m_dir.filePath("demo/project.corevla"), csv = m_dir.filePath("compare.csv");
        QVERIFY(QFileInfo::exists(project));
        const QString html = testing::artifactsDir("compare") + "/report.html";
        const auto r = testing::runCli({"compare", "--project", project, "--model", "sft (demo)", "--model", "dpo (demo)", "--status",
                                        "any", "--author", "demo (held out)", "--json", "--csv", csv, "--html", html});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray decisions = j["decisions"].toArray();
        QVERIFY(!decisions.isEmpty());
        QCOMPARE(j["models"].toObject().keys(), (QStringList{"dpo (demo)", "sft (demo)"}));
        for (const QString& name : j["models"].toObject().keys()) {
            const QJsonObject m = j["models"][name].toObject();
            QCOMPARE(m["n"].toInt(), int(decisions.size()));
            int agreed = 0, inCategories = 0;
            double rougeL = 0;
            for (const auto& v : decisions) {
                const QJsonObject d = v.toObject(), said = d["models"][name].toObject();
                QCOMPARE(said["agrees"].toBool(), said["action"].toString() == d["reference"].toString());
                agreed += said["agrees"].toBool();
                rougeL += said["rouge_l"].toDouble();
                QVERIFY(said["bleu4"].toDouble() >= 0 && said["bleu4"].toDouble() <= 100);
            }
            QCOMPARE(m["agreement"].toDouble(), double(agreed) / decisions.size());
            QVERIFY(qAbs(m["rouge_l"].toDouble() - rougeL / decisions.size()) < 1e-9);
            for (const auto& c : m["by_category"].toObject()) inCategories += c.toObject()["n"].toInt();
            QCOMPARE(inCategories, int(decisions.size()));
        }
        // The DPO model's implicit reward margin over its parent, the SFT one.
        const QJsonObject dpo = j["models"]["dpo (demo)"].toObject();
        QCOMPARE(dpo["reference"].toString(), QString("sft (demo)"));
        double margins = 0;
        for (const auto& v : decisions) margins += QJsonValue(v)["models"]["dpo (demo)"]["reward_margin"].toDouble();
        QVERIFY(qAbs(dpo["reward_margin"].toDouble() - margins / decisions.size()) < 1e-9);
        QVERIFY(!j["models"]["sft (demo)"].toObject().contains("reward_margin"));  // no parent, no reference

        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), qsizetype(1 + 2 * decisions.size()));

        reportRendersInABrowser(html);

        // A model whose reference is itself (the same checkpoint) prefers
        // nothing more than its reference: every margin is exactly 0.
        {
            Project p;
            QVERIFY(p.open(project.toStdString(), Project::Mode::OpenExisting));
            RunStore store(p);
            const auto models = store.models().value();
            ModelEntry copy;
            copy.name = "sft again";
            copy.location = models.front().location;
            copy.parent = models.front().id;
            QVERIFY(store.insertModel(copy));
        }
        const auto self = testing::runCli({"compare", "--project", project, "--model", "sft again", "--status", "any", "--author",
                                           "demo (held out)", "--json"});
        QVERIFY2(self.code == 0, qPrintable(self.err));
        const QJsonObject again = QJsonDocument::fromJson(self.out.toUtf8()).object();
        QCOMPARE(again["models"]["sft again"]["reward_margin"].toDouble(), 0.0);
        for (const auto& v : again["decisions"].toArray()) QCOMPARE(QJsonValue(v)["models"]["sft again"]["reward_margin"].toDouble(), 0.0);

        const auto unknown = testing::runCli({"compare", "--project", project, "--model", "no such model"});
        QCOMPARE(unknown.code, 1);
        QVERIFY2(unknown.err.contains("no such model"), qPrintable(unknown.err));
        QCOMPARE(testing::runCli({"compare", "--project", project, "--model", "sft (demo)", "--on", "everything"}).code, 2);
        QCOMPARE(testing::runCli({"compare", "--project", project}).code, 2);
    }

    // The HTML report in headless Chromium (Debian's): both models' colours
    // on screen, in the bar chart and the scatter. The screenshot is kept.
    static void reportRendersInABrowser(const QString& html) {
        const QString chromium = QStandardPaths::findExecutable("chromium");
        if (chromium.isEmpty()) QSKIP("no chromium here (scripts/setup installs it)");
#ifdef COREVLA_TEST_WITH_GUI
        const QString png = testing::artifactsDir("compare") + "/report.png";
        QTemporaryDir profile;
        QProcess browser;
        browser.start(chromium, {"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=" + profile.path(),
                                 "--window-size=1300,1100", "--screenshot=" + png, QUrl::fromLocalFile(html).toString()});
        QVERIFY(browser.waitForFinished(120000));
        const QImage shot(png);
        QVERIFY2(!shot.isNull(), qPrintable(png));
        const auto count = [&](QRgb colour, QRect area) {
            int n = 0;
            for (int y = area.top(); y <= area.bottom(); ++y)
                for (int x = area.left(); x <= area.right(); ++x) {
                    const QRgb p = shot.pixel(x, y);
                    n += qAbs(qRed(p) - qRed(colour)) < 12 && qAbs(qGreen(p) - qGreen(colour)) < 12 && qAbs(qBlue(p) - qBlue(colour)) < 12;
                }
            return n;
        };
        // Below the summary table (its swatches are 12 x 12): the charts.
        const QRect charts(0, 200, shot.width(), shot.height() - 200);
        QVERIFY2(count(qRgb(0x1f, 0x77, 0xb4), charts) > 20, "the first model's marks are missing");
        QVERIFY2(count(qRgb(0xff, 0x7f, 0x0e), charts) > 20, "the second model's marks are missing");
#else
        QSKIP("built without Qt Gui: no QImage to read the screenshot");
#endif
    }

    void usageErrors() {
        const auto r = testing::runCli({"demo", "--sessions", "two"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--sessions needs a number"), qPrintable(r.err));
        QCOMPARE(testing::runCli({"demo", "--seed", "-1"}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliDemo)
#include "tst_cli_demo.moc"
