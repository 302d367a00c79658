// SPDX-License-Identifier: MIT
// The review queue's filters over the pair table: status, the segment's
// category, recording and author, each "any" when empty or 0. Sorting is
// the proxy's own (by the column's edit value).
#pragma once

#include <QSortFilterProxyModel>
#include <cstdint>

namespace corevla::ui {

class PairFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit PairFilterModel(QObject* parent = nullptr);

    void setStatus(const QString& status);  // "draft", "needs-review", ...
    void setCategory(const QString& category);
    void setRecording(std::int64_t recording);
    void setAuthor(const QString& author);
    QString status() const { return m_status; }

    std::int64_t pairId(int proxyRow) const;  // 0: no such row
    int proxyRowOf(std::int64_t pairId) const;  // -1: filtered out or unknown

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    template <typename T>
    void change(T& field, const T& value);

    QString m_status, m_category, m_author;
    std::int64_t m_recording = 0;
};

}  // namespace corevla::ui
