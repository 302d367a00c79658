// SPDX-License-Identifier: MIT
#include "ui/compare_panel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QThread>
#include <QVBoxLayout>

#include "dataset/frame_prompt.h"
#include "dataset/pair_drafter.h"
#include "storage/project.h"
#include "storage/recording_time.h"
#include "storage/run_store.h"
#include "ui/chips.h"
#include "ui/decision_client.h"
#include "ui/spans.h"
#include "ui/word_diff.h"

namespace corevla::ui {
namespace {

constexpr double kDriverWindowS = 3.0;  // as the pair drafter reads the driver
const QString kHighlight = "#fff0a8";   // words one model said and the other did not
constexpr const char* kOther = "other";

QString agreementHtml(const LiveAnswer& a, const MetaAction& reference, const QString& who) {
    if (!a.hasDecision) return QString("<span style='color:#b26a00'>%1</span>").arg(QObject::tr("states no decision"));
    const bool agrees = a.speed.toStdString() == reference.speed && a.direction.toStdString() == reference.direction;
    return agrees ? QString("<span style='color:#2e7d32'>✓ %1</span>").arg(QObject::tr("agrees with %1").arg(who))
                  : QString("<span style='color:#c62828'>✗ %1</span>").arg(QObject::tr("differs from %1").arg(who));
}

}  // namespace

struct ComparePanel::Column {
    QComboBox* picker;
    QLabel *dirChip, *speedChip, *agreement, *status;
    QTextBrowser* text;
    QString spec;  // the model picked; its client starts when the panel is first seen
    DecisionClient* client = nullptr;
    QString rendered;  // what the column shows now, so an unchanged one is not drawn again
    int shownFrame = -1;
};

ComparePanel::ComparePanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* reference = new QHBoxLayout;
    m_referenceLabel = new QLabel(this);
    m_referenceDir = makeChip(this, 1.0);
    m_referenceSpeed = makeChip(this, 1.0);
    reference->addWidget(m_referenceLabel);
    reference->addWidget(m_referenceDir);
    reference->addWidget(m_referenceSpeed);
    reference->addStretch();
    auto* reload = new QPushButton(tr("Models ↻"), this);
    reload->setToolTip(tr("Read the project's registered models again"));
    connect(reload, &QPushButton::clicked, this, &ComparePanel::refreshModels);
    reference->addWidget(reload);
    layout->addLayout(reference);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet("color: palette(mid)");
    layout->addWidget(m_hint);

    auto* grid = m_grid = new QGridLayout;
    for (int c = 0; c < kMaxModels; ++c) {
        auto* col = new Column;
        col->picker = new QComboBox(this);
        col->picker->setObjectName(QString("comparePicker%1").arg(c));
        col->picker->setFocusPolicy(Qt::NoFocus);  // playback keys stay with the window
        col->picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        col->picker->setMinimumContentsLength(8);  // long model names do not widen the window
        col->dirChip = makeChip(this, 1.0);
        col->speedChip = makeChip(this, 1.0);
        col->agreement = new QLabel(this);
        col->status = new QLabel(this);
        col->status->setStyleSheet("color: palette(mid)");
        col->status->setWordWrap(true);
        col->text = new QTextBrowser(this);
        col->text->setObjectName(QString("compareText%1").arg(c));
        col->text->setFocusPolicy(Qt::NoFocus);
        col->text->setMinimumWidth(120);
        auto* chips = new QHBoxLayout;
        chips->addWidget(col->dirChip);
        chips->addWidget(col->speedChip);
        chips->addStretch();
        grid->addWidget(col->picker, 0, c);
        grid->addLayout(chips, 1, c);
        grid->addWidget(col->agreement, 2, c);
        grid->addWidget(col->status, 3, c);
        grid->addWidget(col->text, 4, c);
        grid->setColumnStretch(c, 1);
        connect(col->picker, &QComboBox::activated, this, [this, c] { pickFromCombo(c); });
        m_columns << col;
    }
    grid->setRowStretch(4, 1);
    layout->addLayout(grid, 1);
    update();
}

