// SPDX-License-Identifier: MIT
#include "ui/review_queue.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <set>

#include "storage/annotation_store.h"
#include "storage/project.h"
#include "ui/frame_strip.h"
#include "ui/pair_builder.h"
#include "ui/pair_filter_model.h"
#include "ui/pair_model.h"

namespace corevla::ui {
namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

// Holds the builder at the scroll area's size, never below its minimum. A
// plain container: given the builder itself, the scroll area would size it
// by height-for-width (its word-wrapped labels), as tall as it would like.
class MinimumSizeFrame : public QWidget {
public:
    explicit MinimumSizeFrame(QWidget* child) : m_child(child) { child->setParent(this); }
    QSize minimumSizeHint() const override { return m_child->minimumSizeHint(); }
    QSize sizeHint() const override { return m_child->minimumSizeHint(); }

protected:
    void resizeEvent(QResizeEvent*) override { m_child->setGeometry(rect()); }
    bool event(QEvent* event) override {
        if (event->type() == QEvent::LayoutRequest) updateGeometry();  // the builder's minimum changed
        return QWidget::event(event);
    }

private:
    QWidget* m_child;
};

// Puts a combo back on the entry with `data` (else its first, "any").
void restoreChoice(QComboBox* box, const QVariant& data) {
    const int i = box->findData(data);
    box->setCurrentIndex(i < 0 ? 0 : i);
}

}  // namespace

ReviewQueue::ReviewQueue(QWidget* parent)
    : QWidget(parent), m_model(new PairModel(this)), m_filter(new PairFilterModel(this)), m_view(new QTableView(this)),
      m_builder(new PairBuilder(this)), m_statusBox(new QComboBox(this)), m_categoryBox(new QComboBox(this)),
      m_recordingBox(new QComboBox(this)), m_authorBox(new QComboBox(this)) {
    setObjectName("reviewQueue");
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setObjectName("pairList");
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(PairModel::IdColumn, Qt::AscendingOrder);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });

    makeAction("approve", tr("&Approve"), QKeySequence(Qt::Key_A), [this] { approve(); });
    makeAction("reject", tr("&Reject"), QKeySequence(Qt::Key_R), [this] { reject(); });
    makeAction("submit", tr("&Submit for review"), QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { submitForReview(); });
    makeAction("edit", tr("&Edit the chosen text"), QKeySequence(Qt::Key_E), [this] { editChosen(); });
    makeAction("next", tr("&Next pair"), QKeySequence(Qt::Key_N), [this] { next(); });
    makeAction("previous", tr("&Previous pair"), QKeySequence(Qt::Key_P), [this] { previous(); });
    makeAction("reload", tr("Re&load pairs"), QKeySequence(Qt::Key_F5), [this] { reload(); });
    action("submit")->setIconText(tr("Submit"));  // the toolbar's short names
    action("previous")->setIconText(tr("Previous"));
    action("next")->setIconText(tr("Next"));
    addAction(m_builder->saveAction());  // Ctrl+S from the list too
    addAction(m_builder->fixAction());

    auto* bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (const char* name : {"approve", "reject", "submit", "previous", "next"}) bar->addAction(action(name));
    for (QWidget* w : bar->findChildren<QWidget*>()) w->setFocusPolicy(Qt::NoFocus);
    auto* list = new QWidget(this);
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(buildFilters());
    listLayout->addWidget(bar);
    listLayout->addWidget(m_view, 1);
    // The builder keeps its size and scrolls in a short dock instead of squeezing its chips.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(new MinimumSizeFrame(m_builder));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(list);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 580});
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_builder, &PairBuilder::saved, this, &ReviewQueue::onSaved, Qt::QueuedConnection);
    connect(m_builder, &PairBuilder::leaveEditing, this, [this] { m_view->setFocus(Qt::ShortcutFocusReason); });
    connect(m_builder, &PairBuilder::decisionFrameChanged, this, &ReviewQueue::showFrameRequested);
    connect(m_builder->strip(), &FrameStrip::framesShown, this, &ReviewQueue::onFramesShown);
    connect(m_builder, &PairBuilder::cameraChosen, this, [this](std::int64_t recording, const QString& camera) {
        QSettings().setValue(cameraKey(recording), camera);
    });
}

ReviewQueue::~ReviewQueue() = default;

QAction* ReviewQueue::makeAction(const QString& name, const QString& text, const QKeySequence& key,
                                 std::function<void()> slot) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    a->setShortcut(key);
    // Only while the panel has the focus: the letters stay free elsewhere.
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    a->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove('&'), key.toString(QKeySequence::NativeText)));
    connect(a, &QAction::triggered, this, std::move(slot));
    addAction(a);
    m_actions << a;
    return a;
}

QAction* ReviewQueue::action(const QString& name) const {
    for (QAction* a : m_actions)
        if (a->objectName() == name) return a;
    return nullptr;
}

