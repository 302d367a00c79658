// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>

class QAbstractItemView;

namespace corevla::ui {

// A list's row actions, the same in every list: double-click or Enter opens
// the current row, and so does the first context-menu entry; the second
// deletes it, also with the Delete key while the list has the focus (never
// while a text field or the playback has it). `deleteName` is the action's
// object name, for tests.
void addRowActions(QAbstractItemView* view, const QString& openText, std::function<void()> open,
                   const QString& deleteText, const QString& deleteName, std::function<void()> remove);

}  // namespace corevla::ui
