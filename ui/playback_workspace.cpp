// SPDX-License-Identifier: MIT
#include "ui/playback_workspace.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include "ui/bev_view.h"
#include "ui/camera_panel.h"
#include "ui/compare_panel.h"
#include "ui/reasoning_panel.h"
#include "ui/signals_panel.h"
#include "ui/spans.h"
#include "ui/timeline_model.h"
#include "ui/timeline_widget.h"
#include "ui/transport.h"

namespace corevla::ui {
namespace {

QDockWidget* dock(QMainWindow* window, QWidget* panel, const QString& title, const QString& name, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, window);
    d->setObjectName(name);  // saveState() needs names
    d->setWidget(panel);
    window->addDockWidget(area, d);
    return d;
}

}  // namespace

PlaybackWorkspace::PlaybackWorkspace(QMainWindow* window)
    : QObject(window), m_window(window), m_transport(new Transport(this)), m_cameras(new CameraPanel(window)),
      m_timeline(new TimelineWidget(window)), m_reasoning(new ReasoningPanel(window)),
      m_signals(new SignalsPanel(window)), m_bev(new BevView(window)), m_compare(new ComparePanel(window)) {
    window->setCentralWidget(m_cameras);
    m_cameras->setFocusPolicy(Qt::StrongFocus);  // a click on the cameras takes the keys back from a text field
    m_cameras->setTransport(m_transport);
    auto* reasoning = dock(window, m_reasoning, tr("Reasoning"), "reasoningDock", Qt::RightDockWidgetArea);
    auto* bev = dock(window, m_bev, tr("Bird's-eye view"), "bevDock", Qt::RightDockWidgetArea);
    // The models' answers beside the recorded model's reasoning, a tab of its own.
    auto* compare = dock(window, m_compare, tr("Model comparison"), "compareDock", Qt::RightDockWidgetArea);
    window->tabifyDockWidget(reasoning, compare);
    reasoning->raise();
    auto* plots = dock(window, m_signals, tr("Signals"), "signalsDock", Qt::BottomDockWidgetArea);
    auto* timeline = dock(window, m_timeline, tr("Timeline"), "timelineDock", Qt::BottomDockWidgetArea);
    // Side panels run the full height; the plots sit above the timeline, both
    // as wide as the camera grid so their time axes line up.
    window->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    window->splitDockWidget(plots, timeline, Qt::Vertical);
    window->resizeDocks({reasoning, bev}, {420, 320}, Qt::Vertical);
    window->resizeDocks({reasoning}, {400}, Qt::Horizontal);
    window->resizeDocks({plots, timeline}, {230, 95}, Qt::Vertical);

    connect(m_transport, &Transport::frameChanged, this, &PlaybackWorkspace::showFrame);
    connect(m_transport, &Transport::playingChanged, m_compare, &ComparePanel::setPlaying);
    connect(m_timeline, &TimelineWidget::seekRequested, this, &PlaybackWorkspace::seekToIndex);
    connect(m_reasoning, &ReasoningPanel::seekRequested, this, &PlaybackWorkspace::seekToIndex);
    connect(m_signals, &SignalsPanel::seekRequested, this, &PlaybackWorkspace::seekToIndex);
    buildToolBar();
}

PlaybackWorkspace::~PlaybackWorkspace() = default;

