// SPDX-License-Identifier: MIT
#include "ui/pair_builder.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "dataset/pair_drafter.h"
#include "dataset/scene.h"
#include "importers/common/meta_action.h"
#include "storage/annotation_store.h"
#include "storage/project.h"
#include "ui/chip_selector.h"
#include "ui/chips.h"
#include "ui/frame_strip.h"
#include "ui/lint_bar.h"
#include "ui/pair_conflict_panel.h"
#include "ui/pair_model.h"
#include "ui/spans.h"

namespace corevla::ui {
namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

template <std::size_t N>
QStringList words(const std::array<std::string_view, N>& tokens) {
    QStringList list;
    for (std::string_view t : tokens) list << QString::fromLatin1(t.data(), qsizetype(t.size()));
    return list;
}

// What a save compares: everything but status, people, times and version.
bool sameContent(const PreferencePair& a, const PreferencePair& b) {
    return a.decisionFrame == b.decisionFrame && a.promptFrames == b.promptFrames && a.camera == b.camera &&
           a.question == b.question && a.chosen == b.chosen && a.chosenAction == b.chosenAction &&
           a.rejected == b.rejected && a.rejectedAction == b.rejectedAction;
}

QPlainTextEdit* answerEdit(QWidget* parent, bool readOnly) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setReadOnly(readOnly);
    edit->setTabChangesFocus(true);  // Tab moves on to the chips, as everywhere in the form
    edit->setMinimumHeight(60);
    QFont f = edit->font();
    f.setPointSizeF(f.pointSizeF() * 1.05);
    edit->setFont(f);
    return edit;
}

}  // namespace

PairBuilder::PairBuilder(QWidget* parent)
    : QWidget(parent), m_header(new QLabel(this)), m_status(makeChip(this, 1.0)), m_message(new QLabel(this)),
      m_rejectedSpeed(makeChip(this, 1.15)), m_rejectedDirection(makeChip(this, 1.15)), m_strip(new FrameStrip(this)),
      m_decision(new QSpinBox(this)), m_camera(new QComboBox(this)), m_question(new QLineEdit(this)),
      m_rejected(answerEdit(this, true)), m_chosen(answerEdit(this, false)),
      m_speed(new ChipSelector(words(importers::kSpeedTokens), 4, [](const QString& w) {
          return palette::speedCommand(w.toStdString());
      }, this)),
      m_direction(new ChipSelector(words(importers::kDirectionTokens), 3, [](const QString&) {
          return QColor(0x45, 0x5A, 0x64);
      }, this)),
      m_lint(new LintBar(this)), m_conflict(new PairConflictPanel(this)), m_answers(new QStackedWidget(this)) {
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);  // long recording names wrap instead of widening the builder
    m_message->setTextFormat(Qt::RichText);
    m_message->setWordWrap(true);
    m_decision->setKeyboardTracking(false);  // typed numbers take effect on Enter, not per digit
    m_decision->setToolTip(tr("The model's decision frame (Frame::index); the prompt frames end here"));
    m_camera->setToolTip(tr("The camera whose images the prompt shows (remembered per recording)"));
    m_camera->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_question->setPlaceholderText(QString::fromLatin1(dataset::kDefaultQuestion));
    m_chosen->setObjectName("chosenText");
    m_chosen->installEventFilter(this);
    m_question->installEventFilter(this);

    auto* header = new QHBoxLayout;
    header->addWidget(m_header, 1);
    header->addWidget(m_status);
    auto* frameRow = new QHBoxLayout;
    frameRow->addWidget(new QLabel(tr("Decision frame"), this));
    frameRow->addWidget(m_decision);
    frameRow->addSpacing(12);
    frameRow->addWidget(new QLabel(tr("Camera"), this));
    frameRow->addWidget(m_camera);
    frameRow->addSpacing(12);
    frameRow->addWidget(new QLabel(tr("Question"), this));
    frameRow->addWidget(m_question, 1);
    auto* answers = new QWidget(this);
    auto* answersLayout = new QHBoxLayout(answers);
    answersLayout->setContentsMargins(0, 0, 0, 0);
    answersLayout->addWidget(buildRejected(), 2);
    answersLayout->addWidget(buildChosen(), 3);
    m_answers->addWidget(answers);
    m_answers->addWidget(m_conflict);

    m_saveAction = new QAction(tr("Sa&ve pair"), this);
    m_saveAction->setObjectName("savePair");
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_saveAction, &QAction::triggered, this, [this] { save(); });
    addAction(m_saveAction);
    m_fixAction = new QAction(tr("&Make the text say the chips"), this);
    m_fixAction->setObjectName("fixChosenText");
    m_fixAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_fixAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_fixAction, &QAction::triggered, this, &PairBuilder::makeTextSayChips);
    addAction(m_fixAction);
    auto* saveButton = new QToolButton(this);
    saveButton->setDefaultAction(m_saveAction);
    saveButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    saveButton->setFocusPolicy(Qt::NoFocus);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_message, 1);
    footer->addWidget(saveButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_strip);
    layout->addLayout(frameRow);
    layout->addWidget(m_answers, 1);
    layout->addWidget(m_lint);
    layout->addLayout(footer);

    connect(m_decision, &QSpinBox::valueChanged, this, &PairBuilder::onDecisionFrame);
    connect(m_camera, &QComboBox::currentIndexChanged, this, &PairBuilder::onCamera);
    connect(m_question, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_edit.question = text.toStdString();
        relint();
    });
    connect(m_chosen, &QPlainTextEdit::textChanged, this, [this] {
        m_edit.chosen = m_chosen->toPlainText().toStdString();
        relint();
    });
    connect(m_speed, &ChipSelector::valueChanged, this, [this](const QString& w) {
        m_edit.chosenAction.speed = w.toStdString();
        relint();
    });
    connect(m_direction, &ChipSelector::valueChanged, this, [this](const QString& w) {
        m_edit.chosenAction.direction = w.toStdString();
        relint();
    });
    connect(m_lint, &LintBar::fixRequested, this, &PairBuilder::makeTextSayChips);
    connect(m_conflict, &PairConflictPanel::keepTheirs, this, &PairBuilder::keepTheirs);
    connect(m_conflict, &PairConflictPanel::saveMine, this, [this] { saveMineOverTheirs(); });
    clearPair();
}

