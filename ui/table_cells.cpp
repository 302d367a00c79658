// SPDX-License-Identifier: MIT
#include "ui/table_cells.h"

#include <QHeaderView>
#include <QTableWidget>

namespace corevla::ui {

QTableWidget* readOnlyTable(const QStringList& headers, QWidget* parent) {
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // rows stay as filled until a header is clicked
    table->setSortingEnabled(true);
    return table;
}

}  // namespace corevla::ui