void PlaybackWorkspace::buildToolBar() {
    m_toolBar = new QToolBar(tr("Transport"), m_window);
    m_toolBar->setObjectName("transportBar");
    m_window->addToolBar(Qt::TopToolBarArea, m_toolBar);
    m_rateBox = new QComboBox(m_toolBar);
    for (double rate : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0}) m_rateBox->addItem(QString("%1×").arg(rate), rate);
    m_rateBox->setCurrentIndex(2);
    m_rateBox->setToolTip(tr("Playback speed ([ slower, ] faster)"));
    m_rateBox->setFocusPolicy(Qt::NoFocus);  // keys stay with the window's shortcuts
    connect(m_rateBox, &QComboBox::activated, this, [this](int i) {
        const double sign = m_transport->rate() < 0 ? -1 : 1;
        m_transport->setRate(sign * m_rateBox->itemData(i).toDouble());
    });
    connect(m_transport, &Transport::rateChanged, this, [this](double rate) {
        const int i = m_rateBox->findData(std::abs(rate));
        if (i >= 0) m_rateBox->setCurrentIndex(i);
        updateClock(m_transport->frame());
    });
    m_clockLabel = new QLabel(m_toolBar);
    m_clockLabel->setMinimumWidth(330);
    m_clockLabel->setTextFormat(Qt::RichText);
}

QAction* PlaybackWorkspace::addAction(QMenu* menu, const QString& name, const QString& text,
                                      const QList<QKeySequence>& keys, std::function<void()> slot) {
    auto* a = menu->addAction(text);
    a->setObjectName(name);
    a->setShortcuts(keys);
    a->setShortcutContext(Qt::WindowShortcut);
    connect(a, &QAction::triggered, this, std::move(slot));
    m_window->addAction(a);  // shortcuts work while a dock has the focus
    m_actions << a;
    return a;
}

QAction* PlaybackWorkspace::action(const QString& name) const {
    for (QAction* a : m_actions)
        if (a->objectName() == name) return a;
    return m_window->findChild<QAction*>(name);  // the menu's own ("compareModels")
}

