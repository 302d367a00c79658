// SPDX-License-Identifier: MIT
// Reading the evaluation panels' tables in tests: a row by a cell's text
// (rows may be sorted), a number cell's value (what it sorts by).
#pragma once

#include <QTableWidget>

#include "ui/table_cells.h"

namespace corevla::testing {

inline int rowWith(const QTableWidget* table, int column, const QString& text) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, column)->text() == text) return row;
    return -1;
}

inline double valueAt(const QTableWidget* table, int row, int column) {
    return static_cast<const ui::NumberItem*>(table->item(row, column))->value();
}

}  // namespace corevla::testing
