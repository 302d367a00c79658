// SPDX-License-Identifier: MIT
#include "ui/camera_panel.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cctype>
#include <map>

#include "ui/camera_view.h"
#include "ui/frame_pool.h"
#include "ui/transport.h"

namespace corevla::ui {
namespace {

bool has(const std::string& name, const char* part) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return lower.find(part) != std::string::npos;
}

// Where a surround camera sits in a 3-column grid ("rgb_back_left": row 1,
// column 0), so that the grid reads like the car's view around it.
std::optional<std::pair<int, int>> surroundCell(const std::string& name) {
    const bool back = has(name, "back") || has(name, "rear");
    if (!back && !has(name, "front")) return std::nullopt;
    return std::pair{back ? 1 : 0, has(name, "left") ? 0 : has(name, "right") ? 2 : 1};
}

}  // namespace

CameraPanel::CameraPanel(QWidget* parent)
    : QWidget(parent), m_pool(new FramePool(this)), m_grid(new QGridLayout), m_refreshTimer(new QTimer(this)) {
    setObjectName("cameraPanel");
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet("#cameraPanel { background: #0d0f12; }"
                  "#cameraHeader { background: #181b1f; }"
                  "#cameraHeader QToolButton { color: #d6dae0; border: none; padding: 3px 9px; }"
                  "#cameraHeader QToolButton:hover { background: #262a30; }"
                  "#cameraHeader QToolButton:checked { background: #1f4638; color: #e8fff4; }"
                  "#cameraHeader QToolButton:disabled { color: #5a6068; }");
    m_menu = new QMenu(this);
    m_camerasMenu = m_menu->addMenu(tr("&Cameras"));
    m_menu->addSeparator();
    m_waypointsAction = m_menu->addAction(tr("Planned &waypoints"));
    m_attentionAction = m_menu->addAction(tr("&Attention heat map"));
    m_waypointsAction->setIconText(tr("Waypoints"));  // the toolbar's shorter label
    m_attentionAction->setIconText(tr("Attention"));
    for (QAction* a : {m_waypointsAction, m_attentionAction}) a->setCheckable(true);
    connect(m_waypointsAction, &QAction::toggled, this, [this](bool on) {
        if (!m_syncing) setWaypointsShown(on);
    });
    connect(m_attentionAction, &QAction::toggled, this, [this](bool on) {
        if (!m_syncing) setAttentionShown(on);
    });

    auto* header = new QWidget(this);
    header->setObjectName("cameraHeader");
    auto* bar = new QHBoxLayout(header);
    bar->setContentsMargins(4, 1, 4, 1);
    bar->setSpacing(2);
    m_camerasButton = new QToolButton(header);
    m_camerasButton->setText(tr("Cameras"));
    m_camerasButton->setMenu(m_camerasMenu);
    m_camerasButton->setPopupMode(QToolButton::InstantPopup);
    m_waypointsButton = new QToolButton(header);
    m_waypointsButton->setDefaultAction(m_waypointsAction);
    m_attentionButton = new QToolButton(header);
    m_attentionButton->setDefaultAction(m_attentionAction);
    bar->addWidget(m_camerasButton);
    bar->addWidget(m_waypointsButton);
    bar->addWidget(m_attentionButton);
    bar->addStretch();

    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(header);
    layout->addLayout(m_grid, 1);

    // Resizing re-decodes at the new size once the size settles.
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(60);
    connect(m_refreshTimer, &QTimer::timeout, this, &CameraPanel::refresh);
    connect(m_pool, &FramePool::frameReady, this, &CameraPanel::onFrameReady);
    rebuildMenu();
}

CameraPanel::~CameraPanel() = default;

int CameraPanel::frontCamera(const std::vector<Camera>& cameras) {
    int fallback = -1;
    for (int i = 0; i < int(cameras.size()); ++i) {
        const std::string& n = cameras[i].name;
        if (cameras[i].isAttention) continue;
        if (has(n, "front") && !has(n, "left") && !has(n, "right")) return i;
        if (fallback < 0) fallback = i;
    }
    return fallback;
}

QList<int> CameraPanel::defaultCameras(const std::vector<Camera>& cameras) {
    QList<int> shown;
    const int front = frontCamera(cameras);
    if (front >= 0) shown << front;
    for (int i = 0; i < int(cameras.size()) && shown.size() < kMaxViews; ++i)
        if (i != front && !cameras[i].isAttention) shown << i;
    return shown;
}