ComparePanel::~ComparePanel() {
    for (Column* c : m_columns) delete c;
}

void ComparePanel::setProject(Project* project, const QString& path) {
    m_project = project;
    m_path = path;
    for (int c = 0; c < kMaxModels; ++c) setModel(c, {});
    refreshModels();
    // The two newest registered models, older first: the demo's SFT then DPO.
    QStringList newest;
    for (int i = m_columns[0]->picker->count() - 1; i >= 0 && newest.size() < 2; --i)
        if (const QString spec = m_columns[0]->picker->itemData(i).toString(); !spec.isEmpty() && spec != kOther) newest.prepend(spec);
    if (newest.size() == 2)
        for (int c = 0; c < 2; ++c) setModel(c, newest[c]);
}

void ComparePanel::refreshModels() {
    std::vector<ModelEntry> models;
    if (m_project) models = RunStore(*m_project).models().value_or(std::vector<ModelEntry>{});
    for (Column* col : m_columns) {
        const QString current = col->spec;
        col->picker->clear();
        col->picker->addItem(tr("(no model)"), QString());
        for (const ModelEntry& m : models)
            col->picker->addItem(QString::fromStdString(m.name) + (m.backend == "openai" ? tr(" (served)") : QString()), QString::number(m.id));
        col->picker->addItem(tr("Other model…"), kOther);
        int at = col->picker->findData(current);
        if (at < 0 && !current.isEmpty()) {  // a folder or endpoint picked by hand
            col->picker->insertItem(col->picker->count() - 1, current, current);
            at = col->picker->findData(current);
        }
        col->picker->setCurrentIndex(std::max(at, 0));
    }
}

void ComparePanel::pickFromCombo(int column) {
    QComboBox* picker = m_columns[column]->picker;
    QString spec = picker->currentData().toString();
    if (spec == kOther) {
        bool ok = false;
        spec = QInputDialog::getText(this, tr("Other model"),
                                     tr("A checkpoint folder, or a served model as "
                                        "openai:MODEL@http://HOST:PORT/v1[?api_key_env=VAR&timeout=S]:"),
                                     QLineEdit::Normal, {}, &ok).trimmed();
        if (!ok || spec.isEmpty()) return refreshModels();
    }
    // Picked again, a model whose process ended starts afresh.
    if (DecisionClient* client = m_columns[column]->client; client && spec == m_columns[column]->spec && !client->failure().isEmpty())
        setModel(column, {});
    setModel(column, spec);
    refreshModels();
}

void ComparePanel::setModel(int column, const QString& spec) {
    Column* col = m_columns[column];
    if (col->spec == spec) return;
    delete col->client;
    col->client = nullptr;
    col->spec = spec;
    col->shownFrame = -1;
    col->rendered.clear();
    if (const int at = col->picker->findData(spec); at >= 0) col->picker->setCurrentIndex(at);
    update();
}

// A model's process starts when it is first needed: an open project's
// models cost nothing until the panel is looked at.
DecisionClient* ComparePanel::startClient(int column) {
    Column* col = m_columns[column];
    if (col->client || col->spec.isEmpty() || m_path.isEmpty()) return col->client;
    // Embedded models side by side share the CPU's cores rather than each taking all.
    int picked = 0;
    for (const Column* c : m_columns) picked += !c->spec.isEmpty();
    const int threads = std::max(1, QThread::idealThreadCount() / std::max(2, picked));
    col->client = new DecisionClient(m_path, col->spec, {"--threads", QString::number(threads)}, this);
    connect(col->client, &DecisionClient::readyChanged, this, &ComparePanel::update);
    connect(col->client, &DecisionClient::failed, this, &ComparePanel::update);
    connect(col->client, &DecisionClient::answered, this, [this](qint64 recording, int frame) {
        if (m_recording && recording == m_recording->id && (frame == m_decision || frame == m_next)) update();
    });
    return col->client;
}

QString ComparePanel::model(int column) const { return m_columns[column]->spec; }

