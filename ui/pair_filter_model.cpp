// SPDX-License-Identifier: MIT
#include "ui/pair_filter_model.h"

#include "ui/pair_model.h"

namespace corevla::ui {

PairFilterModel::PairFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(Qt::EditRole);
    // A pair that leaves the filter (approved in a "needs-review" queue) leaves the list.
    setDynamicSortFilter(true);
}

template <typename T>
void PairFilterModel::change(T& field, const T& value) {
    if (field == value) return;
    field = value;
    invalidateFilter();
}

void PairFilterModel::setStatus(const QString& status) { change(m_status, status); }
void PairFilterModel::setCategory(const QString& category) { change(m_category, category); }
void PairFilterModel::setRecording(std::int64_t recording) { change(m_recording, recording); }
void PairFilterModel::setAuthor(const QString& author) { change(m_author, author); }

std::int64_t PairFilterModel::pairId(int proxyRow) const {
    if (proxyRow < 0 || proxyRow >= rowCount()) return 0;
    return index(proxyRow, 0).data(PairModel::PairIdRole).toLongLong();
}

int PairFilterModel::proxyRowOf(std::int64_t pairId) const {
    const auto* pairs = qobject_cast<const PairModel*>(sourceModel());
    const int sourceRow = pairs ? pairs->rowOf(pairId) : -1;
    if (sourceRow < 0) return -1;
    return mapFromSource(pairs->index(sourceRow, 0)).row();
}

bool PairFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_status.isEmpty() && i.data(PairModel::StatusRole).toString() != m_status) return false;
    if (!m_category.isEmpty() && i.data(PairModel::CategoryRole).toString() != m_category) return false;
    if (m_recording && i.data(PairModel::RecordingIdRole).toLongLong() != m_recording) return false;
    if (!m_author.isEmpty() && i.data(PairModel::AuthorRole).toString() != m_author) return false;
    return true;
}

}  // namespace corevla::ui
