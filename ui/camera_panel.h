// SPDX-License-Identifier: MIT
// The Cameras panel: 1 to 6 CameraViews in a grid over one recording,
// following the playback clock. Images come from a FramePool at each view's
// own pixel width (reduced JPEG decoding when the view is small); the front
// view can carry the planned waypoints and the attention heat map. Which
// cameras show and which overlays are on is chosen from the toolbar or the
// context menu. Nothing is emitted on the playback path; views repaint.
#pragma once

#include <QList>
#include <QPointer>
#include <QWidget>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/types.h"
#include "ui/overlay.h"

class QAction;
class QGridLayout;
class QMenu;
class QTimer;
class QToolButton;

namespace corevla::ui {

class CameraView;
class FramePool;
class Transport;

class CameraPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxViews = 6;

    explicit CameraPanel(QWidget* parent = nullptr);
    ~CameraPanel() override;

    // `root`: where the recording's media lie (overrides recording.root when not empty).
    void setRecording(const Recording& recording, const std::string& root);
    // The same recording with all its frames after a first look at a prefix:
    // views, choices and cached images stay.
    void extendRecording(const Recording& recording);
    void clearRecording();
    // Follows the transport's frame; its direction and play state steer prefetch.
    void setTransport(Transport* transport);
    void setFrame(int frame);
    int frame() const { return m_frame; }

    // Indices into the recording's cameras, at most kMaxViews; the front
    // camera first. The grid places a car's surround cameras where they look.
    void setShownCameras(const QList<int>& cameras);
    QList<int> shownCameras() const { return m_shown; }
    static QList<int> defaultCameras(const std::vector<Camera>& cameras);
    static int frontCamera(const std::vector<Camera>& cameras);

    void setWaypointsShown(bool on);
    bool waypointsShown() const { return m_showWaypoints; }
    bool canShowWaypoints() const { return m_model.has_value(); }
    void setAttentionShown(bool on);
    bool canShowAttention() const { return m_attention >= 0; }

    const QList<CameraView*>& views() const { return m_views; }  // in shownCameras() order
    CameraView* frontView() const;
    QMenu* menu() const { return m_menu; }  // cameras and overlays, for a View menu

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    Recording takeFrames(const Recording& recording, const std::string& root);
    void rebuildViews();
    void rebuildMenu();
    void sync(QAction* action, bool checked);
    void refresh();  // re-requests every view at its current width
    void request(CameraView* view);
    void requestHeat();
    void updateWaypoints();
    void updateActive();
    void movePlayhead();
    void onFrameReady(int camera, int frame, const QImage& image, const QString& error);

    FramePool* m_pool;
    QPointer<Transport> m_transport;
    QGridLayout* m_grid;
    QToolButton *m_camerasButton, *m_waypointsButton, *m_attentionButton;
    QMenu *m_menu, *m_camerasMenu;
    QAction *m_waypointsAction, *m_attentionAction;
    QTimer* m_refreshTimer;
    QList<CameraView*> m_views;

    std::vector<Camera> m_cameras;
    SourceKind m_source = SourceKind::Bench2DriveClip;
    std::vector<std::vector<std::pair<float, float>>> m_waypoints;  // per frame, ego frame
    std::optional<CameraModel> m_model;  // of the front camera, for waypoints
    QList<int> m_shown;
    int m_front = -1, m_attention = -1, m_frameCount = 0, m_frame = -1, m_lastFrame = 0;
    std::vector<int> m_indices;  // Frame::index per position, for the titles
    bool m_showWaypoints = true, m_showAttention = true, m_syncing = false;
};

}  // namespace corevla::ui