DecisionClient* ComparePanel::client(int column) const { return m_columns[column]->client; }
int ComparePanel::shownFrame(int column) const { return m_columns[column]->shownFrame; }

QString ComparePanel::shownText(int column) const {
    const Column* col = m_columns[column];
    const LiveAnswer* a = col->client && m_recording && col->shownFrame >= 0 ? col->client->cached(m_recording->id, col->shownFrame) : nullptr;
    return a ? a->text : QString();
}

QString ComparePanel::shownError(int column) const {
    const Column* col = m_columns[column];
    if (!col->client) return {};
    if (!col->client->failure().isEmpty()) return col->client->failure();
    const LiveAnswer* a = m_recording && col->shownFrame >= 0 ? col->client->cached(m_recording->id, col->shownFrame) : nullptr;
    return a ? a->error : QString();
}

QString ComparePanel::referenceText() const { return m_referenceLabel->text(); }

void ComparePanel::setRecording(const Recording& recording) {
    m_recording = recording.frames.empty() ? nullptr : &recording;
    m_decision = m_next = -1;
    m_reference = {};
    m_referenceWho.clear();
    m_referenceLabel->clear();
    showDirectionChip(m_referenceDir, {});
    showSpeedChip(m_referenceSpeed, {});
    update();
}

void ComparePanel::setFrame(int frame) {
    m_frame = frame;
    if (!m_recording) return;
    if (const int d = dataset::decisionFrameAt(*m_recording, frame); d != m_decision) {
        m_decision = d;
        m_next = dataset::nextDecisionFrame(*m_recording, d);
        m_reference = dataset::drivenAction(*m_recording, d, kDriverWindowS);
        bool driver = false;
        const double t = frameTime(*m_recording, d);
        for (int p = std::max(framePosition(*m_recording, d), 0); p < int(m_recording->frames.size()) &&
                                                                  m_recording->frames[std::size_t(p)].t <= t + kDriverWindowS; ++p)
            driver = driver || m_recording->frames[std::size_t(p)].authority == Authority::Driver;
        m_referenceWho = driver ? tr("the driver") : tr("the car");
        m_referenceLabel->setText(driver ? tr("<b>The driver</b> did (next %1 s):").arg(kDriverWindowS)
                                         : tr("<b>The car</b> did (next %1 s, model driving):").arg(kDriverWindowS));
        showDirectionChip(m_referenceDir, m_reference.direction);
        showSpeedChip(m_referenceSpeed, m_reference.speed);
    }
    update();
}

void ComparePanel::setPlaying(bool playing) {
    m_playing = playing;
    update();
}

void ComparePanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    update();  // nothing is asked while the panel is hidden
}

void ComparePanel::update() {
    // The hint does not name the frame: a word-wrapped label that changes lays the dock out again.
    int models = 0;
    for (const Column* col : m_columns) models += !col->spec.isEmpty();
    m_hint->setText(m_path.isEmpty() ? tr("Open a project to compare its models.")
                    : models == 0    ? tr("Pick two to four models above (the project's registered models, a checkpoint folder, or a served model).")
                    : !m_recording   ? tr("Open a recording: every model decides at the frame on screen.")
                                     : tr("Each model decides at the decision in force on screen: the prompt's 5 frames, 0.5 s apart, "
                                          "and the pairs' question. Words only one of two models said are marked."));
    // The columns with a model, and the picker of one more to add one: a
    // narrow dock is not cut into four.
    for (int c = 0; c < kMaxModels; ++c) {
        Column* col = m_columns[c];
        const bool used = !col->spec.isEmpty() || c < 2, adds = c == models && !used;
        col->picker->setVisible(used || adds);
        for (QWidget* w : std::initializer_list<QWidget*>{col->text, col->status, col->agreement, col->dirChip, col->speedChip}) w->setVisible(used);
        m_grid->setColumnStretch(c, used ? 3 : adds ? 1 : 0);
    }
    const bool asking = m_recording && m_decision >= 0 && isVisible();
    bool changed = false;
    for (int c = 0; c < kMaxModels; ++c) {
        DecisionClient* client = isVisible() ? startClient(c) : m_columns[c]->client;
        if (asking && client) {
            client->ask(m_recording->id, m_decision);
            if (m_playing && m_next >= 0) client->ask(m_recording->id, m_next, true);
        }
        changed = showColumn(c) || changed;
    }
    if (changed) showDiffs();
}

