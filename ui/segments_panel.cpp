// SPDX-License-Identifier: MIT
#include "ui/segments_panel.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <map>
#include <set>

#include "storage/annotation_store.h"
#include "storage/categories.h"
#include "storage/project.h"
#include "ui/segment_editor.h"
#include "ui/segment_model.h"
#include "ui/row_actions.h"

namespace corevla::ui {

// Text in any column, and a category: the category itself, or an ability
// that the segment's scenario counts for.
class SegmentFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setCategory(const QString& category) {
        m_category = category.toStdString();
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        if (!m_category.empty()) {
            const std::string category = sourceModel()->index(row, 0, parent).data(SegmentModel::CategoryRole).toString().toStdString();
            const auto abilities = abilitiesOfScenario(category);
            if (category != m_category && std::find(abilities.begin(), abilities.end(), m_category) == abilities.end())
                return false;
        }
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }

private:
    std::string m_category;
};

namespace {

QStringList qStrings(const std::vector<std::string>& list) {
    QStringList out;
    for (const std::string& s : list) out << QString::fromStdString(s);
    return out;
}

}  // namespace

SegmentsPanel::SegmentsPanel(SegmentEditor* editor, QWidget* parent)
    : QWidget(parent), m_editor(editor), m_model(new SegmentModel(this)), m_proxy(new SegmentFilter(this)),
      m_filter(new QLineEdit(this)), m_categoryFilter(new QComboBox(this)), m_view(new QTableView(this)),
      m_title(new QLabel(this)), m_category(new QComboBox(this)), m_note(new QLineEdit(this)), m_message(new QLabel(this)) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::EditRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_filter->setPlaceholderText(tr("Filter segments (recording, kind, category, note…)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_categoryFilter->setObjectName("categoryFilter");
    m_categoryFilter->setToolTip(tr("Only segments of this category (an ability includes its scenarios)"));
    connect(m_categoryFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setCategory(m_categoryFilter->currentData().toString()); });
    updateCategoryFilter();

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SegmentModel::RecordingName, Qt::AscendingOrder);  // by recording, then start
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setColumnWidth(SegmentModel::RecordingName, 130);
    m_view->setColumnWidth(SegmentModel::Kind, 74);
    for (int c : {SegmentModel::Start, SegmentModel::End, SegmentModel::StartFrame, SegmentModel::EndFrame, SegmentModel::Edited})
        m_view->setColumnWidth(c, 56);
    m_view->setColumnWidth(SegmentModel::Category, 120);
    m_view->setColumnWidth(SegmentModel::Note, 160);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SegmentsPanel::currentChanged);
    addRowActions(
        m_view, tr("Open at the segment"), [this] { activate(m_view->currentIndex()); }, tr("Delete segment…"),
        "deleteSegmentRow", [this] {
            if (const Segment* s = current()) Q_EMIT deleteRequested(*s);
        });

    // The selected segment's category and note; Enter (or leaving the field) saves.
    m_category->setEditable(true);
    m_category->setInsertPolicy(QComboBox::NoInsert);
    m_category->setObjectName("segmentCategory");
    m_category->lineEdit()->setPlaceholderText(tr("Bench2Drive ability or scenario"));
    m_category->addItems(qStrings(bench2driveAbilities()));
    m_category->insertSeparator(m_category->count());
    m_category->addItems(qStrings(bench2driveScenarios()));
    m_category->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_category->completer()->setFilterMode(Qt::MatchContains);
    m_category->completer()->setCompletionMode(QCompleter::PopupCompletion);
    connect(m_category, &QComboBox::activated, this, &SegmentsPanel::commitCategory);
    connect(m_category->lineEdit(), &QLineEdit::editingFinished, this, &SegmentsPanel::commitCategory);
    m_note->setObjectName("segmentNote");
    m_note->setPlaceholderText(tr("Note: what happened, why the driver took over"));
    m_note->setClearButtonEnabled(true);
    connect(m_note, &QLineEdit::editingFinished, this, &SegmentsPanel::commitNote);
    connect(m_note, &QLineEdit::returnPressed, this, &SegmentsPanel::editingDone);
    setTabOrder(m_category, m_note);  // F2, type the category, Tab, type the note
    m_message->setWordWrap(true);
    m_message->setStyleSheet("QLabel { background: #fdecea; color: #8a1c1c; padding: 4px; border-radius: 3px; }");
    m_message->hide();

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_categoryFilter);
    auto* form = new QFormLayout;
    form->addRow(m_title);
    form->addRow(tr("&Category"), m_category);
    form->addRow(tr("&Note"), m_note);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);
    layout->addLayout(form);

    connect(editor, &SegmentEditor::segmentStored, this, [this](const Segment& s) {
        m_model->store(s);
        if (s.id == m_shown.id) showSegment(&s);
        updateCategoryFilter();
    });
    connect(editor, &SegmentEditor::segmentRemoved, this, [this](std::int64_t id) {
        m_model->remove(id);
        if (id == m_shown.id) showSegment(current());
    });
    connect(editor, &SegmentEditor::selectionChanged, this, &SegmentsPanel::selectSegment);
    showSegment(nullptr);
}

