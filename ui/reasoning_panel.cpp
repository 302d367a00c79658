// SPDX-License-Identifier: MIT
#include "ui/reasoning_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/chips.h"
#include "ui/decision_model.h"
#include "ui/spans.h"

namespace corevla::ui {
namespace {

constexpr int kUserScrollGraceMs = 3000;  // the list stops following while the user looks around

}  // namespace

ReasoningPanel::ReasoningPanel(QWidget* parent) : QWidget(parent), m_model(new DecisionModel(this)) {
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(8, 8, 8, 6);
    topLayout->setSpacing(6);

    auto* header = new QHBoxLayout;
    m_authority = makeChip(top, 0.95);
    m_clock = new QLabel(top);
    m_clock->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_clock->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(m_authority);
    header->addStretch(1);
    header->addWidget(m_clock);
    topLayout->addLayout(header);

    auto* chips = new QHBoxLayout;
    chips->setSpacing(6);
    m_speedChip = makeChip(top, 1.35);
    m_times = new QLabel(QStringLiteral("×"), top);
    QFont timesFont = m_times->font();
    timesFont.setPointSizeF(timesFont.pointSizeF() * 1.35);
    m_times->setFont(timesFont);
    m_dirChip = makeChip(top, 1.35);
    chips->addWidget(m_speedChip);
    chips->addWidget(m_times);
    chips->addWidget(m_dirChip);
    chips->addStretch(1);
    topLayout->addLayout(chips);

    m_reasoning = new QLabel(top);
    m_reasoning->setWordWrap(true);
    m_reasoning->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_reasoning->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QFont reasoningFont = m_reasoning->font();
    reasoningFont.setPointSizeF(reasoningFont.pointSizeF() * 1.1);
    m_reasoning->setFont(reasoningFont);
    m_question = new QLabel(top);
    m_question->setWordWrap(true);
    m_question->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_question->setForegroundRole(QPalette::PlaceholderText);
    m_origin = new QLabel(top);
    m_origin->setForegroundRole(QPalette::PlaceholderText);
    topLayout->addWidget(m_reasoning);
    topLayout->addWidget(m_question);
    topLayout->addWidget(m_origin);
    topLayout->addStretch(1);

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Widths from the longest values the columns can hold, once: measuring
    // every row of a 30-minute session's decisions would stall the GUI.
    const QFontMetrics metrics = m_view->fontMetrics();
    const int pad = 2 * metrics.averageCharWidth() + 8;
    m_view->setColumnWidth(DecisionModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("000:00.0")) + pad);
    m_view->setColumnWidth(DecisionModel::SpeedColumn, metrics.horizontalAdvance(QStringLiteral("DECELERATE")) + pad);
    m_view->setColumnWidth(DecisionModel::DirectionColumn, metrics.horizontalAdvance(QStringLiteral("CHANGE_LANE_RIGHT")) + pad);
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (const auto* d = m_model->decision(index.row())) Q_EMIT seekRequested(d->frame);
    });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (!m_autoScrolling) m_userScrolled.start();
    });

    // Long reasoning or questions scroll instead of being cut off.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(top);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 300});
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    showDecision(-1);
    showAuthority(false);
}

void ReasoningPanel::setRecording(const Recording& recording) {
    m_recording = &recording;
    m_model->setRecording(recording);
    m_row = -2;
    m_authorityShown = -1;
    m_userScrolled.invalidate();
    setFrame(recording.frames.empty() ? 0 : recording.frames.front().index);
}

void ReasoningPanel::setFrame(int frame) {
    m_frame = frame;
    if (!m_recording) return;
    const int row = m_model->rowAtFrame(frame);
    if (row != m_row) showDecision(row), followRow(row);
    const int pos = framePosition(*m_recording, frame);
    showAuthority(pos >= 0 && m_recording->frames[pos].authority == Authority::Driver);
    const double t = frameTime(*m_recording, frame);
    m_clock->setText(tr("%1 · frame %2").arg(formatTime(t)).arg(frame));
    if (const auto* d = m_model->decision(row)) {
        m_origin->setText(tr("%1 · decided %2 s ago at frame %3")
                              .arg(d->origin == "b2dvl" ? tr("Bench2Drive-VL") : tr("recording log"))
                              .arg(std::max(0.0, t - d->t), 0, 'f', 1)
                              .arg(d->frame));
    }
}

void ReasoningPanel::showDecision(int row) {
    m_row = row;
    const corevla::Decision* d = m_model->decision(row);
    const bool none = d == nullptr;
    showSpeedChip(m_speedChip, none ? std::string() : d->speedCmd);
    showDirectionChip(m_dirChip, none ? std::string() : d->dirCmd);
    if (none) {
        m_reasoning->setText(m_model->rowCount() == 0 ? tr("This recording has no model decisions.")
                                                      : tr("No decision yet at this time."));
        m_reasoning->setForegroundRole(QPalette::PlaceholderText);
        m_question->hide();
        m_origin->clear();
        return;
    }
    m_reasoning->setForegroundRole(QPalette::WindowText);
    m_reasoning->setText(d->reasoning.empty() ? tr("(no reasoning written for this decision)")
                                              : QString::fromStdString(d->reasoning));
    m_question->setText(tr("Q: %1").arg(QString::fromStdString(d->question)));
    m_question->setVisible(!d->question.empty());
}

void ReasoningPanel::showAuthority(bool driver) {
    if (m_authorityShown == int(driver)) return;
    m_authorityShown = int(driver);
    m_authority->setText(driver ? tr("DRIVER took over") : tr("MODEL driving"));
    m_authority->setStyleSheet(chipStyle(driver ? palette::driver() : palette::model()));
}

void ReasoningPanel::followRow(int row) {
    m_autoScrolling = true;
    const QModelIndex index = m_model->index(row, 0);
    if (!index.isValid()) {
        m_view->selectionModel()->clearSelection();
    } else {
        // The view's own auto-scroll would follow every current-row change.
        m_view->setAutoScroll(false);
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->setAutoScroll(true);
        // Follow the playhead only while the user is not browsing the list.
        if (!m_userScrolled.isValid() || m_userScrolled.elapsed() > kUserScrollGraceMs)
            m_view->scrollTo(index, QAbstractItemView::EnsureVisible);
    }
    m_autoScrolling = false;
}

QString ReasoningPanel::reasoningText() const { return m_reasoning->text(); }

QString ReasoningPanel::authorityText() const { return m_authority->text(); }

}  // namespace corevla::ui
