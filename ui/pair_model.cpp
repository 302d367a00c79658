// SPDX-License-Identifier: MIT
#include "ui/pair_model.h"

#include <QColor>
#include <QStringList>

namespace corevla::ui {
namespace {

QString actionText(const MetaAction& a) {
    return QStringLiteral("%1, %2").arg(QString::fromStdString(a.direction), QString::fromStdString(a.speed));
}

}  // namespace

void PairModel::setRows(std::vector<Row> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    m_byId.clear();
    for (int i = 0; i < int(m_rows.size()); ++i) m_byId[m_rows[std::size_t(i)].pair.id] = i;
    endResetModel();
}

bool PairModel::updatePair(const PreferencePair& pair) {
    const int r = rowOf(pair.id);
    if (r < 0) return false;
    m_rows[std::size_t(r)].pair = pair;
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
    return true;
}

void PairModel::setLint(const std::map<std::int64_t, std::vector<dataset::LintIssue>>& lint) {
    for (Row& row : m_rows) {
        const auto it = lint.find(row.pair.id);
        row.lint = it == lint.end() ? std::vector<dataset::LintIssue>{} : it->second;
    }
    if (!m_rows.empty()) Q_EMIT dataChanged(index(0, LintColumn), index(rowCount() - 1, LintColumn));
}

const PairModel::Row* PairModel::row(int r) const {
    return r >= 0 && r < int(m_rows.size()) ? &m_rows[std::size_t(r)] : nullptr;
}

int PairModel::rowOf(std::int64_t id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? -1 : it->second;
}

int PairModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int PairModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QColor PairModel::statusColor(PairStatus status) {
    switch (status) {
    case PairStatus::Draft: return QColor(0x75, 0x75, 0x75);
    case PairStatus::NeedsReview: return QColor(0xC7, 0x7C, 0x02);
    case PairStatus::Approved: return QColor(0x2E, 0x7D, 0x32);
    case PairStatus::Rejected: return QColor(0xC6, 0x28, 0x28);
    }
    return {};
}

QVariant PairModel::display(const Row& row, int column) const {
    const PreferencePair& p = row.pair;
    switch (column) {
    case IdColumn: return qlonglong(p.id);
    case RecordingColumn: return row.recordingName;
    case CategoryColumn: return row.category;
    case StatusColumn: return QString::fromLatin1(pairStatusName(p.status));
    case ChosenColumn: return actionText(p.chosenAction);
    case RejectedColumn: return actionText(p.rejectedAction);
    case AuthorColumn: return QString::fromStdString(p.author);
    case ReviewerColumn: return QString::fromStdString(p.reviewer);
    case VersionColumn: return p.version;
    case LintColumn: return int(row.lint.size());
    }
    return {};
}

QVariant PairModel::data(const QModelIndex& index, int role) const {
    const Row* r = index.isValid() && index.column() < ColumnCount ? row(index.row()) : nullptr;
    if (!r) return {};
    const PreferencePair& p = r->pair;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: return display(*r, index.column());
    case PairIdRole: return qlonglong(p.id);
    case StatusRole: return QString::fromLatin1(pairStatusName(p.status));
    case CategoryRole: return r->category;
    case RecordingIdRole: return qlonglong(p.recording);
    case AuthorRole: return QString::fromStdString(p.author);
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn) return statusColor(p.status);
        if (index.column() == LintColumn && !r->lint.empty()) return QColor(0xC6, 0x28, 0x28);
        return {};
    case Qt::TextAlignmentRole: {
        const int c = index.column();
        return c == IdColumn || c == VersionColumn || c == LintColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                      : QVariant();
    }
    case Qt::ToolTipRole: {
        if (r->lint.empty()) return index.column() == LintColumn ? tr("No lint issues") : QVariant();
        QStringList lines;
        for (const auto& issue : r->lint)
            lines << QStringLiteral("%1: %2").arg(QString::fromStdString(issue.code), QString::fromStdString(issue.message));
        return lines.join('\n');
    }
    default: return {};
    }
}

QVariant PairModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Id", "Recording", "Category", "Status", "Chosen", "Rejected",
                                  "Author", "Reviewer", "Version", "Lint"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace corevla::ui
