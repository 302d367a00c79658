// SPDX-License-Identifier: MIT
#include "ui/decision_model.h"

#include <QColor>
#include <algorithm>

#include "ui/spans.h"

namespace corevla::ui {

void DecisionModel::setRecording(const Recording& recording) {
    beginResetModel();
    m_rows = recording.decisions;
    // Log and Bench2Drive-VL decisions may both be present: one time order.
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const corevla::Decision& a, const corevla::Decision& b) { return a.frame < b.frame; });
    endResetModel();
}

const corevla::Decision* DecisionModel::decision(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[row] : nullptr;
}

int DecisionModel::rowAtFrame(int frame) const {
    const auto it = std::upper_bound(m_rows.begin(), m_rows.end(), frame,
                                     [](int f, const corevla::Decision& d) { return f < d.frame; });
    return int(it - m_rows.begin()) - 1;
}

int DecisionModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int DecisionModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DecisionModel::data(const QModelIndex& index, int role) const {
    const corevla::Decision* d = index.isValid() ? decision(index.row()) : nullptr;
    if (!d) return {};
    const int column = index.column();
    switch (role) {
    case FrameRole: return d->frame;
    case Qt::ToolTipRole: {
        QString tip = tr("Frame %1 · %2").arg(d->frame).arg(QString::fromStdString(d->origin));
        if (!d->reasoning.empty()) tip += QStringLiteral("\n") + QString::fromStdString(d->reasoning);
        return tip;
    }
    case Qt::ForegroundRole:
        return column == SpeedColumn ? QVariant(palette::speedCommand(d->speedCmd).darker(115)) : QVariant();
    case Qt::TextAlignmentRole: return column == TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
    case Qt::EditRole: break;
    default: return {};
    }
    switch (column) {
    case TimeColumn: return role == Qt::EditRole ? QVariant(d->t) : QVariant(formatTime(d->t));
    case SpeedColumn: return QString::fromStdString(d->speedCmd);
    case DirectionColumn: return QString::fromStdString(d->dirCmd);
    case ReasoningColumn: return QString::fromStdString(d->reasoning).simplified();
    }
    return {};
}

QVariant DecisionModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Time", "Speed", "Direction", "Reasoning"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace corevla::ui