void SegmentsPanel::reload() {
    std::vector<Segment> segments;
    std::map<std::int64_t, QString> names;
    if (AnnotationStore* store = m_editor->store()) {
        auto list = store->segments();
        auto recordings = m_editor->project()->recordings();
        if (list) segments = std::move(*list);
        if (recordings)
            for (const RecordingSummary& r : *recordings) names[r.id] = QString::fromStdString(r.name);
        if (!list || !recordings) showMessage(QString::fromStdString(list ? m_editor->project()->lastError() : store->lastError()));
    }
    m_model->setRecordingNames(std::move(names));
    m_model->setSegments(segments);
    updateCategoryFilter();
    showSegment(current());
}

const Segment* SegmentsPanel::current() const {
    const QModelIndex index = m_proxy->mapToSource(m_view->currentIndex());
    return index.isValid() ? m_model->segment(index.row()) : nullptr;
}

void SegmentsPanel::selectSegment(std::int64_t id) {
    if (const Segment* s = current(); s && s->id == id) return;
    const int row = m_model->rowOfId(id);
    const QModelIndex index = row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) return;  // filtered out (or none): the table keeps its row
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

void SegmentsPanel::activate(const QModelIndex& proxyIndex) {
    const QModelIndex index = m_proxy->mapToSource(proxyIndex);
    if (const Segment* s = index.isValid() ? m_model->segment(index.row()) : nullptr)
        Q_EMIT openRequested(s->recording, s->startFrame, s->id);
}

void SegmentsPanel::currentChanged() {
    const Segment* s = current();
    showSegment(s);
    // A row of the open recording selects its band; another recording's waits for Enter.
    if (s && m_editor->find(s->id)) m_editor->select(s->id);
}

void SegmentsPanel::showSegment(const Segment* s) {
    m_shown = s ? *s : Segment{};
    m_category->setEnabled(s != nullptr);
    m_note->setEnabled(s != nullptr);
    if (!s) {
        m_title->setText(tr("<i>Select a segment to edit its category and note.</i>"));
        m_category->setEditText({});
        m_note->clear();
        return;
    }
    m_title->setText(tr("<b>Segment %1</b> · %2 · frames %3–%4")
                         .arg(s->id)
                         .arg(SegmentModel::kindName(s->kind))
                         .arg(s->startFrame)
                         .arg(s->endFrame));
    // A field being typed in keeps what is typed.
    if (!m_category->hasFocus()) m_category->setEditText(QString::fromStdString(s->category));
    if (!m_note->hasFocus()) m_note->setText(QString::fromStdString(s->note));
}

void SegmentsPanel::editCategory() {
    if (!m_shown.id) return;
    m_category->setFocus(Qt::ShortcutFocusReason);
    m_category->lineEdit()->selectAll();
}

void SegmentsPanel::commitCategory() {
    if (m_shown.id && m_category->currentText().toStdString() != m_shown.category)
        m_editor->setCategory(m_shown, m_category->currentText());
}

void SegmentsPanel::commitNote() {
    if (m_shown.id && m_note->text().trimmed().toStdString() != m_shown.note) m_editor->setNote(m_shown, m_note->text());
}

void SegmentsPanel::showMessage(const QString& message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void SegmentsPanel::updateCategoryFilter() {
    std::set<QString> used;
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (const Segment* s = m_model->segment(row); !s->category.empty()) used.insert(QString::fromStdString(s->category));
    const QStringList list(used.begin(), used.end());
    if (m_categoryFilter->count() && list == m_usedCategories) return;
    m_usedCategories = list;
    const QString chosen = m_categoryFilter->currentData().toString();
    const QSignalBlocker block(m_categoryFilter);
    m_categoryFilter->clear();
    m_categoryFilter->addItem(tr("All categories"), QString());
    for (const std::string& ability : bench2driveAbilities())
        m_categoryFilter->addItem(tr("%1 (ability)").arg(QString::fromStdString(ability)), QString::fromStdString(ability));
    m_categoryFilter->insertSeparator(m_categoryFilter->count());
    for (const QString& category : list)
        if (m_categoryFilter->findData(category) < 0) m_categoryFilter->addItem(category, category);
    m_categoryFilter->setCurrentIndex(std::max(0, m_categoryFilter->findData(chosen)));
    if (m_categoryFilter->currentData().toString() != chosen) m_proxy->setCategory({});  // its last segment changed category
}

}  // namespace corevla::ui
