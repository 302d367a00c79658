// SPDX-License-Identifier: MIT
// Library: the project's recordings, sortable and filterable; double-click
// (or Enter) opens one; Delete (or the context menu) asks to delete it.
#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace corevla::ui {

class LibraryModel;

class LibraryPanel : public QWidget {
    Q_OBJECT
public:
    explicit LibraryPanel(QWidget* parent = nullptr);
    LibraryModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    void selectId(std::int64_t id);
    // The recording in the top row as the user sees the table (sorted, filtered); 0 if none.
    std::int64_t firstVisibleId() const;

Q_SIGNALS:
    void openRequested(std::int64_t recordingId);
    void deleteRequested(std::int64_t recordingId);

private:
    void activate(const QModelIndex& proxyIndex);
    std::int64_t currentId() const;

    LibraryModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTableView* m_view;
};

}  // namespace corevla::ui