// Draws a column when what it shows changed (during playback most frames
// keep the decision in force: the text keeps its scroll and selection).
bool ComparePanel::showColumn(int c) {
    Column* col = m_columns[c];
    const int before = col->shownFrame;
    DecisionClient* client = col->client;
    const LiveAnswer* a = client && m_recording && m_decision >= 0 ? client->cached(m_recording->id, m_decision) : nullptr;
    col->shownFrame = a && client->failure().isEmpty() ? m_decision : -1;
    const QString state = !client || !m_recording ? QString()
                          : QString("%1|%2|%3|%4|%5|%6").arg(client->failure(), m_referenceWho).arg(client->ready()).arg(m_decision)
                                .arg(a ? a->atMs : -1).arg(QString::fromStdString(m_reference.speed + m_reference.direction));
    if (state == col->rendered && !state.isEmpty()) return false;
    col->rendered = state;
    if (col->shownFrame >= 0 && col->shownFrame != before) Q_EMIT answerShown(c, col->shownFrame);
    if (!client || !m_recording) {
        col->status->clear();
        col->text->clear();
        col->agreement->clear();
        showDirectionChip(col->dirChip, {});
        showSpeedChip(col->speedChip, {});
        return true;
    }
    if (!client->failure().isEmpty()) {
        col->status->setText(QString("<span style='color:#c62828'>%1</span>").arg(client->failure().toHtmlEscaped()));
    } else if (!a) {
        col->status->setText(client->ready() ? tr("deciding at frame %1…").arg(m_decision) : tr("loading the model…"));
    } else {
        col->status->setText(a->error.isEmpty() ? tr("frame %1 · %2 ms").arg(m_decision).arg(a->milliseconds, 0, 'f', 0)
                                                : QString("<span style='color:#c62828'>%1</span>").arg(a->error.toHtmlEscaped()));
    }
    if (col->shownFrame < 0) {
        col->text->clear();
        col->agreement->clear();
        showDirectionChip(col->dirChip, {});
        showSpeedChip(col->speedChip, {});
        return true;
    }
    showDirectionChip(col->dirChip, a->direction.toStdString());
    showSpeedChip(col->speedChip, a->speed.toStdString());
    col->agreement->setText(a->error.isEmpty() ? agreementHtml(*a, m_reference, m_referenceWho)
                                               : QString());
    return true;  // its text: showDiffs()
}

// Every column's answer with the words its partner did not say marked: columns
// 1.. against column 0, column 0 against the first of them (two models: each
// against the other); plain where it has no partner.
void ComparePanel::showDiffs() {
    const auto answerOf = [this](int c) -> const LiveAnswer* {
        const Column* col = m_columns[c];
        return m_recording && col->client && col->shownFrame >= 0 ? col->client->cached(m_recording->id, col->shownFrame) : nullptr;
    };
    int firstOther = -1;
    for (int c = 1; c < kMaxModels && firstOther < 0; ++c)
        if (answerOf(c)) firstOther = c;
    for (int c = 0; c < kMaxModels; ++c) {
        const LiveAnswer* mine = answerOf(c);
        if (!mine) continue;
        const LiveAnswer* partner = answerOf(c == 0 ? std::max(firstOther, 0) : 0);
        if (!partner || partner == mine) {
            m_columns[c]->text->setPlainText(mine->text);
            continue;
        }
        const WordDiff d = diffWords(mine->text, partner->text);
        m_columns[c]->text->setHtml(markedHtml(d.a, d.aShared, kHighlight));
    }
}

}  // namespace corevla::ui
