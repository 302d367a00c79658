// SPDX-License-Identifier: MIT
// What the evaluation tables share: a read-only sortable table, a cell that
// shows formatted text and sorts by its number, and the colours of better
// and worse (agrees / disagrees, improved / regressed).
#pragma once

#include <QColor>
#include <QStringList>
#include <QTableWidgetItem>
#include <limits>

class QTableWidget;
class QWidget;

namespace corevla::ui {

inline const QColor kBetterBackground{0xd4, 0xf0, 0xd4}, kWorseBackground{0xf6, 0xd3, 0xd3};

// Rows selected whole, cells not editable, the last column stretched, sortable.
QTableWidget* readOnlyTable(const QStringList& headers, QWidget* parent);

// Shows text ("42.9%", "75.71 (3)") and sorts by value (Qt::UserRole), so
// 9 comes before 10.
class NumberItem : public QTableWidgetItem {
public:
    // No number (a route the evaluation does not hold): "–", sorted first.
    static constexpr double kNone = -std::numeric_limits<double>::infinity();

    NumberItem(double value, const QString& text) : QTableWidgetItem(text) {
        setData(Qt::UserRole, value);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    double value() const { return data(Qt::UserRole).toDouble(); }
    bool operator<(const QTableWidgetItem& other) const override { return value() < other.data(Qt::UserRole).toDouble(); }
};

}  // namespace corevla::ui