QWidget* PairBuilder::buildRejected() {
    auto* box = new QGroupBox(tr("Rejected — what the model decided"), this);
    auto* chips = new QHBoxLayout;
    chips->addWidget(m_rejectedSpeed);
    chips->addWidget(new QLabel(QStringLiteral("×"), box));
    chips->addWidget(m_rejectedDirection);
    chips->addStretch(1);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(chips);
    layout->addWidget(m_rejected, 1);
    m_rejected->setFocusPolicy(Qt::ClickFocus);  // read-only: Tab goes past it
    return box;
}

QWidget* PairBuilder::buildChosen() {
    auto* box = new QGroupBox(tr("Chosen — what the driver did (edit)"), this);
    auto* form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Speed"), m_speed);
    form->addRow(tr("Direction"), m_direction);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addWidget(m_chosen, 1);
    return box;
}

void PairBuilder::setProject(Project* project) {
    m_project = project;
    clearPair();
}

void PairBuilder::clearPair() {
    m_stored = m_edit = PreferencePair{};
    m_recording = nullptr;
    m_segment = nullptr;
    m_extraLint.clear();
    m_answers->setCurrentIndex(0);
    m_strip->setRecording(nullptr);
    showPair();
    setEnabled(false);
}

void PairBuilder::setPair(const PreferencePair& pair, const Recording* recording, const Segment* segment,
                          std::vector<dataset::LintIssue> extraLint) {
    m_stored = m_edit = pair;
    m_recording = recording;
    m_segment = segment;
    m_extraLint = std::move(extraLint);
    m_answers->setCurrentIndex(0);
    m_strip->setRecording(recording);
    setEnabled(true);
    showPair();
}

bool PairBuilder::isModified() const { return hasPair() && !sameContent(m_stored, m_edit); }

bool PairBuilder::inConflict() const { return m_answers->currentWidget() == m_conflict; }

std::vector<dataset::LintIssue> PairBuilder::lint() const { return m_lint->issues(); }

QString PairBuilder::messageText() const { return m_message->text(); }

void PairBuilder::showPair() {
    const QSignalBlocker b1(m_decision), b2(m_camera), b3(m_question), b4(m_chosen);
    const bool hasFrames = m_recording && !m_recording->frames.empty();
    m_decision->setEnabled(hasFrames);
    m_decision->setRange(hasFrames ? m_recording->frames.front().index : -1,
                         hasFrames ? m_recording->frames.back().index : 1 << 30);
    m_decision->setValue(m_edit.decisionFrame);
    m_camera->clear();
    if (m_recording)
        for (const Camera& c : m_recording->cameras)
            if (!c.isAttention) m_camera->addItem(q(c.name));
    if (m_camera->findText(q(m_edit.camera)) < 0) m_camera->addItem(q(m_edit.camera));
    m_camera->setCurrentIndex(m_camera->findText(q(m_edit.camera)));
    m_camera->setEnabled(m_recording != nullptr);
    showQuestion();
    m_chosen->setPlainText(q(m_edit.chosen));
    m_speed->setValue(q(m_edit.chosenAction.speed));
    m_direction->setValue(q(m_edit.chosenAction.direction));
    showRejected();
    showFrames();
    relint();
}

