// SPDX-License-Identifier: MIT
// The project's recordings as a table for the Library panel.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "storage/types.h"

namespace corevla::ui {

class LibraryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Source, Name, Scenario, Town, Weather, Frames, Duration, Cameras, Takeovers, Infractions, Score, ColumnCount };
    static constexpr int IdRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
    void setRecordings(std::vector<RecordingSummary> recordings);
    const RecordingSummary* recording(int row) const;
    int rowOfId(std::int64_t id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<RecordingSummary> m_rows;
};

}  // namespace corevla::ui