// What the decode pool needs (cameras, frame indices and times; frames carry
// much more), and the per-frame lists the panel keeps.
Recording CameraPanel::takeFrames(const Recording& recording, const std::string& root) {
    Recording media;
    media.root = root.empty() ? recording.root : root;
    media.cameras = recording.cameras;
    media.fps = recording.fps;
    media.frames.resize(recording.frames.size());
    m_waypoints.assign(recording.frames.size(), {});
    m_indices.resize(recording.frames.size());
    for (std::size_t i = 0; i < recording.frames.size(); ++i) {
        media.frames[i].index = m_indices[i] = recording.frames[i].index;
        media.frames[i].t = recording.frames[i].t;
        m_waypoints[i] = recording.frames[i].waypoints;
    }
    m_frameCount = int(recording.frames.size());
    return media;
}

void CameraPanel::extendRecording(const Recording& recording) {
    m_pool->extendRecording(takeFrames(recording, {}));
    refresh();
}

void CameraPanel::setRecording(const Recording& recording, const std::string& root) {
    m_pool->setRecording(takeFrames(recording, root));
    const bool anyWaypoints = std::any_of(m_waypoints.begin(), m_waypoints.end(), [](const auto& w) { return !w.empty(); });
    m_cameras = recording.cameras;
    m_source = recording.source;
    m_front = frontCamera(m_cameras);
    m_attention = -1;
    for (int i = 0; i < int(m_cameras.size()) && m_attention < 0; ++i)
        if (m_cameras[i].isAttention) m_attention = i;
    m_model.reset();
    if (m_front >= 0 && anyWaypoints) m_model = waypointModel(m_cameras[m_front], m_source);
    m_frame = -1;
    rebuildMenu();
    setShownCameras(defaultCameras(m_cameras));
    setFrame(m_transport ? m_transport->frame() : 0);
}

void CameraPanel::clearRecording() { setRecording(Recording{}, {}); }

void CameraPanel::setTransport(Transport* transport) {
    if (m_transport) disconnect(m_transport, nullptr, this, nullptr);
    m_transport = transport;
    if (!transport) return;
    connect(transport, &Transport::frameChanged, this, &CameraPanel::setFrame);
    connect(transport, &Transport::playingChanged, this, &CameraPanel::movePlayhead);
    connect(transport, &Transport::rateChanged, this, &CameraPanel::movePlayhead);
}

void CameraPanel::setFrame(int frame) {
    if (m_frameCount <= 0) return;
    frame = std::clamp(frame, 0, m_frameCount - 1);
    if (m_frame >= 0) m_lastFrame = m_frame;
    m_frame = frame;
    // Requests first (the newest is decoded first), then prefetch around them.
    for (CameraView* view : m_views) {
        view->setFrame(frame, m_indices[std::size_t(frame)]);
        request(view);
    }
    requestHeat();
    updateWaypoints();
    movePlayhead();
}

void CameraPanel::setShownCameras(const QList<int>& cameras) {
    QList<int> shown;
    for (int c : cameras)
        if (c >= 0 && c < int(m_cameras.size()) && !shown.contains(c) && shown.size() < kMaxViews) shown << c;
    m_shown = shown;
    rebuildViews();
    for (QAction* a : m_camerasMenu->actions()) {
        sync(a, m_shown.contains(a->data().toInt()));
        a->setEnabled(a->isChecked() ? m_shown.size() > 1 : m_shown.size() < kMaxViews);
    }
    refresh();
}

void CameraPanel::setWaypointsShown(bool on) {
    m_showWaypoints = on;
    sync(m_waypointsAction, on && canShowWaypoints());
    updateWaypoints();
}

void CameraPanel::setAttentionShown(bool on) {
    m_showAttention = on;
    sync(m_attentionAction, on && canShowAttention());
    updateActive();
    if (CameraView* front = frontView(); front && !on) front->setHeat({});
    requestHeat();
}

// Sets an action's check mark without acting on it; unlike blocking its
// signals, toolbar buttons showing the action still follow.
void CameraPanel::sync(QAction* action, bool checked) {
    m_syncing = true;
    action->setChecked(checked);
    m_syncing = false;
}

CameraView* CameraPanel::frontView() const {
    for (CameraView* view : m_views)
        if (view->camera() == m_front) return view;
    return nullptr;
}

void CameraPanel::rebuildMenu() {
    m_camerasMenu->clear();
    for (int i = 0; i < int(m_cameras.size()); ++i) {
        QString label = QString::fromStdString(m_cameras[i].name);
        if (m_cameras[i].isAttention) label += tr(" (heat map)");
        QAction* action = m_camerasMenu->addAction(label);
        action->setCheckable(true);
        action->setData(i);
        connect(action, &QAction::toggled, this, [this, i](bool on) {
            if (m_syncing) return;
            QList<int> shown = m_shown;
            if (on) shown << i;
            else shown.removeAll(i);
            setShownCameras(shown);
        });
    }
    m_camerasButton->setEnabled(!m_cameras.empty());
    m_waypointsAction->setEnabled(canShowWaypoints());
    m_attentionAction->setEnabled(canShowAttention());
    setWaypointsShown(m_showWaypoints);
    setAttentionShown(m_showAttention);
}