void PlaybackWorkspace::addMenus(QMenuBar* menuBar) {
    QStyle* style = m_window->style();
    Transport* t = m_transport;
    QMenu* playback = menuBar->addMenu(tr("&Playback"));
    auto* play = addAction(playback, "play", tr("Play / Pause"), {Qt::Key_Space}, [t] { t->togglePlay(); });
    play->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    addAction(playback, "reverse", tr("Play backwards (again: faster)"), {Qt::Key_J}, [t] { t->shuttleReverse(); });
    addAction(playback, "pause", tr("Pause"), {Qt::Key_K}, [t] { t->pause(); });
    addAction(playback, "forward", tr("Play forwards (again: faster)"), {Qt::Key_L}, [t] { t->shuttleForward(); });
    addAction(playback, "slower", tr("Slower"), {Qt::Key_BracketLeft}, [t] { t->slower(); });
    addAction(playback, "faster", tr("Faster"), {Qt::Key_BracketRight}, [t] { t->faster(); });
    playback->addSeparator();
    addAction(playback, "stepBack", tr("Previous frame"), {Qt::Key_Left, Qt::Key_Comma}, [t] { t->step(-1); })
        ->setIcon(style->standardIcon(QStyle::SP_MediaSeekBackward));
    addAction(playback, "stepForward", tr("Next frame"), {Qt::Key_Right, Qt::Key_Period}, [t] { t->step(1); })
        ->setIcon(style->standardIcon(QStyle::SP_MediaSeekForward));
    addAction(playback, "start", tr("First frame"), {Qt::Key_Home}, [t] { t->seek(0); })
        ->setIcon(style->standardIcon(QStyle::SP_MediaSkipBackward));
    addAction(playback, "end", tr("Last frame"), {Qt::Key_End}, [t] { t->seek(t->frameCount() - 1); })
        ->setIcon(style->standardIcon(QStyle::SP_MediaSkipForward));

    QMenu* navigate = menuBar->addMenu(tr("&Navigate"));
    const struct { const char* name; const char* text; Qt::Key key; unsigned kinds; } jumps[] = {
        {"Takeover", QT_TR_NOOP("takeover"), Qt::Key_T, TimelineModel::Takeover},
        {"Infraction", QT_TR_NOOP("infraction or collision"), Qt::Key_X, TimelineModel::Infraction | TimelineModel::Collision},
        {"Decision", QT_TR_NOOP("decision"), Qt::Key_D, TimelineModel::Decision},
        {"Bookmark", QT_TR_NOOP("bookmark"), Qt::Key_B, TimelineModel::Bookmark},
    };
    for (const auto& j : jumps) {
        const unsigned kinds = j.kinds;
        addAction(navigate, QString("next") + j.name, tr("Next %1").arg(tr(j.text)), {QKeySequence(j.key)},
                  [this, kinds] { jump(kinds, true); });
        addAction(navigate, QString("previous") + j.name, tr("Previous %1").arg(tr(j.text)),
                  {QKeySequence(Qt::SHIFT | j.key)}, [this, kinds] { jump(kinds, false); });
    }
    navigate->addSeparator();
    addAction(navigate, "zoomIn", tr("Zoom timeline in"), {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)},
              [this] { m_timeline->zoomIn(); });
    addAction(navigate, "zoomOut", tr("Zoom timeline out"), {QKeySequence(Qt::Key_Minus)}, [this] { m_timeline->zoomOut(); });

    QMenu* view = menuBar->addMenu(tr("&View"));
    view->addMenu(m_cameras->menu())->setText(tr("&Cameras"));
    view->addSeparator();
    for (QDockWidget* d : m_window->findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addAction(m_toolBar->toggleViewAction());
    view->addSeparator();
    // Not one of the playback actions: it works with no recording open too.
    auto* compare = view->addAction(tr("Compare &models live"), [this] {
        auto* d = m_window->findChild<QDockWidget*>("compareDock");
        d->show();
        d->raise();
        // Side by side needs room: the right side widens to half the window.
        if (!d->isFloating() && d->width() < m_window->width() / 2) m_window->resizeDocks({d}, {m_window->width() / 2}, Qt::Horizontal);
    });
    compare->setObjectName("compareModels");
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    compare->setShortcutContext(Qt::WindowShortcut);
    m_window->addAction(compare);

    m_toolBar->addAction(action("start"));
    m_toolBar->addAction(action("stepBack"));
    m_toolBar->addAction(play);
    m_toolBar->addAction(action("stepForward"));
    m_toolBar->addAction(action("end"));
    m_toolBar->addWidget(m_rateBox);
    m_toolBar->addSeparator();
    m_toolBar->addWidget(m_clockLabel);
    connect(t, &Transport::playingChanged, play, [play, style](bool playing) {
        play->setIcon(style->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    });
    for (QAction* a : m_actions)  // the key in every tooltip
        if (!a->shortcut().isEmpty()) a->setToolTip(QString("%1 (%2)").arg(a->text(), a->shortcut().toString(QKeySequence::NativeText)));
    updateEnabled();
}

void PlaybackWorkspace::jump(unsigned kinds, bool forward) {
    const auto* model = m_timeline->model();
    const int here = m_recording->frames[static_cast<std::size_t>(m_transport->frame())].index;
    const int frame = forward ? model->nextFrame(kinds, here) : model->previousFrame(kinds, here);
    if (frame < 0) {
        m_window->statusBar()->showMessage(forward ? tr("Nothing further in this recording.") : tr("Nothing earlier in this recording."), 2500);
        return;
    }
    m_transport->pause();
    seekToIndex(frame);
}

void PlaybackWorkspace::seekToIndex(int index) {
    if (m_recording) m_transport->seek(framePosition(*m_recording, index));
}

void PlaybackWorkspace::open(Recording recording, std::shared_ptr<const SignalData> signalData, bool complete) {
    m_transport->pause();
    m_transport->setRate(1);
    auto previous = std::move(m_recording);  // panels point at it until each has the new one
    m_recording = std::make_unique<Recording>(std::move(recording));
    m_complete = complete;
    m_cameras->setRecording(*m_recording, m_recording->root);
    install(std::move(signalData));
    m_transport->setRange(static_cast<int>(m_recording->frames.size()), m_recording->fps);
    previous.reset();
    // Keys go to playback, not to the library's filter box or table.
    m_cameras->setFocus(Qt::OtherFocusReason);
}

void PlaybackWorkspace::extend(Recording recording, std::shared_ptr<const SignalData> signalData) {
    if (!m_recording || m_recording->id != recording.id) return;
    // The panels point at the recording: swap it while they are told at once.
    const int index = m_recording->frames.empty() ? 0 : m_recording->frames[std::size_t(m_transport->frame())].index;
    auto previous = std::move(m_recording);
    m_recording = std::make_unique<Recording>(std::move(recording));
    m_complete = true;
    m_cameras->extendRecording(*m_recording);
    m_transport->setFrameCount(static_cast<int>(m_recording->frames.size()));
    install(std::move(signalData));
    seekToIndex(index);
    previous.reset();
}

// Everything but the camera grid follows the recording here; the transport
// keeps its position where it can.
void PlaybackWorkspace::install(std::shared_ptr<const SignalData> signalData) {
    const Recording& r = *m_recording;
    m_timeline->setRecording(r);
    m_reasoning->setRecording(r);
    m_signals->setRecording(r, std::move(signalData));
    m_bev->setRecording(r);
    m_compare->setRecording(r);
    updateEnabled();
    Q_EMIT recordingChanged();
}

void PlaybackWorkspace::setEvents(std::vector<Event> events) {
    if (!m_recording) return;
    m_recording->events = std::move(events);
    m_timeline->refresh();  // markers and the jumps (B) follow
}

void PlaybackWorkspace::close() {
    m_transport->pause();
    m_cameras->clearRecording();
    // The panels keep a pointer to the recording: give them an empty one before it goes.
    static const Recording none;
    m_timeline->setRecording(none);
    m_reasoning->setRecording(none);
    m_signals->setRecording(none);
    m_bev->setRecording(none);
    m_compare->setRecording(none);
    m_recording.reset();
    m_complete = true;
    m_transport->setRange(0, 10);
    updateEnabled();
    Q_EMIT recordingChanged();
}

void PlaybackWorkspace::updateEnabled() {
    for (QAction* a : m_actions) a->setEnabled(m_recording && !m_recording->frames.empty());
    m_rateBox->setEnabled(m_recording != nullptr);
    showFrame(m_transport->frame());
}

void PlaybackWorkspace::showFrame(int frame) {
    // The transport counts positions; panels, events and decisions speak Frame::index.
    if (m_recording && !m_recording->frames.empty()) {
        const int index = m_recording->frames[static_cast<std::size_t>(std::clamp(frame, 0, int(m_recording->frames.size()) - 1))].index;
        m_timeline->setFrame(index);  // the camera panel follows the transport itself
        m_reasoning->setFrame(index);
        m_signals->setFrame(index);
        m_bev->setFrame(index);
        m_compare->setFrame(index);
    }
    updateClock(frame);
}

void PlaybackWorkspace::updateClock(int frame) {
    if (!m_recording || m_recording->frames.empty()) {
        m_clockLabel->setText(tr("No recording open — double-click one in the Library"));
        return;
    }
    const auto& frames = m_recording->frames;
    const Frame& f = frames[static_cast<std::size_t>(std::clamp(frame, 0, int(frames.size()) - 1))];
    m_clockLabel->setText(QString("<b>%1</b> / %2 &nbsp; frame <b>%3</b> / %4 &nbsp; %5× &nbsp; %6")
                              .arg(formatTime(f.t), m_complete ? formatTime(frames.back().t) : tr("loading…"))
                              .arg(f.index)
                              .arg(frames.back().index)
                              .arg(m_transport->rate())
                              .arg(f.authority == Authority::Driver
                                       ? QString("<span style='color:%1'><b>%2</b></span>").arg(palette::driver().name(), tr("DRIVER"))
                                       : QString("<span style='color:%1'>%2</span>").arg(palette::model().name(), tr("model"))));
}

}  // namespace corevla::ui
