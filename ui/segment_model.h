// SPDX-License-Identifier: MIT
// Every segment of the project as a table for the Segments dock. Rows are
// updated in place by id (an edit changes one row, a reload keeps the rows
// still there), so a view's selection survives both.
#pragma once

#include <QAbstractTableModel>
#include <cstdint>
#include <map>
#include <vector>

#include "storage/annotation.h"

namespace corevla::ui {

class SegmentModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RecordingName, Kind, Start, End, StartFrame, EndFrame, Category, Note, Edited, Author, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, RecordingRole, StartFrameRole, CategoryRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setRecordingNames(std::map<std::int64_t, QString> names);
    // The whole list: rows of ids no longer there go, the others are updated, new ones appended.
    void setSegments(const std::vector<Segment>& segments);
    void store(const Segment& segment);  // one row, updated or appended
    void remove(std::int64_t id);
    const Segment* segment(int row) const;
    int rowOfId(std::int64_t id) const;
    static QString kindName(SegmentKind kind);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void removeRow(int row);

    std::vector<Segment> m_rows;
    std::map<std::int64_t, int> m_rowOfId;
    std::map<std::int64_t, QString> m_names;  // recording id -> name
};

}  // namespace corevla::ui
