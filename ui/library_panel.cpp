// SPDX-License-Identifier: MIT
#include "ui/library_panel.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/library_model.h"
#include "ui/row_actions.h"

namespace corevla::ui {

LibraryPanel::LibraryPanel(QWidget* parent)
    : QWidget(parent), m_model(new LibraryModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_filter(new QLineEdit(this)), m_view(new QTableView(this)) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::EditRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);  // any column matches
    m_filter->setPlaceholderText(tr("Filter recordings (name, scenario, town, weather…)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(LibraryModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(LibraryModel::Name, QHeaderView::Interactive);
    m_view->setColumnWidth(LibraryModel::Name, 280);
    addRowActions(
        m_view, tr("Open"), [this] { activate(m_view->currentIndex()); }, tr("Delete recording…"), "deleteRecording",
        [this] {
            if (const auto id = currentId()) Q_EMIT deleteRequested(id);
        });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view);
}

void LibraryPanel::activate(const QModelIndex& proxyIndex) {
    const auto id = m_proxy->data(proxyIndex.siblingAtColumn(0), LibraryModel::IdRole).toLongLong();
    if (id) Q_EMIT openRequested(id);
}

std::int64_t LibraryPanel::currentId() const {
    const QModelIndex index = m_view->currentIndex();
    return index.isValid() ? m_proxy->data(index.siblingAtColumn(0), LibraryModel::IdRole).toLongLong() : 0;
}

std::int64_t LibraryPanel::firstVisibleId() const {
    return m_proxy->rowCount() ? m_proxy->index(0, 0).data(LibraryModel::IdRole).toLongLong() : 0;
}

void LibraryPanel::selectId(std::int64_t id) {
    const int row = m_model->rowOfId(id);
    if (row < 0) return;
    m_view->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
}

}  // namespace corevla::ui