void PairBuilder::showRejected() {
    m_rejected->setPlainText(q(m_edit.rejected));
    showSpeedChip(m_rejectedSpeed, m_edit.rejectedAction.speed);
    showDirectionChip(m_rejectedDirection, m_edit.rejectedAction.direction);
}

void PairBuilder::showFrames() {
    if (!m_recording) {
        m_strip->clear();
        return;
    }
    const auto& cameras = m_recording->cameras;
    const auto it = std::find_if(cameras.begin(), cameras.end(), [&](const Camera& c) { return c.name == m_edit.camera; });
    m_strip->setFrames(it == cameras.end() ? -1 : int(it - cameras.begin()), m_edit.promptFrames, m_edit.decisionFrame);
}

void PairBuilder::showHeader() {
    if (!hasPair()) {
        m_header->setText(tr("<i>No pair selected</i>"));
        m_status->hide();
        m_message->clear();
        return;
    }
    QString context = m_recording ? q(m_recording->name).toHtmlEscaped() : q(m_edit.source).toHtmlEscaped();
    if (m_segment)
        context += tr(" · %1%2 · frames %3–%4")
                       .arg(QString::fromLatin1(segmentKindName(m_segment->kind)))
                       .arg(m_segment->category.empty() ? QString() : tr(", %1").arg(q(m_segment->category).toHtmlEscaped()))
                       .arg(m_segment->startFrame)
                       .arg(m_segment->endFrame);
    m_header->setText(tr("<b>Pair %1</b> · %2").arg(m_edit.id).arg(context));
    m_status->setText(QString::fromLatin1(pairStatusName(m_stored.status)));
    m_status->setStyleSheet(chipStyle(PairModel::statusColor(m_stored.status)));
    m_status->show();
    QString meta = tr("by %1, created %2").arg(q(m_stored.author.empty() ? "—" : m_stored.author), q(m_stored.createdAt));
    if (!m_stored.reviewer.empty())
        meta += tr(" · reviewed by <b>%1</b> at %2").arg(q(m_stored.reviewer).toHtmlEscaped(), q(m_stored.reviewedAt));
    meta += tr(" · version %1").arg(m_stored.version);
    if (isModified()) meta += tr(" · <span style='color:#c77c02'>● unsaved changes (Ctrl+S)</span>");
    m_message->setText(meta);
}

void PairBuilder::setMessage(const QString& text, bool error) {
    showHeader();
    m_message->setText(m_message->text() + QStringLiteral(" · <span style='color:%1'>%2</span>")
                                               .arg(error ? "#c62828" : "#2e7d32", text.toHtmlEscaped()));
}

void PairBuilder::relint() {
    if (!hasPair()) {
        m_lint->setIssues({});
        showHeader();
        return;
    }
    auto issues = dataset::lintPair(m_edit, dataset::LintContext{m_segment, m_recording});
    issues.insert(issues.end(), m_extraLint.begin(), m_extraLint.end());
    m_lint->setIssues(issues);
    showHeader();
}

void PairBuilder::prefetch(const PreferencePair& pair) {
    if (!m_recording || pair.recording != m_recording->id) return;  // the strip's pool holds one recording
    const auto& cameras = m_recording->cameras;
    const auto it = std::find_if(cameras.begin(), cameras.end(), [&](const Camera& c) { return c.name == pair.camera; });
    if (it != cameras.end()) m_strip->prefetch(int(it - cameras.begin()), pair.promptFrames);
}

void PairBuilder::showQuestion() {
    // From its start (the ego's state, then the question), the whole in the tooltip.
    m_question->setText(q(m_edit.question));
    m_question->setCursorPosition(0);
    m_question->setToolTip(q(m_edit.question));
}