void CameraPanel::rebuildViews() {
    qDeleteAll(m_views);
    m_views.clear();
    const int n = int(m_shown.size());
    const int columns = n <= 3 ? std::max(1, n) : n == 4 ? 2 : 3;
    std::map<std::pair<int, int>, int> cells;  // surround placement when every camera has its own cell
    for (int c : m_shown)
        if (auto cell = surroundCell(m_cameras[c].name)) cells.emplace(*cell, c);
    const bool surround = columns == 3 && int(cells.size()) == n;
    const bool frontRow = surround && cells.begin()->first.first == 0;
    for (int r = 0; r < 3; ++r) {  // at most 2 rows and 3 columns
        m_grid->setRowStretch(r, 0);
        m_grid->setColumnStretch(r, 0);
    }
    for (int i = 0; i < n; ++i) {
        const int c = m_shown[i];
        auto* view = new CameraView(this);
        const Camera& camera = m_cameras[c];
        view->setCamera(c, QString::fromStdString(camera.name), QSize(camera.width, camera.height));
        connect(view, &CameraView::requestWidthChanged, m_refreshTimer, qOverload<>(&QTimer::start));
        int row = i / columns, column = i % columns;
        if (surround) {
            const auto cell = *surroundCell(camera.name);
            row = frontRow ? cell.first : 0;
            column = cell.second;
        }
        m_grid->addWidget(view, row, column);
        m_grid->setRowStretch(row, 1);
        m_grid->setColumnStretch(column, 1);
        m_views << view;
    }
}

void CameraPanel::refresh() {
    updateActive();
    if (m_frame < 0) return;
    for (CameraView* view : m_views) {
        view->setFrame(m_frame, m_indices[std::size_t(m_frame)]);
        request(view);
    }
    requestHeat();
    updateWaypoints();
    movePlayhead();
}

void CameraPanel::request(CameraView* view) {
    const int width = view->requestWidth();
    if (m_frame < 0 || width < 32) return;  // not laid out yet; a resize asks again
    const auto result = m_pool->request(view->camera(), m_frame, width);
    if (!result.image.isNull()) view->setImage(m_frame, result.image);
    else if (!result.error.isEmpty()) view->setError(m_frame, result.error);
}

void CameraPanel::requestHeat() {
    CameraView* front = frontView();
    if (!front || m_frame < 0 || !m_showAttention || m_attention < 0 || front->requestWidth() < 32) return;
    const auto result = m_pool->request(m_attention, m_frame, front->requestWidth());
    if (result.ready()) front->setHeat(heatOverlay(result.image));  // a failed map: no overlay
}

void CameraPanel::updateWaypoints() {
    CameraView* front = frontView();
    if (!front) return;
    if (!m_showWaypoints || !m_model || m_frame < 0 || m_frame >= int(m_waypoints.size())) front->setWaypoints({});
    else front->setWaypoints(projectGround(*m_model, m_waypoints[m_frame]));
}

void CameraPanel::updateActive() {
    std::vector<importers::DecodePool::Active> active;
    for (CameraView* view : m_views) active.push_back({view->camera(), view->requestWidth()});
    if (CameraView* front = frontView(); front && m_showAttention && m_attention >= 0)
        active.push_back({m_attention, front->requestWidth()});
    m_pool->setActive(std::move(active));
}

void CameraPanel::movePlayhead() {
    if (m_frame < 0) return;
    const bool playing = m_transport && m_transport->isPlaying();
    const int direction = m_transport ? (m_transport->rate() < 0 ? -1 : 1) : (m_frame >= m_lastFrame ? 1 : -1);
    m_pool->setPlayhead(m_frame, direction, playing);
}

void CameraPanel::onFrameReady(int camera, int frame, const QImage& image, const QString& error) {
    if (frame != m_frame) return;  // the playhead moved on; the image stays cached
    for (CameraView* view : m_views) {
        if (view->camera() != camera) continue;
        if (error.isEmpty()) view->setImage(frame, image);
        else view->setError(frame, error);
    }
    if (camera == m_attention && m_showAttention)
        if (CameraView* front = frontView()) front->setHeat(heatOverlay(image));
}

void CameraPanel::contextMenuEvent(QContextMenuEvent* event) { m_menu->exec(event->globalPos()); }

}  // namespace corevla::ui
