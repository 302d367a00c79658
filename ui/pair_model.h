// SPDX-License-Identifier: MIT
// The project's preference pairs as a table for the review queue: id,
// recording, the segment's category, status, the chosen and rejected
// meta-actions, author, reviewer, version and how many lint issues each has.
// Rows are copies (a few thousand pairs at most); saves replace one row.
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <cstdint>
#include <map>
#include <vector>

#include "dataset/pair_lint.h"
#include "storage/annotation.h"

namespace corevla::ui {

class PairModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn, RecordingColumn, CategoryColumn, StatusColumn, ChosenColumn, RejectedColumn,
        AuthorColumn, ReviewerColumn, VersionColumn, LintColumn, ColumnCount
    };
    // What the filter reads, whatever the column.
    enum Role { PairIdRole = Qt::UserRole + 1, StatusRole, CategoryRole, RecordingIdRole, AuthorRole };

    struct Row {
        PreferencePair pair;
        QString recordingName, category;
        std::vector<dataset::LintIssue> lint;
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(std::vector<Row> rows);
    // The pair as saved now (same id): its row changes, name and category stay.
    bool updatePair(const PreferencePair& pair);
    void setLint(const std::map<std::int64_t, std::vector<dataset::LintIssue>>& lint);
    const Row* row(int row) const;
    int rowOf(std::int64_t id) const;  // -1: not here
    const std::vector<Row>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QColor statusColor(PairStatus status);

private:
    QVariant display(const Row& row, int column) const;

    std::vector<Row> m_rows;
    std::map<std::int64_t, int> m_byId;
};

}  // namespace corevla::ui