void PairBuilder::onDecisionFrame(int frame) {
    if (!m_recording || frame == m_edit.decisionFrame) return;
    const int count = m_stored.promptFrames.empty() ? 5 : int(m_stored.promptFrames.size());
    m_edit.decisionFrame = frame;
    m_edit.promptFrames = dataset::promptFramesEndingAt(*m_recording, frame, count);
    // Rejected is what the model said at the decision: it follows the frame.
    const auto model = dataset::modelAnswerAt(*m_recording, frame);
    m_edit.rejected = model.text;
    m_edit.rejectedAction = model.action;
    // The ego state the question opens with follows the frame too; a question
    // without one (a person's own) stays as written.
    if (const std::string asked = dataset::withoutEgoState(m_edit.question); asked != m_edit.question) {
        m_edit.question = dataset::questionAt(*m_recording, frame, asked);
        const QSignalBlocker block(m_question);
        showQuestion();
    }
    showRejected();
    showFrames();
    relint();
    Q_EMIT decisionFrameChanged(m_edit.recording, frame);
}

void PairBuilder::onCamera(int index) {
    if (index < 0 || !m_recording) return;
    m_edit.camera = m_camera->itemText(index).toStdString();
    showFrames();
    relint();
    Q_EMIT cameraChosen(m_edit.recording, m_camera->itemText(index));
}

void PairBuilder::makeTextSayChips() {
    if (!hasPair()) return;
    const std::string text = dataset::composeAnswer(dataset::answerExplanation(m_edit.chosen), m_edit.chosenAction);
    // Through the cursor, so Ctrl+Z in the text takes it back.
    QTextCursor cursor(m_chosen->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(q(text));
}

void PairBuilder::focusChosen() {
    if (!hasPair()) return;
    m_chosen->setFocus(Qt::ShortcutFocusReason);
    m_chosen->moveCursor(QTextCursor::End);
}

PairBuilder::SaveResult PairBuilder::save() {
    if (!hasPair()) return SaveResult::NoPair;
    if (!isModified() && !inConflict()) {
        setMessage(tr("nothing to save"));
        return SaveResult::Unchanged;
    }
    PreferencePair pair = m_edit;
    // A verdict was given on other content: it needs another look.
    if (isModified() && (m_stored.status == PairStatus::Approved || m_stored.status == PairStatus::Rejected))
        pair.status = PairStatus::NeedsReview;
    return write(pair);
}

PairBuilder::SaveResult PairBuilder::saveStatus(PairStatus status, const QString& reviewer) {
    if (!hasPair()) return SaveResult::NoPair;
    PreferencePair pair = m_edit;
    pair.status = status;
    if (status == PairStatus::Approved || status == PairStatus::Rejected) {
        pair.reviewer = reviewer.toStdString();
        pair.reviewedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    }
    return write(pair);
}

void PairBuilder::keepTheirs() {
    if (!inConflict()) return;
    const PreferencePair theirs = m_conflict->theirs();
    setPair(theirs, m_recording, m_segment, m_extraLint);
    setMessage(tr("kept version %1 as saved elsewhere").arg(theirs.version));
}

PairBuilder::SaveResult PairBuilder::saveMineOverTheirs() {
    if (!inConflict()) return SaveResult::Unchanged;
    PreferencePair mine = m_edit;
    mine.version = m_conflict->theirs().version;  // an explicit save on top of theirs
    return write(mine);
}

PairBuilder::SaveResult PairBuilder::write(const PreferencePair& pair) {
    if (!m_project) return SaveResult::NoPair;
    AnnotationStore store(*m_project);
    const auto result = store.savePair(pair);
    switch (result.outcome) {
    case SaveOutcome::Saved:
        m_stored = m_edit = *result.current;
        m_answers->setCurrentIndex(0);
        showPair();
        setMessage(tr("saved as version %1").arg(m_stored.version));
        Q_EMIT saved(m_stored);
        return SaveResult::Saved;
    case SaveOutcome::Conflict:
        m_edit = pair;  // yours stays in the editor, status included, until you pick
        m_conflict->showConflict(pair, *result.current);
        m_answers->setCurrentWidget(m_conflict);
        setMessage(tr("not saved: someone else saved this pair meanwhile"), true);
        Q_EMIT conflicted(*result.current);
        return SaveResult::Conflict;
    case SaveOutcome::Missing:
        setMessage(tr("not saved: the pair was deleted elsewhere"), true);
        return SaveResult::Missing;
    case SaveOutcome::Failed: break;
    }
    setMessage(tr("not saved: %1").arg(q(store.lastError())), true);
    return SaveResult::Failed;
}

bool PairBuilder::eventFilter(QObject* watched, QEvent* event) {
    const bool escape = (watched == m_chosen || watched == m_question) &&
                        (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride) &&
                        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape;
    if (escape && event->type() == QEvent::ShortcutOverride) {
        event->accept();  // Escape is ours here, not a window shortcut's (Segments → Deselect)
        return true;
    }
    if (escape) {
        Q_EMIT leaveEditing();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace corevla::ui
