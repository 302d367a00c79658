// SPDX-License-Identifier: MIT
#include "ui/row_actions.h"

#include <QAbstractItemView>
#include <QAction>

namespace corevla::ui {

void addRowActions(QAbstractItemView* view, const QString& openText, std::function<void()> open,
                   const QString& deleteText, const QString& deleteName, std::function<void()> remove) {
    QObject::connect(view, &QAbstractItemView::activated, view, [open] { open(); });
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* openAction = new QAction(openText, view);
    QObject::connect(openAction, &QAction::triggered, view, open);
    auto* removeAction = new QAction(deleteText, view);
    removeAction->setObjectName(deleteName);
    removeAction->setShortcut(QKeySequence::Delete);
    removeAction->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(removeAction, &QAction::triggered, view, std::move(remove));
    view->addActions({openAction, removeAction});
}

}  // namespace corevla::ui
