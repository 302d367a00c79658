// SPDX-License-Identifier: MIT
// Runs, their metric series and the model registry in a real project file:
// round trips, the metric series kept per split and step, what depends on a
// model, forgetting one never deleting a run, and the runs a dead owner left
// "running" (runs with the sanitizer builds, unlike the training tests).
#include <QTemporaryDir>
#include <filesystem>
#include <QtTest>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/project.h"
#include "storage/run_store.h"

using namespace corevla;

class TestRunStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static Run aRun(RunKind kind) {
        Run r;
        r.kind = kind;
        r.config = R"({"seed":42})";
        r.folder = "/runs/run-1";
        r.pairIds = {3, 17, 42};
        r.examples = 3;
        return r;
    }

private Q_SLOTS:
    void runsModelsAndMetricsRoundTrip() {
        Project p;
        QVERIFY(p.open(m_dir.filePath("a.corevla").toStdString(), Project::Mode::OpenOrCreate));
        RunStore store(p);
        const auto sft = store.insertRun(aRun(RunKind::Sft));
        QVERIFY2(sft, store.lastError().c_str());
        Run r = *store.run(*sft);
        QCOMPARE(r.status, RunStatus::Running);
        QCOMPARE(r.pairIds, (std::vector<std::int64_t>{3, 17, 42}));
        QCOMPARE(r.ownerPid, std::int64_t(getpid()));
        QCOMPARE(r.ownerHost, RunStore::thisHost());

        QVERIFY(store.addMetrics(*sft, {{"train", "loss", 10, 2.5}, {"train", "loss", 20, 1.5}, {"eval", "loss", 20, 1.75}}));
        QVERIFY(store.addMetrics(*sft, {{"train", "loss", 20, 1.25}}));  // a step written again replaces its value
        const auto metrics = *store.metrics(*sft);
        QCOMPARE(metrics.size(), std::size_t(3));
        QCOMPARE(metrics[0].split, std::string("eval"));
        QCOMPARE(metrics[2].value, 1.25);
        QCOMPARE(store.lastMetric(*sft, "train", "loss"), std::optional<double>(1.25));
        QCOMPARE(store.lastMetric(*sft, "eval", "loss"), std::optional<double>(1.75));
        QVERIFY(!store.lastMetric(*sft, "train", "rewards/margins"));

        const auto model = store.registerOutput(r, "sft run 1", "/runs/run-1/out/model");
        QVERIFY(model);
        QCOMPARE(r.outputModel, *model);
        QCOMPARE(store.model(*model)->run, *sft);
        r.status = RunStatus::Completed;
        r.device = "cpu bf16";
        r.durationS = 12.5;
        QVERIFY(store.saveRun(r));
        QCOMPARE(store.run(*sft)->status, RunStatus::Completed);
        QCOMPARE(store.run(*sft)->outputModel, *model);

        Run refine = aRun(RunKind::Dpo);
        refine.baseModel = *model;
        const auto dpo = store.insertRun(refine);
        ModelEntry child;
        child.name = "dpo run 2";
        child.location = "/runs/run-2/out/model";
        child.parent = *model;
        child.run = *dpo;
        const auto refined = store.insertModel(child);
        QVERIFY(dpo && refined);
        QCOMPARE(store.dependents(*model)->runs, 2);
        QCOMPARE(store.dependents(*model)->models, 1);
        QVERIFY(!store.dependents(*refined)->any());

        // Forgetting a model keeps every run and the models refined from it.
        QVERIFY(store.removeModel(*model));
        QCOMPARE(store.runs()->size(), std::size_t(2));
        QCOMPARE(store.run(*sft)->outputModel, 0);
        QCOMPARE(store.run(*dpo)->baseModel, 0);
        QCOMPARE(store.model(*refined)->parent, 0);
        QVERIFY(store.saveModel({*refined, "renamed", "native", "/elsewhere", 0, 0, "a note", ""}));
        QCOMPARE(store.model(*refined)->name, std::string("renamed"));
        QCOMPARE(store.model(*refined)->note, std::string("a note"));

        QVERIFY(store.removeRun(*sft));
        QVERIFY(store.metrics(*sft)->empty());  // its series went with it
        QCOMPARE(store.model(*refined)->run, *dpo);
    }

    // A trainer line's numbers: eval_ names become the eval split, the
    // line's coordinates are no series.
    void trainerLinesBecomeMetricPoints() {
        const auto points = metricPointsOf(40, {{"step", 40}, {"epoch", 1.5}, {"elapsed_s", 9}, {"loss", 0.5}, {"eval_loss", 0.75},
                                                {"eval_rewards/margins", 2}});
        QCOMPARE(points.size(), std::size_t(3));
        QCOMPARE(points[0].split + " " + points[0].name, std::string("train loss"));
        QCOMPARE(points[1].split + " " + points[1].name, std::string("eval loss"));
        QCOMPARE(points[2].name, std::string("rewards/margins"));
        QCOMPARE(points[2].step, 40);
        QCOMPARE(points[2].value, 2.0);
    }

    // run-ID beside the project, never a folder that is already there.
    void runFoldersNeverReuseOneThatExists() {
        const std::filesystem::path project = m_dir.filePath("folders.v2.corevla").toStdString();
        const auto first = newRunFolder(project, 7);
        QCOMPARE(first, project.parent_path() / "folders.v2-runs" / "run-7");
        std::filesystem::create_directories(first);
        QCOMPARE(newRunFolder(project, 7), project.parent_path() / "folders.v2-runs" / "run-7.2");
        std::filesystem::create_directories(project.parent_path() / "folders.v2-runs" / "run-7.2");
        QCOMPARE(newRunFolder(project, 7).filename(), std::filesystem::path("run-7.3"));
    }

    void runsLeftRunningByADeadOwnerAreInterrupted() {
        Project p;
        QVERIFY(p.open(m_dir.filePath("b.corevla").toStdString(), Project::Mode::OpenOrCreate));
        RunStore store(p);
        const auto dead = store.insertRun(aRun(RunKind::Sft)), alive = store.insertRun(aRun(RunKind::Sft)),
                   silent = store.insertRun(aRun(RunKind::Dpo)), done = store.insertRun(aRun(RunKind::Dpo));
        QVERIFY(dead && alive && silent && done);
        Run finished = *store.run(*done);
        finished.status = RunStatus::Completed;
        QVERIFY(store.saveRun(finished));
        const pid_t child = fork();
        if (child == 0) _exit(0);
        QVERIFY(child > 0 && waitpid(child, nullptr, 0) == child);
        QVERIFY(p.database().exec("UPDATE runs SET owner_pid = " + std::to_string(child) + " WHERE id = " + std::to_string(*dead)));
        QVERIFY(p.database().exec("UPDATE runs SET owner_host = 'elsewhere', heartbeat_at = '2020-01-01T00:00:00Z' WHERE id IN (" +
                                  std::to_string(*silent) + ", " + std::to_string(*done) + ")"));
        const auto alivePid = [](std::int64_t pid) { return pid == getpid(); };
        QCOMPARE(store.markInterrupted(alivePid, 180), std::optional<int>(2));
        QCOMPARE(store.run(*dead)->status, RunStatus::Interrupted);
        QCOMPARE(store.run(*silent)->status, RunStatus::Interrupted);
        QVERIFY(QString::fromStdString(store.run(*silent)->error).contains("elsewhere"));
        QCOMPARE(store.run(*alive)->status, RunStatus::Running);
        QCOMPARE(store.run(*done)->status, RunStatus::Completed);  // only running runs
        QCOMPARE(store.markInterrupted(alivePid, 180), std::optional<int>(0));
    }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_run_store.moc"
