// SPDX-License-Identifier: MIT
// Everything that happens on a recording's timeline, one row per item:
// takeover spans, infractions, collisions, bookmarks, notes and the model's
// decisions, sorted by frame (items not aligned to a frame come last). The
// timeline widget paints these rows; the main window's "jump to next
// takeover / infraction / decision" uses nextFrame()/previousFrame().
#pragma once

#include <QAbstractTableModel>
#include <array>
#include <string>
#include <vector>

#include "storage/types.h"

namespace corevla::ui {

class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Kind : unsigned {
        Takeover = 1u << 0,
        Infraction = 1u << 1,
        Collision = 1u << 2,
        Bookmark = 1u << 3,
        Note = 1u << 4,
        Decision = 1u << 5,
        AllKinds = (1u << 6) - 1,
    };
    using Kinds = unsigned;  // an OR of Kind
    enum Column { KindColumn, StartColumn, EndColumn, TimeColumn, TextColumn, ColumnCount };
    enum Role { FrameRole = Qt::UserRole + 1, EndFrameRole, KindRole, TimeRole };

    struct Item {
        Kind kind = Note;
        int frame = -1;     // -1: not aligned to a frame
        int endFrame = -1;  // takeovers: last frame with the driver, inclusive; else = frame
        double t = -1;      // seconds; -1 when not aligned
        QString title;      // "DECELERATE × FOLLOW_LANE", "collisions_vehicle", "Driver"
        QString text;       // reasoning, infraction text, ...
        std::string speedCmd;  // decisions: for the tick colour
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setRecording(const Recording& recording);
    const std::vector<Item>& items() const { return m_items; }
    const Item* item(int row) const;
    static QString kindName(Kind kind);
    // "Infraction: collisions_vehicle — Agent collided …" (for tooltips)
    static QString describe(const Item& item);
    // Descriptions of the takeovers containing frame and the other items
    // starting within [from, to]; at most maxLines, each at most 120 characters.
    QStringList describeNear(int frame, int from, int to, int maxLines) const;

    // The first item of the kinds starting after fromFrame / the last one
    // starting before it; -1 when there is none. O(k log n).
    int nextFrame(Kinds kinds, int fromFrame) const;
    int previousFrame(Kinds kinds, int fromFrame) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    static constexpr int kKindCount = 6;
    std::vector<Item> m_items;
    std::array<std::vector<int>, kKindCount> m_framesByKind;  // sorted start frames per kind
};

}  // namespace corevla::ui
