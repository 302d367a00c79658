// SPDX-License-Identifier: MIT
#include "ui/dock_raise.h"

#include <QDockWidget>
#include <QMainWindow>
#include <algorithm>

namespace corevla::ui {

void raiseWideDock(QWidget* panel) {
    auto* dock = qobject_cast<QDockWidget*>(panel->parentWidget());
    if (!dock) return;
    dock->show();
    dock->raise();
    if (auto* window = qobject_cast<QMainWindow*>(dock->parentWidget()); window && !dock->isFloating())
        window->resizeDocks({dock}, {std::max(dock->width(), window->width() * 60 / 100)}, Qt::Horizontal);
}

}  // namespace corevla::ui
