// SPDX-License-Identifier: MIT
// The model's decisions of one recording as a table (time, speed command,
// direction command, reasoning), sorted by frame, with an O(log n) lookup of
// the decision in force at a frame.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "storage/types.h"

namespace corevla::ui {

class DecisionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, SpeedColumn, DirectionColumn, ReasoningColumn, ColumnCount };
    enum Role { FrameRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    // Copies the decisions (a few hundred at most), so the model never
    // dangles when the recording is replaced.
    void setRecording(const Recording& recording);
    const corevla::Decision* decision(int row) const;
    // The row of the last decision at or before frame; -1 before the first.
    int rowAtFrame(int frame) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<corevla::Decision> m_rows;
};

}  // namespace corevla::ui
