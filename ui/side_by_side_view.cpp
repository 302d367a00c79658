// SPDX-License-Identifier: MIT
#include "ui/side_by_side_view.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

#include "storage/recording_time.h"
#include "ui/camera_panel.h"
#include "ui/reasoning_panel.h"
#include "ui/signals_panel.h"
#include "ui/timeline_widget.h"
#include "ui/transport.h"

namespace corevla::ui {

SideBySideView::SideBySideView(QWidget* parent) : QWidget(parent), m_transport(new Transport(this)) {
    setObjectName("sideBySide");
    auto* row = new QSplitter(Qt::Horizontal, this);
    for (Pane& p : m_panes) row->addWidget(buildPane(p));
    m_play = new QPushButton(tr("Play"), this);
    m_play->setObjectName("sideBySidePlay");
    m_play->setToolTip(tr("Play or pause both (Space)"));
    m_clock = new QLabel(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_play);
    bar->addWidget(m_clock, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(row, 1);

    connect(m_play, &QPushButton::clicked, m_transport, &Transport::togglePlay);
    connect(m_transport, &Transport::playingChanged, this, [this](bool playing) { m_play->setText(playing ? tr("Pause") : tr("Play")); });
    connect(m_transport, &Transport::frameChanged, this, &SideBySideView::showFrame);
    const std::pair<QKeySequence, std::function<void()>> keys[] = {
        {Qt::Key_Space, [this] { m_transport->togglePlay(); }},
        {Qt::Key_Right, [this] { m_transport->step(1); }},
        {Qt::Key_Left, [this] { m_transport->step(-1); }},
        {Qt::Key_Home, [this] { m_transport->seek(0); }},
        {Qt::Key_End, [this] { m_transport->seek(m_transport->frameCount() - 1); }},
    };
    for (const auto& [key, slot] : keys) {
        auto* action = new QAction(this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    }
}

// The panels point into the panes' recordings: they go first.
SideBySideView::~SideBySideView() { qDeleteAll(findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly)); }

QWidget* SideBySideView::buildPane(Pane& p) {
    auto* pane = new QWidget(this);
    p.title = new QLabel(pane);
    p.title->setStyleSheet("font-weight: bold");
    p.camera = new CameraPanel(pane);
    p.camera->setTransport(m_transport);
    p.reasoning = new ReasoningPanel(pane);
    p.signalPlots = new SignalsPanel(pane);
    p.timeline = new TimelineWidget(pane);
    auto* stack = new QSplitter(Qt::Vertical, pane);
    for (QWidget* w : std::initializer_list<QWidget*>{p.camera, p.reasoning, p.signalPlots}) stack->addWidget(w);
    stack->setStretchFactor(0, 3);
    stack->setStretchFactor(1, 2);
    stack->setStretchFactor(2, 2);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(p.title);
    layout->addWidget(stack, 1);
    layout->addWidget(p.timeline);
    // A seek in either pane moves the one clock (its frames are 10 Hz positions from the start).
    auto seek = [this, &p](int frame) {
        if (p.recording) m_transport->seek(std::max(0, framePosition(*p.recording, frame)));
    };
    connect(p.timeline, &TimelineWidget::seekRequested, this, seek);
    connect(p.reasoning, &ReasoningPanel::seekRequested, this, seek);
    connect(p.signalPlots, &SignalsPanel::seekRequested, this, seek);
    return pane;
}

void SideBySideView::open(Recording left, Recording right, const QString& leftTitle, const QString& rightTitle, int frame) {
    m_transport->pause();
    const QString titles[2] = {leftTitle, rightTitle};
    // The old recordings stay until every panel has let go of them.
    std::unique_ptr<Recording> previous[2] = {std::move(m_panes[0].recording), std::move(m_panes[1].recording)};
    m_panes[0].recording = std::make_unique<Recording>(std::move(left));
    m_panes[1].recording = std::make_unique<Recording>(std::move(right));
    int frames = 0;
    double fps = 10;
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        Pane& p = m_panes[i];
        p.title->setText(titles[i]);
        p.title->setToolTip(QString::fromStdString(p.recording->name));
        p.camera->setRecording(*p.recording, {});
        p.reasoning->setRecording(*p.recording);
        p.signalPlots->setRecording(*p.recording);
        p.timeline->setRecording(*p.recording);
        frames = std::max(frames, int(p.recording->frames.size()));
        fps = p.recording->fps > 0 ? p.recording->fps : fps;
    }
    m_transport->setRange(frames, fps);
    showFrame(0);
    m_transport->seek(std::clamp(frame, 0, std::max(0, frames - 1)));
}

int SideBySideView::frame() const { return m_transport->frame(); }

int SideBySideView::frameOf(int i) const {
    const Pane& p = m_panes[std::size_t(i)];
    if (!p.recording || p.recording->frames.empty()) return -1;
    return p.recording->frames[std::size_t(std::clamp(frame(), 0, int(p.recording->frames.size()) - 1))].index;
}

void SideBySideView::showFrame(int) {
    for (int i = 0; i < int(m_panes.size()); ++i) {
        const int f = frameOf(i);
        if (f < 0) continue;
        const Pane& p = m_panes[std::size_t(i)];  // the camera follows the transport itself (positions, clamped)
        p.reasoning->setFrame(f);
        p.signalPlots->setFrame(f);
        p.timeline->setFrame(f);
    }
    m_clock->setText(tr("t = %1 s").arg(m_transport->time(), 0, 'f', 1));
}

}  // namespace corevla::ui