QWidget* ReviewQueue::buildFilters() {
    auto* box = new QWidget(this);
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(4, 4, 4, 0);
    m_statusBox->addItem(tr("Any status"), QString());
    for (PairStatus s : {PairStatus::Draft, PairStatus::NeedsReview, PairStatus::Approved, PairStatus::Rejected})
        m_statusBox->addItem(QString::fromLatin1(pairStatusName(s)), QString::fromLatin1(pairStatusName(s)));
    // Alt+T / C / G / U reach the filters: letters no menu uses.
    const struct { QComboBox* box; const char* label; } boxes[] = {
        {m_statusBox, QT_TR_NOOP("S&tatus")}, {m_categoryBox, QT_TR_NOOP("&Category")},
        {m_recordingBox, QT_TR_NOOP("Recordin&g")}, {m_authorBox, QT_TR_NOOP("A&uthor")}};
    for (int i = 0; i < 4; ++i) {
        auto* label = new QLabel(tr(boxes[i].label), box);
        label->setBuddy(boxes[i].box);
        grid->addWidget(label, i / 2, (i % 2) * 2);
        grid->addWidget(boxes[i].box, i / 2, (i % 2) * 2 + 1);
        boxes[i].box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        boxes[i].box->setMinimumContentsLength(10);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    connect(m_statusBox, &QComboBox::currentIndexChanged, this, [this] { m_filter->setStatus(m_statusBox->currentData().toString()); });
    connect(m_categoryBox, &QComboBox::currentIndexChanged, this, [this] { m_filter->setCategory(m_categoryBox->currentData().toString()); });
    connect(m_recordingBox, &QComboBox::currentIndexChanged, this, [this] { m_filter->setRecording(m_recordingBox->currentData().toLongLong()); });
    connect(m_authorBox, &QComboBox::currentIndexChanged, this, [this] { m_filter->setAuthor(m_authorBox->currentData().toString()); });
    fillFilters();
    return box;
}

// The choices the pairs offer, keeping what was chosen where it still exists.
void ReviewQueue::fillFilters() {
    std::set<QString> categories, authors;
    std::map<std::int64_t, QString> recordings;
    for (const PairModel::Row& row : m_model->rows()) {
        if (!row.category.isEmpty()) categories.insert(row.category);
        if (!row.pair.author.empty()) authors.insert(q(row.pair.author));
        if (row.pair.recording) recordings.emplace(row.pair.recording, row.recordingName);
    }
    const auto refill = [](QComboBox* box, const QString& any, const auto& fill) {
        const QVariant chosen = box->currentData();
        {
            const QSignalBlocker blocker(box);
            box->clear();
            box->addItem(any, QVariant());
            fill(box);
        }
        restoreChoice(box, chosen);  // emits when the choice is gone: the filter follows
    };
    refill(m_categoryBox, tr("Any category"), [&](QComboBox* box) { for (const QString& c : categories) box->addItem(c, c); });
    refill(m_recordingBox, tr("Any recording"), [&](QComboBox* box) {
        for (const auto& r : recordings) box->addItem(r.second, qlonglong(r.first));
    });
    refill(m_authorBox, tr("Any author"), [&](QComboBox* box) { for (const QString& a : authors) box->addItem(a, a); });
}

void ReviewQueue::setProject(Project* project, const QString& path) {
    leaveCurrent();  // an edit in progress goes to the project it belongs to
    m_builder->setProject(project);  // drops the open pair: it belonged to the previous project
    m_currentId = 0;
    m_projectPath = path;
    m_data.setProject(project);
    reload();
}

bool ReviewQueue::reload() {
    const std::int64_t keep = m_currentId;
    if (!leaveCurrent()) return false;
    m_builder->clearPair();  // it points into the recordings the reload drops
    m_currentId = 0;
    std::vector<PairModel::Row> rows;
    const bool ok = m_data.project() && m_data.reload();
    if (ok) {
        const auto lint = m_data.lint(m_data.pairs());
        for (const PreferencePair& p : m_data.pairs()) {
            const Segment* s = m_data.segment(p.segment);
            rows.push_back({p, q(m_data.recordingName(p.recording)), s ? q(s->category) : QString(), lint.at(p.id)});
        }
    } else if (m_data.project()) {
        Q_EMIT message(tr("Cannot read the pairs: %1").arg(q(m_data.lastError())));
    }
    m_model->setRows(std::move(rows));
    fillFilters();
    m_view->resizeColumnsToContents();
    // Long Bench2Drive route names would push every other column out of view.
    const int widest = m_view->fontMetrics().averageCharWidth() * 28;
    for (int c = 0; c < PairModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, std::min(m_view->columnWidth(c), widest));
    if (!selectPair(keep) && m_filter->rowCount() > 0) setCurrentRow(0);
    return ok;
}

bool ReviewQueue::selectPair(std::int64_t id) {
    const int row = id ? m_filter->proxyRowOf(id) : -1;
    if (row < 0) return false;
    setCurrentRow(row);
    // The view may have made that row current already (it moves on when a row leaves the filter).
    if (m_currentId != id) onCurrentChanged(m_view->currentIndex());
    return m_currentId == id;
}

void ReviewQueue::setCurrentRow(int proxyRow) {
    const QModelIndex index = m_filter->index(proxyRow, 0);
    m_view->setCurrentIndex(index);
    if (index.isValid()) m_view->scrollTo(index);
}

void ReviewQueue::onCurrentChanged(const QModelIndex& current) {
    if (m_ignoreCurrent) return;
    const std::int64_t id = current.isValid() ? current.data(PairModel::PairIdRole).toLongLong() : 0;
    if (id == m_currentId) return;
    if (!leaveCurrent()) {
        // Stay on the pair that could not be saved; put its row back once the view is done moving.
        QTimer::singleShot(0, this, [this] {
            m_ignoreCurrent = true;
            setCurrentRow(m_filter->proxyRowOf(m_currentId));
            m_ignoreCurrent = false;
        });
        return;
    }
    if (id) {
        open(id);
    } else {
        m_builder->clearPair();
        m_currentId = 0;
    }
}

// Saves what the person changed before another pair replaces it.
bool ReviewQueue::leaveCurrent() {
    if (!m_builder->hasPair()) return true;
    if (m_builder->inConflict()) {
        Q_EMIT message(tr("Pair %1: keep theirs or save yours before moving on").arg(m_currentId));
        return false;
    }
    if (!m_builder->isModified()) return true;
    const auto result = m_builder->save();
    // A pair deleted meanwhile has nothing left to keep the person on.
    return result == PairBuilder::SaveResult::Saved || result == PairBuilder::SaveResult::Unchanged ||
           result == PairBuilder::SaveResult::Missing;
}

void ReviewQueue::open(std::int64_t id) {
    // Read again: what another workstation saved since the reload shows.
    AnnotationStore store(*m_data.project());
    const auto pair = store.pair(id);
    if (!pair) {
        Q_EMIT message(q(store.lastError()));
        m_builder->clearPair();
        m_currentId = 0;
        return;
    }
    std::vector<dataset::LintIssue> duplicates;
    if (const auto* row = m_model->row(m_model->rowOf(id)))
        for (const auto& issue : row->lint)
            if (issue.code == "duplicate") duplicates.push_back(issue);
    const Recording* recording = m_data.recording(pair->recording);
    m_builder->setPair(*pair, recording, m_data.segment(pair->segment), std::move(duplicates));
    m_currentId = id;
    // The playback follows only a person's move here, not a reload in the background.
    m_pendingSeek = {};
    if (recording && isAncestorOf(QApplication::focusWidget())) {
        if (pair->promptFrames.empty()) Q_EMIT showFrameRequested(pair->recording, pair->decisionFrame);
        else m_pendingSeek = {pair->recording, pair->decisionFrame};
    }
}

// Work that would compete with the strip's decodes waits until it has shown
// the pair: the playback's seek (six full-size images) and the next pair's
// thumbnails, decoded while the person reads this one.
void ReviewQueue::onFramesShown() {
    if (m_pendingSeek.first) Q_EMIT showFrameRequested(m_pendingSeek.first, m_pendingSeek.second);
    m_pendingSeek = {};
    const PairModel::Row* next = m_prefetch ? m_model->row(m_model->rowOf(m_filter->pairId(m_filter->proxyRowOf(m_currentId) + 1))) : nullptr;
    if (next) m_builder->prefetch(next->pair);
}

void ReviewQueue::onSaved(const PreferencePair& pair) {
    const PairModel::Row* row = m_model->row(m_model->rowOf(pair.id));
    if (!row || (row->pair.version == pair.version && row->pair.status == pair.status)) return;
    m_model->updatePair(pair);
    std::vector<PreferencePair> pairs;
    pairs.reserve(m_model->rows().size());
    for (const PairModel::Row& r : m_model->rows()) pairs.push_back(r.pair);
    m_model->setLint(m_data.lint(pairs));
}

void ReviewQueue::verdict(PairStatus status) {
    if (!m_builder->hasPair()) return;
    const QString name = reviewerName();
    if (name.isEmpty()) return;
    const std::int64_t id = m_currentId;
    const std::int64_t nextId = m_filter->pairId(m_filter->proxyRowOf(id) + 1);
    if (m_builder->saveStatus(status, name) != PairBuilder::SaveResult::Saved) return;
    Q_EMIT message(tr("Pair %1 %2 by %3").arg(id).arg(QString::fromLatin1(pairStatusName(status)), name));
    // The row may leave the filter, and the view would open its neighbour
    // above: wait, then open the next one only.
    m_ignoreCurrent = true;
    onSaved(m_builder->stored());
    m_ignoreCurrent = false;
    if (nextId && selectPair(nextId)) return;
    onCurrentChanged(m_view->currentIndex());  // the same pair, its neighbour, or none
    if (!nextId) Q_EMIT message(tr("Pair %1 %2 — that was the last pair in the queue").arg(id).arg(QString::fromLatin1(pairStatusName(status))));
}

void ReviewQueue::submitForReview() {
    if (!m_builder->hasPair()) return;
    if (m_builder->saveStatus(PairStatus::NeedsReview, {}) == PairBuilder::SaveResult::Saved) {
        onSaved(m_builder->stored());
        Q_EMIT message(tr("Pair %1 submitted for review").arg(m_builder->stored().id));
    }
}

void ReviewQueue::step(int delta) {
    const int rows = m_filter->rowCount();
    if (rows == 0) return;
    const int row = m_filter->proxyRowOf(m_currentId);
    const int target = row < 0 ? (delta > 0 ? 0 : rows - 1) : row + delta;
    if (target < 0 || target >= rows) {
        Q_EMIT message(delta > 0 ? tr("That is the last pair in the queue") : tr("That is the first pair in the queue"));
        return;
    }
    setCurrentRow(target);
}

void ReviewQueue::editChosen() { m_builder->focusChosen(); }

void ReviewQueue::focusQueue() {
    auto* dock = qobject_cast<QDockWidget*>(parentWidget());
    if (dock) {
        dock->show();
        dock->raise();
        // Room for the frame strip and both answers side by side; the playback keeps the rest.
        if (auto* window = qobject_cast<QMainWindow*>(dock->parentWidget()); window && !dock->isFloating())
            window->resizeDocks({dock}, {std::max(dock->width(), window->width() * 55 / 100)}, Qt::Horizontal);
    }
    m_view->setFocus(Qt::ShortcutFocusReason);
    if (!m_currentId && m_filter->rowCount() > 0) setCurrentRow(0);
}

QString ReviewQueue::reviewerName(bool ask) {
    QSettings settings;
    QString name = settings.value("review/name").toString().trimmed();
    if (!name.isEmpty() && !ask) return name;
    const QString suggestion = name.isEmpty() ? qEnvironmentVariable("USER") : name;
    if (qEnvironmentVariableIsSet("COREVLA_NO_DIALOGS")) {
        name = suggestion.isEmpty() ? QStringLiteral("reviewer") : suggestion;
    } else {
        bool ok = false;
        name = QInputDialog::getText(this, tr("Your name"),
                                     tr("Reviews and drafted pairs are signed with your name (kept in the settings):"),
                                     QLineEdit::Normal, suggestion, &ok)
                   .trimmed();
        if (!ok) return {};
    }
    if (!name.isEmpty()) settings.setValue("review/name", name);
    return name;
}

int ReviewQueue::draftPairs() {
    if (!m_data.project()) return -1;
    const QString author = reviewerName();
    if (author.isEmpty() || !leaveCurrent()) return -1;
    const auto drafted = m_data.draftMissing(author.toStdString(), [this](std::int64_t recording) {
        return QSettings().value(cameraKey(recording)).toString().toStdString();
    });
    if (!drafted) {
        Q_EMIT message(tr("Cannot draft pairs: %1").arg(q(m_data.lastError())));
        return -1;
    }
    reload();
    Q_EMIT message(tr("Drafted %n pair(s) for segments that had none", nullptr, *drafted));
    return *drafted;
}

QString ReviewQueue::cameraKey(std::int64_t recording) const {
    return QStringLiteral("review/camera/%1/%2").arg(QFileInfo(m_projectPath).absoluteFilePath()).arg(recording);
}

QMenu* ReviewQueue::addMenu(QMenuBar* menuBar) {
    QMenu* menu = menuBar->addMenu(tr("P&airs"));
    QAction* queue = menu->addAction(tr("Review &queue"), this, &ReviewQueue::focusQueue);
    queue->setObjectName("reviewQueue");
    queue->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_actions << queue;
    menu->addSeparator();
    for (const char* name : {"approve", "reject", "submit", "edit", "next", "previous"}) menu->addAction(action(name));
    menu->addSeparator();
    menu->addAction(m_builder->saveAction());
    menu->addAction(m_builder->fixAction());
    menu->addSeparator();
    menu->addAction(tr("&Draft pairs for segments without one"), this, [this] { draftPairs(); })->setObjectName("draftPairs");
    menu->addAction(action("reload"));
    menu->addAction(tr("&Your name…"), this, [this] { reviewerName(true); });
    return menu;
}

}  // namespace corevla::ui
