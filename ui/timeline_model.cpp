// SPDX-License-Identifier: MIT
#include "ui/timeline_model.h"

#include <QColor>
#include <algorithm>
#include <bit>

#include "ui/spans.h"

namespace corevla::ui {
namespace {

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

// The first few words of a reasoning text, for one table row.
QString firstWords(const std::string& text, int maxChars = 90) {
    QString s = fromStd(text).simplified();
    if (s.size() <= maxChars) return s;
    const int cut = s.lastIndexOf(QLatin1Char(' '), maxChars);
    return s.left(cut > maxChars / 2 ? cut : maxChars) + QStringLiteral(" …");
}

TimelineModel::Kind kindOf(EventKind kind) {
    switch (kind) {
    case EventKind::Infraction: return TimelineModel::Infraction;
    case EventKind::Collision: return TimelineModel::Collision;
    case EventKind::Bookmark: return TimelineModel::Bookmark;
    default: return TimelineModel::Note;
    }
}

QColor kindColour(const TimelineModel::Item& item) {
    switch (item.kind) {
    case TimelineModel::Takeover: return palette::driver();
    case TimelineModel::Infraction:
    case TimelineModel::Collision: return palette::infraction();
    case TimelineModel::Bookmark: return palette::bookmark();
    case TimelineModel::Decision: return palette::speedCommand(item.speedCmd);
    default: return palette::note();
    }
}

}  // namespace

void TimelineModel::setRecording(const Recording& recording) {
    beginResetModel();
    m_items.clear();
    for (const TakeoverSpan& span : takeoverSpans(recording)) {
        const double t0 = frameTime(recording, span.first), t1 = frameTime(recording, span.last + 1);
        m_items.push_back({Takeover, span.first, span.last, t0, tr("driver"),
                           tr("frames %1–%2, %3 s").arg(span.first).arg(span.last).arg(t1 - t0, 0, 'f', 1), {}});
    }
    for (const Event& e : recording.events) {
        if (e.kind == EventKind::TakeoverStart || e.kind == EventKind::TakeoverEnd) continue;
        const bool aligned = e.frame >= 0;
        Item item{kindOf(e.kind), aligned ? e.frame : -1, aligned ? e.frame : -1, aligned ? frameTime(recording, e.frame) : -1,
                  fromStd(e.category), fromStd(e.text), {}};
        if (item.title.isEmpty() && item.kind == Note) item.title = item.text, item.text.clear();
        m_items.push_back(std::move(item));
    }
    for (const corevla::Decision& d : recording.decisions) {
        m_items.push_back({Decision, d.frame, d.frame, d.t,
                           fromStd(d.speedCmd) + QStringLiteral(" × ") + fromStd(d.dirCmd), firstWords(d.reasoning),
                           d.speedCmd});
    }
    // Unaligned items (frame -1) sort after every aligned one.
    std::stable_sort(m_items.begin(), m_items.end(), [](const Item& a, const Item& b) {
        const unsigned fa = unsigned(a.frame), fb = unsigned(b.frame);
        return fa != fb ? fa < fb : a.kind < b.kind;
    });
    for (auto& frames : m_framesByKind) frames.clear();
    for (const Item& item : m_items)
        if (item.frame >= 0) m_framesByKind[std::countr_zero(unsigned(item.kind))].push_back(item.frame);
    endResetModel();
}

const TimelineModel::Item* TimelineModel::item(int row) const {
    return row >= 0 && row < int(m_items.size()) ? &m_items[row] : nullptr;
}

QString TimelineModel::kindName(Kind kind) {
    switch (kind) {
    case Takeover: return tr("Takeover");
    case Infraction: return tr("Infraction");
    case Collision: return tr("Collision");
    case Bookmark: return tr("Bookmark");
    case Decision: return tr("Decision");
    default: return tr("Note");
    }
}

QString TimelineModel::describe(const Item& item) {
    QString s = kindName(item.kind);
    if (!item.title.isEmpty()) s += QStringLiteral(": ") + item.title;
    if (!item.text.isEmpty()) s += QStringLiteral(" — ") + item.text;
    return s;
}

QStringList TimelineModel::describeNear(int frame, int from, int to, int maxLines) const {
    QStringList lines;
    for (const Item& item : m_items) {
        if (item.frame < 0 || item.frame > to || lines.size() >= maxLines) break;  // sorted; unaligned last
        const bool hit = item.kind == Takeover ? item.frame <= frame && frame <= item.endFrame : item.frame >= from;
        if (!hit) continue;
        const QString line = describe(item);
        lines << (line.size() > 120 ? line.left(118) + QStringLiteral(" …") : line);
    }
    return lines;
}

int TimelineModel::nextFrame(Kinds kinds, int fromFrame) const {
    int best = -1;
    for (int k = 0; k < kKindCount; ++k) {
        if (!(kinds & (1u << k))) continue;
        const auto& frames = m_framesByKind[k];
        const auto it = std::upper_bound(frames.begin(), frames.end(), fromFrame);
        if (it != frames.end() && (best < 0 || *it < best)) best = *it;
    }
    return best;
}

int TimelineModel::previousFrame(Kinds kinds, int fromFrame) const {
    int best = -1;
    for (int k = 0; k < kKindCount; ++k) {
        if (!(kinds & (1u << k))) continue;
        const auto& frames = m_framesByKind[k];
        const auto it = std::lower_bound(frames.begin(), frames.end(), fromFrame);
        if (it != frames.begin() && *(it - 1) > best) best = *(it - 1);
    }
    return best;
}

int TimelineModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_items.size()); }

int TimelineModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TimelineModel::data(const QModelIndex& index, int role) const {
    const Item* it = index.isValid() ? item(index.row()) : nullptr;
    if (!it) return {};
    switch (role) {
    case FrameRole: return it->frame;
    case EndFrameRole: return it->endFrame;
    case KindRole: return unsigned(it->kind);
    case TimeRole: return it->t;
    case Qt::ToolTipRole: return describe(*it);
    case Qt::DecorationRole: return index.column() == KindColumn ? QVariant(kindColour(*it)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == KindColumn || index.column() == TextColumn ? QVariant()
                                                                             : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::DisplayRole:
    case Qt::EditRole: break;
    default: return {};
    }
    const bool aligned = it->frame >= 0;
    switch (index.column()) {
    case KindColumn: return kindName(it->kind);
    case StartColumn: return aligned ? QVariant(it->frame) : QVariant();
    case EndColumn: return it->kind == Takeover ? QVariant(it->endFrame) : QVariant();
    case TimeColumn:
        if (!aligned) return role == Qt::EditRole ? QVariant() : QVariant(tr("not aligned"));
        return role == Qt::EditRole ? QVariant(it->t) : QVariant(formatTime(it->t));
    case TextColumn:
        return it->text.isEmpty() ? it->title : it->title.isEmpty() ? it->text : it->title + QStringLiteral(" — ") + it->text;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Kind", "Start", "End", "Time", "What"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace corevla::ui
