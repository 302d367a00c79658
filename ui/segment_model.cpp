// SPDX-License-Identifier: MIT
#include "ui/segment_model.h"

#include <set>

#include "ui/spans.h"

namespace corevla::ui {

void SegmentModel::setRecordingNames(std::map<std::int64_t, QString> names) {
    m_names = std::move(names);
    if (!m_rows.empty()) Q_EMIT dataChanged(index(0, RecordingName), index(rowCount() - 1, RecordingName));
}

void SegmentModel::setSegments(const std::vector<Segment>& segments) {
    std::set<std::int64_t> ids;
    for (const Segment& s : segments) ids.insert(s.id);
    for (int row = rowCount() - 1; row >= 0; --row)
        if (!ids.count(m_rows[std::size_t(row)].id)) removeRow(row);
    for (const Segment& s : segments) store(s);
}

void SegmentModel::store(const Segment& segment) {
    const int row = rowOfId(segment.id);
    if (row >= 0) {
        m_rows[std::size_t(row)] = segment;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, rowCount(), rowCount());
    m_rowOfId[segment.id] = rowCount();
    m_rows.push_back(segment);
    endInsertRows();
}

void SegmentModel::remove(std::int64_t id) {
    const int row = rowOfId(id);
    if (row >= 0) removeRow(row);
}

void SegmentModel::removeRow(int row) {
    beginRemoveRows({}, row, row);
    m_rowOfId.erase(m_rows[std::size_t(row)].id);
    m_rows.erase(m_rows.begin() + row);
    for (auto& entry : m_rowOfId)  // the rows after it moved up
        if (entry.second > row) --entry.second;
    endRemoveRows();
}

const Segment* SegmentModel::segment(int row) const {
    return row >= 0 && row < rowCount() ? &m_rows[std::size_t(row)] : nullptr;
}

int SegmentModel::rowOfId(std::int64_t id) const {
    const auto it = m_rowOfId.find(id);
    return it == m_rowOfId.end() ? -1 : it->second;
}

QString SegmentModel::kindName(SegmentKind kind) {
    switch (kind) {
    case SegmentKind::Takeover: return tr("Takeover");
    case SegmentKind::Infraction: return tr("Infraction");
    case SegmentKind::Divergence: return tr("Divergence");
    case SegmentKind::Manual: return tr("Manual");
    }
    return {};
}

int SegmentModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int SegmentModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SegmentModel::data(const QModelIndex& index, int role) const {
    const Segment* s = index.isValid() ? segment(index.row()) : nullptr;
    if (!s) return {};
    switch (role) {
    case IdRole: return QVariant::fromValue<qlonglong>(s->id);
    case RecordingRole: return QVariant::fromValue<qlonglong>(s->recording);
    case StartFrameRole: return s->startFrame;
    case CategoryRole: return QString::fromStdString(s->category);
    case Qt::ToolTipRole: return s->note.empty() ? QVariant() : QVariant(QString::fromStdString(s->note));
    case Qt::TextAlignmentRole:
        return index.column() >= Start && index.column() <= EndFrame ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
    case Qt::EditRole: break;
    default: return {};
    }
    // Numbers stay numbers for EditRole, so the proxy sorts them as numbers.
    const bool edit = role == Qt::EditRole;
    switch (index.column()) {
    case RecordingName: {
        const auto it = m_names.find(s->recording);
        const QString name = it != m_names.end() ? it->second : tr("recording %1").arg(s->recording);
        // Sorting by recording sorts by start within it.
        return edit ? QVariant(QStringLiteral("%1\x1f%2").arg(name).arg(s->startFrame, 10, 10, QLatin1Char('0'))) : QVariant(name);
    }
    case Kind: return kindName(s->kind);
    case Start: return edit ? QVariant(s->startS) : QVariant(formatTime(s->startS));
    case End: return edit ? QVariant(s->endS) : QVariant(formatTime(s->endS));
    case StartFrame: return s->startFrame;
    case EndFrame: return s->endFrame;
    case Category: return QString::fromStdString(s->category);
    case Note: return QString::fromStdString(s->note).simplified();
    case Edited: return edit ? QVariant(s->edited) : QVariant(s->edited ? tr("yes") : QString());
    case Author: return QString::fromStdString(s->author);
    }
    return {};
}

QVariant SegmentModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Recording", "Kind", "Start", "End", "First", "Last", "Category", "Note", "Edited", "Author"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace corevla::ui
