// SPDX-License-Identifier: MIT
// The Segments dock: every segment of the project, filterable by text and by
// category (an ability also finds its scenarios); double-click or Enter
// opens the recording at the segment; the selected row's category and note
// are edited below the table (F2 goes there). Edits go through the
// SegmentEditor, so each is one undo step.
#pragma once

#include <QWidget>
#include <cstdint>

#include "storage/annotation.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace corevla::ui {

class SegmentEditor;
class SegmentFilter;
class SegmentModel;

class SegmentsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SegmentsPanel(SegmentEditor* editor, QWidget* parent = nullptr);

    // Reads every segment of the project again, and the recordings' names.
    void reload();
    SegmentModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterBox() const { return m_filter; }
    QComboBox* categoryFilter() const { return m_categoryFilter; }
    QComboBox* categoryBox() const { return m_category; }
    QLineEdit* noteBox() const { return m_note; }
    QLabel* messageLabel() const { return m_message; }
    void selectSegment(std::int64_t id);  // the row, when the filter shows it
    void editCategory();                   // focus on the selected segment's category
    void showMessage(const QString& message);  // empty: hide

Q_SIGNALS:
    void openRequested(std::int64_t recording, int frame, std::int64_t segment);
    void deleteRequested(const corevla::Segment& segment);
    void editingDone();  // Enter in the note: the keys can go back to playback

private:
    void activate(const QModelIndex& proxyIndex);
    void currentChanged();
    void showSegment(const Segment* segment);  // in the form below the table
    void commitCategory();
    void commitNote();
    void updateCategoryFilter();
    const Segment* current() const;

    SegmentEditor* m_editor;
    SegmentModel* m_model;
    SegmentFilter* m_proxy;
    QLineEdit* m_filter;
    QComboBox* m_categoryFilter;
    QTableView* m_view;
    QLabel* m_title;
    QComboBox* m_category;
    QLineEdit* m_note;
    QLabel* m_message;
    Segment m_shown;  // what the form shows: its edits name this row as it was seen
    QStringList m_usedCategories;
};

}  // namespace corevla::ui
