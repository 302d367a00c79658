// SPDX-License-Identifier: MIT
#include "ui/library_model.h"

namespace corevla::ui {
namespace {

QString sourceLabel(SourceKind kind) {
    switch (kind) {
    case SourceKind::Bench2DriveClip: return QObject::tr("B2D clip");
    case SourceKind::Bench2DriveEval: return QObject::tr("B2D eval");
    case SourceKind::CaveSession: return QObject::tr("CAVE");
    }
    return {};
}

}  // namespace

void LibraryModel::setRecordings(std::vector<RecordingSummary> recordings) {
    beginResetModel();
    m_rows = std::move(recordings);
    endResetModel();
}

const RecordingSummary* LibraryModel::recording(int row) const {
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? &m_rows[row] : nullptr;
}

int LibraryModel::rowOfId(std::int64_t id) const {
    for (int i = 0; i < static_cast<int>(m_rows.size()); ++i)
        if (m_rows[i].id == id) return i;
    return -1;
}

int LibraryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LibraryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LibraryModel::data(const QModelIndex& index, int role) const {
    const RecordingSummary* r = recording(index.row());
    if (!r || !index.isValid()) return {};
    if (role == IdRole) return QVariant::fromValue<qlonglong>(r->id);
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Frames && index.column() != Cameras ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ToolTipRole) return QString::fromStdString(r->root);
    // Numbers are returned as numbers so a proxy sorts them numerically.
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
    case Source: return sourceLabel(r->source);
    case Name: return QString::fromStdString(r->name);
    case Scenario: return QString::fromStdString(r->scenario);
    case Town: return QString::fromStdString(r->town);
    case Weather: return QString::fromStdString(r->weather);
    case Frames: return r->frames;
    case Duration: return role == Qt::EditRole ? QVariant(r->durationS) : QVariant(QString::number(r->durationS, 'f', 1) + " s");
    case Cameras: return static_cast<int>(r->cameras.size());
    case Takeovers: return r->takeovers;
    case Infractions: return r->infractions;
    case Score: return r->eval ? QVariant(r->eval->drivingScore) : QVariant();
    }
    return {};
}

QVariant LibraryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Source", "Name", "Scenario", "Town", "Weather", "Frames",
                                  "Duration", "Cameras", "Takeovers", "Infractions", "Driving score"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace corevla::ui
