// SPDX-License-Identifier: MIT
// Reviewing preference pairs in a real window, keys only: the sample
// project's takeovers detected and drafted into pairs, then filtered,
// edited, approved and rejected from the review queue, checked in the
// project file. Also: the item models under QAbstractItemModelTester, live
// lint of a text that contradicts its chips, and two workstations saving
// the same pair. Screenshots go to $COREVLA_ARTIFACTS/review.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "dataset/pair_drafter.h"
#include "dataset/scene.h"
#include "dataset/segment_detector.h"
#include "importers/import_runner.h"
#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/recording_time.h"
#include "tests/common/artifacts.h"
#include "tests/common/pixels.h"
#include "tests/common/shared_sample.h"
#include "ui/chip_selector.h"
#include "ui/frame_strip.h"
#include "ui/lint_bar.h"
#include "ui/main_window.h"
#include "ui/pair_builder.h"
#include "ui/pair_conflict_panel.h"
#include "ui/pair_filter_model.h"
#include "ui/pair_model.h"
#include "ui/playback_workspace.h"
#include "ui/transport.h"
#include "ui/review_queue.h"

using namespace corevla;

namespace {

const QString kReviewer = QStringLiteral("Rita Reviewer");

}  // namespace

class TestReview : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<ui::MainWindow> m_window;

    ui::ReviewQueue* queue() const { return m_window->review(); }
    ui::PairBuilder* builder() const { return queue()->builder(); }

    // Keys go where a person's would: to the widget with the focus.
    void key(int k, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : m_window.get();
        QTest::keyClick(target, Qt::Key(k), mods);
    }
    void type(const QString& text) { QTest::keyClicks(QApplication::focusWidget(), text); }

    std::vector<PreferencePair> storedPairs() {
        Project p;
        if (!p.open(m_project.toStdString(), Project::Mode::OpenExisting)) return {};
        return AnnotationStore(p).pairs().value_or(std::vector<PreferencePair>{});
    }
    PreferencePair storedPair(std::int64_t id) {
        Project p;
        if (!p.open(m_project.toStdString(), Project::Mode::OpenExisting)) return {};
        return AnnotationStore(p).pair(id).value_or(PreferencePair{});
    }
    void shoot(QWidget* widget, const QString& name) {
        QApplication::processEvents();
        const QImage image = widget->grab().toImage();
        QVERIFY2(testing::distinctColors(image) > 50, qPrintable(name));  // something was drawn
        const QString path = testing::artifactsDir("review") + "/" + name;
        QVERIFY(image.save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

    // Every pair as drafted again, so each test starts from drafts.
    void resetPairs() {
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        AnnotationStore store(p);
        const auto pairs = store.pairs();
        const auto summaries = p.recordings();
        QVERIFY(pairs && summaries);
        for (const PreferencePair& pair : *pairs) QVERIFY(store.removePair(pair.id));
        for (const auto& summary : *summaries) {
            const auto recording = p.load(summary.id);
            const auto segments = store.segments(summary.id);
            QVERIFY(recording && segments);
            dataset::DraftOptions options;
            options.author = "drafter";
            for (const Segment& s : *segments)
                if (s.kind == SegmentKind::Takeover) QVERIFY(store.insertPair(dataset::draftPair(*recording, s, options)));
        }
        QVERIFY(queue()->reload());
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("CoReVLA-tests-review");
        QSettings().clear();
        QSettings().setValue("review/name", kReviewer);
        std::filesystem::path sampleDir;
        const auto made = testing::sharedSmallSample(&sampleDir);
        QVERIFY2(made.ok, made.error.c_str());
        m_project = m_dir.filePath("review.corevla");
        {
            Project project;
            QVERIFY(project.open(m_project.toStdString(), Project::Mode::OpenOrCreate));
            QVERIFY(importers::ImportRunner().run(project, {sampleDir}, {}).ok());
            AnnotationStore store(project);
            const auto summaries = project.recordings();
            QVERIFY(summaries);
            for (const auto& summary : *summaries) {
                const auto recording = project.load(summary.id);
                QVERIFY2(recording, project.lastError().c_str());
                QVERIFY(store.storeDetected(summary.id, dataset::detectSegments(*recording)));
            }
        }
        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(m_window->openProject(m_project, false));
        resetPairs();
        QVERIFY2(storedPairs().size() >= 4, "the sample has at least four takeovers");
    }

    void modelsPassTheModelTester() {
        ui::PairModel model;
        ui::PairFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<ui::PairModel::Row> rows;
        for (const PreferencePair& p : storedPairs())
            rows.push_back({p, QStringLiteral("recording %1").arg(p.recording), p.id % 2 ? "Merging" : "Cut-in", {}});
        const int n = int(rows.size());
        model.setRows(rows);
        QCOMPARE(model.rowCount(), n);
        QCOMPARE(filter.rowCount(), n);
        filter.setStatus("draft");
        QCOMPARE(filter.rowCount(), n);
        filter.setCategory("Merging");
        const int merging = filter.rowCount();
        QVERIFY(merging > 0 && merging < n);
        filter.setCategory({});
        filter.setRecording(rows.front().pair.recording);
        QVERIFY(filter.rowCount() >= 1);
        filter.setRecording(0);
        filter.setAuthor("nobody");
        QCOMPARE(filter.rowCount(), 0);
        filter.setAuthor("drafter");
        QCOMPARE(filter.rowCount(), n);
        // A pair approved leaves a "draft" queue at once.
        PreferencePair approved = rows.front().pair;
        approved.status = PairStatus::Approved;
        QVERIFY(model.updatePair(approved));
        QCOMPARE(filter.rowCount(), n - 1);
        QCOMPARE(filter.proxyRowOf(approved.id), -1);
        model.setLint({{rows.back().pair.id, {{"same-action", "x"}}}});
        QCOMPARE(model.index(n - 1, ui::PairModel::LintColumn).data().toInt(), 1);
        filter.sort(ui::PairModel::IdColumn, Qt::DescendingOrder);
        QCOMPARE(filter.pairId(0), rows.back().pair.id);
        model.setRows({});
        QCOMPARE(filter.rowCount(), 0);
    }

    // A new user: the draft queue by keys, one pair edited, one rejected,
    // the others approved, until the queue is empty.
    void reviewsTheTakeoversWithKeysOnly() {
        resetPairs();
        const auto before = storedPairs();
        key(Qt::Key_R, Qt::ControlModifier);  // the review queue
        QVERIFY(queue()->isAncestorOf(QApplication::focusWidget()));
        QVERIFY(queue()->parentWidget()->isVisible());
        key(Qt::Key_T, Qt::AltModifier);  // S&tatus
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(queue()->statusBox()));
        key(Qt::Key_Down);  // "draft"
        QCOMPARE(queue()->filter()->status(), QStringLiteral("draft"));
        key(Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(queue()->view()));
        QCOMPARE(queue()->filter()->rowCount(), int(before.size()));
        const std::int64_t first = queue()->currentPairId();
        QCOMPARE(first, before.front().id);
        QTRY_VERIFY(builder()->strip()->allShown());
        QCOMPARE(builder()->strip()->frames().size(), std::size_t(5));
        shoot(m_window.get(), "review-queue-window.png");
        shoot(builder(), "pair-builder.png");

        // E: the chosen text; a sentence in front of the driver's; Ctrl+S saves it.
        key(Qt::Key_E);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(builder()->chosenEdit()));
        key(Qt::Key_Home, Qt::ControlModifier);
        type("The gap closes fast. ");
        QVERIFY(builder()->isModified());
        key(Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!builder()->isModified());
        const PreferencePair edited = storedPair(first);
        QVERIFY(QString::fromStdString(edited.chosen).startsWith("The gap closes fast. "));
        QCOMPARE(edited.version, 2);
        QCOMPARE(edited.status, PairStatus::Draft);
        key(Qt::Key_Escape);  // back to the list
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(queue()->view()));

        // A: approved, and the draft queue moves on by itself.
        key(Qt::Key_A);
        QCOMPARE(storedPair(first).status, PairStatus::Approved);
        const std::int64_t second = before[1].id;
        QCOMPARE(queue()->currentPairId(), second);
        QCOMPARE(queue()->filter()->rowCount(), int(before.size()) - 1);

        // N / P move; R rejects the second.
        key(Qt::Key_N);
        QCOMPARE(queue()->currentPairId(), before[2].id);
        key(Qt::Key_P);
        QCOMPARE(queue()->currentPairId(), second);
        key(Qt::Key_R);
        QCOMPARE(storedPair(second).status, PairStatus::Rejected);
        QCOMPARE(queue()->currentPairId(), before[2].id);

        // The rest: A until the queue is empty.
        for (std::size_t i = 2; i < before.size(); ++i) {
            QCOMPARE(queue()->currentPairId(), before[i].id);
            key(Qt::Key_A);
        }
        QCOMPARE(queue()->filter()->rowCount(), 0);
        QVERIFY(!builder()->hasPair());

        for (const PreferencePair& p : storedPairs()) {
            QCOMPARE(p.status, p.id == second ? PairStatus::Rejected : PairStatus::Approved);
            QCOMPARE(QString::fromStdString(p.reviewer), kReviewer);
            QCOMPARE(QString::fromStdString(p.author), QStringLiteral("drafter"));
            QVERIFY(QDateTime::fromString(QString::fromStdString(p.reviewedAt), Qt::ISODate).isValid());
            QCOMPARE(p.version, p.id == first ? 3 : 2);
        }
        // Everything reviewed: the "approved" filter lists them.
        key(Qt::Key_T, Qt::AltModifier);
        key(Qt::Key_Down);
        key(Qt::Key_Down);  // needs-review, approved
        QCOMPARE(queue()->filter()->status(), QStringLiteral("approved"));
        QCOMPARE(queue()->filter()->rowCount(), int(before.size()) - 1);
        key(Qt::Key_Up);
        key(Qt::Key_Up);
        key(Qt::Key_Up);  // any status
        QCOMPARE(queue()->filter()->status(), QString());
    }

    // The chips say one thing, the text another: the lint bar says so, and
    // Ctrl+Shift+M makes the text say the chips.
    void lintFlagsATextThatContradictsItsChips() {
        resetPairs();
        key(Qt::Key_R, Qt::ControlModifier);
        QVERIFY(builder()->hasPair());
        QVERIFY(!builder()->lintBar()->has("chosen-contradicts-chips"));
        const std::string speed = builder()->edited().chosenAction.speed;
        const QString other = speed == "STOP" ? "ACCELERATE" : "STOP";
        builder()->speedChips()->findChild<QAbstractButton*>(other)->click();
        QCOMPARE(QString::fromStdString(builder()->edited().chosenAction.speed), other);
        QVERIFY(builder()->lintBar()->has("chosen-contradicts-chips"));
        QVERIFY(builder()->lintBar()->isVisible());
        QVERIFY(builder()->lintBar()->fixButton()->isVisible());
        QVERIFY(builder()->lintBar()->text().contains("chosen-contradicts-chips"));
        QTRY_VERIFY(builder()->strip()->allShown());
        shoot(builder(), "pair-builder-lint.png");
        const std::string explanation = dataset::answerExplanation(builder()->edited().chosen);
        key(Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(!builder()->lintBar()->has("chosen-contradicts-chips"));
        const QString text = builder()->chosenEdit()->toPlainText();
        QVERIFY2(text.endsWith(QStringLiteral(", %1.").arg(other)), qPrintable(text));
        QCOMPARE(dataset::answerExplanation(text.toStdString()), explanation);
        builder()->chosenEdit()->setFocus();
        key(Qt::Key_Z, Qt::ControlModifier);  // in the text, undo takes the fix back
        QVERIFY(builder()->lintBar()->has("chosen-contradicts-chips"));
        builder()->keepTheirs();  // no conflict: nothing happens
        QVERIFY(builder()->isModified());
        key(Qt::Key_Escape);
        key(Qt::Key_S, Qt::ControlModifier);
        QVERIFY(storedPair(builder()->stored().id).chosenAction.speed == other.toStdString());
    }

    // The decision frame moves: the prompt frames end there and the rejected
    // answer is the model's decision in force there.
    void changingTheDecisionFrameRecomputesThePrompt() {
        resetPairs();
        key(Qt::Key_R, Qt::ControlModifier);
        const PreferencePair pair = builder()->stored();
        QSpinBox* decision = builder()->decisionBox();
        const int moved = std::max(decision->minimum(), pair.decisionFrame - 7);
        decision->setValue(moved);
        QCOMPARE(builder()->edited().decisionFrame, moved);
        QCOMPARE(builder()->edited().promptFrames.back(), moved);
        QCOMPARE(builder()->strip()->frames(), builder()->edited().promptFrames);
        QTRY_VERIFY(builder()->strip()->allShown());
        // The drafted question opens with the ego's state at the decision: it follows the frame.
        const std::string asked = dataset::withoutEgoState(pair.question);
        QVERIFY2(asked != pair.question, pair.question.c_str());
        Project project;
        QVERIFY(project.open(m_project.toStdString(), Project::Mode::OpenExisting));
        const auto recording = project.load(pair.recording);
        QVERIFY(recording);
        QCOMPARE(builder()->edited().question, dataset::questionAt(*recording, moved, asked));
        // Another camera: the strip follows.
        QComboBox* camera = builder()->cameraBox();
        if (camera->count() > 1) {
            camera->setCurrentIndex((camera->currentIndex() + 1) % camera->count());
            QCOMPARE(QString::fromStdString(builder()->edited().camera), camera->currentText());
            QTRY_VERIFY(builder()->strip()->allShown());
        }
        QVERIFY(builder()->isModified());
        queue()->view()->setFocus();
        key(Qt::Key_S, Qt::ControlModifier);
        const PreferencePair saved = storedPair(pair.id);
        QCOMPARE(saved.decisionFrame, moved);
        QCOMPARE(saved.promptFrames, builder()->edited().promptFrames);
    }

    // Two workstations, one pair: the later save reports the conflict and
    // shows both texts; only an explicit second save puts yours on top.
    void theLaterSaveOfTwoWorkstationsShowsBothTexts() {
        resetPairs();
        key(Qt::Key_R, Qt::ControlModifier);
        const std::int64_t id = queue()->currentPairId();
        QVERIFY(id > 0);
        {
            Project other;  // the other workstation: its own connection to the same file
            QVERIFY(other.open(m_project.toStdString(), Project::Mode::OpenExisting));
            AnnotationStore store(other);
            PreferencePair theirs = store.pair(id).value();
            theirs.chosen = "Theirs: brake for the stopped car. Decision: FOLLOW_LANE, STOP.";
            theirs.chosenAction = {"STOP", "FOLLOW_LANE"};
            QVERIFY(store.savePair(theirs).ok());
        }
        key(Qt::Key_E);
        key(Qt::Key_Home, Qt::ControlModifier);
        type("Mine: ");
        key(Qt::Key_S, Qt::ControlModifier);
        ui::PairConflictPanel* conflict = builder()->conflictPanel();
        QVERIFY(conflict->isVisible());
        QVERIFY(conflict->mineText().contains("Mine: "));
        QVERIFY(conflict->theirsText().contains("Theirs: brake for the stopped car."));
        QVERIFY(builder()->messageText().contains("someone else saved"));
        QCOMPARE(storedPair(id).chosen, std::string("Theirs: brake for the stopped car. Decision: FOLLOW_LANE, STOP."));
        QTRY_VERIFY(builder()->strip()->allShown());
        shoot(builder(), "pair-builder-conflict.png");

        // N does not leave a pair in conflict.
        key(Qt::Key_Escape);
        key(Qt::Key_N);
        QTest::qWait(50);
        QCOMPARE(queue()->currentPairId(), id);

        // Save yours over theirs: a new version on top of theirs.
        conflict->saveMineButton()->click();
        QVERIFY(!conflict->isVisible());
        const PreferencePair mine = storedPair(id);
        QVERIFY(QString::fromStdString(mine.chosen).startsWith("Mine: "));
        QCOMPARE(mine.version, 3);

        // And the other way out: keep theirs.
        {
            Project other;
            QVERIFY(other.open(m_project.toStdString(), Project::Mode::OpenExisting));
            AnnotationStore store(other);
            PreferencePair theirs = store.pair(id).value();
            theirs.question = "Theirs again?";
            QVERIFY(store.savePair(theirs).ok());
        }
        builder()->chosenEdit()->setFocus();
        type("!");
        key(Qt::Key_S, Qt::ControlModifier);
        QVERIFY(conflict->isVisible());
        conflict->keepTheirsButton()->click();
        QVERIFY(!conflict->isVisible());
        QCOMPARE(builder()->questionEdit()->text(), QStringLiteral("Theirs again?"));
        QVERIFY(!builder()->isModified());
        QCOMPARE(builder()->stored().version, 4);
        QCOMPARE(storedPair(id).version, 4);
    }

    // With the pair's recording open in the playback, opening the pair seeks
    // there (once its prompt frames are shown).
    void openingAPairSeeksThePlaybackToItsDecision() {
        resetPairs();
        const auto pairs = storedPairs();
        const PreferencePair& second = pairs.at(1);
        QVERIFY(m_window->openRecording(second.recording));
        const Recording& open = *m_window->playback()->recording();
        key(Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(queue()->currentPairId(), pairs.front().id);
        key(Qt::Key_N);
        QCOMPARE(queue()->currentPairId(), second.id);
        QTRY_COMPARE(m_window->playback()->transport()->frame(), framePosition(open, second.decisionFrame));
    }

    void draftPairsFillsSegmentsWithoutOne() {
        {
            Project p;
            QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
            AnnotationStore store(p);
            const auto pairs = store.pairs();
            QVERIFY(pairs);
            for (const PreferencePair& pair : *pairs) QVERIFY(store.removePair(pair.id));
        }
        QVERIFY(queue()->reload());
        QCOMPARE(queue()->model()->rowCount(), 0);
        const int drafted = queue()->draftPairs();
        QVERIFY(drafted >= 4);
        QCOMPARE(queue()->model()->rowCount(), drafted);
        for (const PreferencePair& p : storedPairs()) QCOMPARE(QString::fromStdString(p.author), kReviewer);
        QCOMPARE(queue()->draftPairs(), 0);  // every segment has one now
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestReview)
#include "tst_review.moc"
