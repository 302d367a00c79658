// SPDX-License-Identifier: MIT
#include "ui/runs_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <map>
#include <set>

#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/run_store.h"
#include "ui/cli_process.h"
#include "ui/dock_raise.h"
#include "ui/model_registry_panel.h"
#include "ui/run_charts.h"
#include "ui/training_run.h"

namespace corevla::ui {
namespace {

enum HistoryColumn { Id, Kind, Status, Data, Base, Made, Device, Started, Duration, FinalLoss, Note, HistoryColumns };

QString duration(double s) {
    if (s <= 0) return {};
    const int total = int(s + 0.5);
    return total >= 3600 ? QString("%1 h %2 min").arg(total / 3600).arg(total / 60 % 60)
           : total >= 60 ? QString("%1 min %2 s").arg(total / 60).arg(total % 60)
                         : QString("%1 s").arg(total);
}

QColor statusColor(RunStatus s) {
    switch (s) {
    case RunStatus::Completed: return QColor(0x2e, 0x7d, 0x32);
    case RunStatus::Failed: return QColor(0xc6, 0x28, 0x28);
    case RunStatus::Running: return QColor(0x15, 0x65, 0xc0);
    default: return QColor(0x8d, 0x6e, 0x00);
    }
}

void setAll(QComboBox* box, const QString& any, const std::set<QString>& values) {
    const QString current = box->currentData().toString();
    box->clear();
    box->addItem(any, QString());
    for (const QString& v : values) box->addItem(v, v);
    box->setCurrentIndex(std::max(0, box->findData(current)));
}

}  // namespace

RunsPanel::RunsPanel(QWidget* parent) : QWidget(parent) {
    m_charts = new RunCharts(this);
    m_stage = new QLabel(tr("No run in progress"), this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QString());  // no run yet

    m_history = new QTableWidget(0, HistoryColumns, this);
    m_history->setHorizontalHeaderLabels({tr("Run"), tr("Kind"), tr("Status"), tr("Data"), tr("Base model"), tr("Model made"),
                                          tr("Device"), tr("Started"), tr("Duration"), tr("Final loss"), tr("Why / note")});
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->verticalHeader()->hide();
    m_history->setToolTip(tr("Select a run for its curves; select two (Ctrl+click) to compare them"));
    m_compare = new QTableWidget(0, 2, this);
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->horizontalHeader()->setStretchLastSection(true);
    m_compare->setToolTip(tr("The configuration of the selected runs; rows that differ are bold"));
    m_rerun = new QPushButton(tr("Re-run on its snapshot"), this);
    m_rerun->setToolTip(tr("Trains again on the selected run's snapshot with its configuration (checked by its hash)"));
    connect(m_rerun, &QPushButton::clicked, this, &RunsPanel::rerunSelected);
    auto* historyPage = new QWidget(this);
    auto* historyLayout = new QVBoxLayout(historyPage);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    auto* historySplit = new QSplitter(Qt::Horizontal, historyPage);
    historySplit->addWidget(m_history);
    historySplit->addWidget(m_compare);
    historySplit->setStretchFactor(0, 1);
    historySplit->setStretchFactor(1, 1);
    historyLayout->addWidget(historySplit);
    historyLayout->addWidget(m_rerun, 0, Qt::AlignLeft);
    m_models = new ModelRegistryPanel(this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(historyPage, tr("History"));
    m_tabs->addTab(m_models, tr("Models"));
    connect(m_models, &ModelRegistryPanel::changed, this, &RunsPanel::refillModels);
    connect(m_models, &ModelRegistryPanel::message, this, &RunsPanel::message);
    connect(m_history, &QTableWidget::itemSelectionChanged, this, &RunsPanel::showSelected);
    m_liveRefresh = new QTimer(this);
    m_liveRefresh->setSingleShot(true);
    m_liveRefresh->setInterval(250);
    connect(m_liveRefresh, &QTimer::timeout, this, &RunsPanel::showSelected);

    auto* live = new QWidget(this);
    auto* liveLayout = new QVBoxLayout(live);
    liveLayout->setContentsMargins(0, 0, 0, 0);
    liveLayout->addWidget(m_charts, 1);
    liveLayout->addWidget(m_stage);
    liveLayout->addWidget(m_progress);
    auto* top = new QSplitter(Qt::Horizontal, this);
    auto* form = new QScrollArea(this);
    form->setWidget(buildForm());
    form->setWidgetResizable(true);
    form->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    form->setMinimumWidth(form->widget()->sizeHint().width() + form->verticalScrollBar()->sizeHint().width() + 4);
    top->addWidget(form);
    top->addWidget(live);
    top->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);
    kindChanged();
}

RunsPanel::~RunsPanel() {
    if (!m_run) return;
    m_run->disconnect(this);  // it records its end itself; this panel is half gone
    delete m_run;
}

QWidget* RunsPanel::buildForm() {
    auto* w = new QWidget(this);
    auto* f = new QFormLayout(w);
    m_kind = new QComboBox(w);
    m_kind->addItem(tr("DPO — refine on the pairs"), "dpo");
    m_kind->addItem(tr("SFT — supervised"), "sft");
    m_source = new QComboBox(w);
    m_source->addItem(tr("The pairs' chosen answers"), "pairs");
    m_source->addItem(tr("Recordings' frames outside segments"), "frames");
    m_source->setToolTip(tr("SFT data: the drivers' answers of the chosen pairs, or generic driving questions from every frame outside takeover segments (the paper's stage 1)"));
    m_status = new QComboBox(w);
    for (const char* s : {"approved", "needs-review", "draft", "rejected"}) m_status->addItem(s, s);
    m_status->addItem(tr("any status"), QString());
    m_category = new QComboBox(w);
    m_recording = new QComboBox(w);
    m_author = new QComboBox(w);
    m_count = new QLabel(w);
    m_baseModel = new QComboBox(w);
    m_steps = new QSpinBox(w);
    m_steps->setRange(0, 10000000);
    m_steps->setSpecialValueText(tr("by epochs"));
    m_epochs = new QDoubleSpinBox(w);
    m_epochs->setRange(0.1, 1000);
    m_epochs->setValue(3);
    m_lr = new QLineEdit(w);
    m_lr->setPlaceholderText(tr("default (SFT 1e-3, DPO 5e-5)"));
    m_batch = new QSpinBox(w);
    m_batch->setRange(1, 4096);
    m_batch->setValue(8);
    m_beta = new QDoubleSpinBox(w);
    m_beta->setRange(0.001, 100);
    m_beta->setDecimals(3);
    m_beta->setValue(0.1);
    m_loss = new QComboBox(w);
    for (const char* l : {"sigmoid", "ipo", "hinge"}) m_loss->addItem(l, l);
    m_seed = new QSpinBox(w);
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(42);
    m_device = new QComboBox(w);
    m_device->addItem(tr("auto"), "auto");
    m_device->addItem(tr("CPU"), "cpu");
    m_device->addItem(tr("CUDA GPU"), "cuda");
    if (!QFile::exists("/proc/driver/nvidia/version")) {  // no NVIDIA driver: no GPU to choose
        m_device->setItemData(2, false, Qt::UserRole - 1);
        m_device->setItemText(2, tr("CUDA GPU (none here)"));
    }
    m_launch = new QPushButton(tr("Launch"), w);
    m_launch->setToolTip(tr("Export the chosen pairs as the run's snapshot and train on it (Ctrl+Return in this panel)"));
    auto* launchKey = new QAction(this);  // only while the panel has the focus: the review queue has its own keys
    launchKey->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    launchKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(launchKey, &QAction::triggered, this, &RunsPanel::launch);
    addAction(launchKey);
    m_cancel = new QPushButton(tr("Cancel"), w);
    m_cancel->setEnabled(false);
    m_cancel->setToolTip(tr("The trainer saves its state and stops; no model is made"));
    m_lfFolder = new QPushButton(tr("Write LLaMA-Factory run folder…"), w);
    m_lfFolder->setToolTip(tr("The same pairs and settings for llamafactory-cli on a GPU cluster (Qwen2.5-VL-7B + LoRA)"));
    f->addRow(tr("Kind"), m_kind);
    f->addRow(tr("SFT data"), m_source);
    f->addRow(tr("Pair status"), m_status);
    f->addRow(tr("Category"), m_category);
    f->addRow(tr("Recording"), m_recording);
    f->addRow(tr("Author"), m_author);
    f->addRow(QString(), m_count);
    f->addRow(tr("Base model"), m_baseModel);
    f->addRow(tr("Steps"), m_steps);
    f->addRow(tr("Epochs"), m_epochs);
    f->addRow(tr("Learning rate"), m_lr);
    f->addRow(tr("Batch"), m_batch);
    f->addRow(tr("DPO beta"), m_beta);
    f->addRow(tr("DPO loss"), m_loss);
    f->addRow(tr("Seed"), m_seed);
    f->addRow(tr("Device"), m_device);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_launch);
    buttons->addWidget(m_cancel);
    f->addRow(buttons);
    f->addRow(m_lfFolder);
    for (QComboBox* box : {m_status, m_category, m_recording, m_author})
        connect(box, &QComboBox::currentIndexChanged, this, &RunsPanel::updateCount);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &RunsPanel::kindChanged);
    connect(m_source, &QComboBox::currentIndexChanged, this, &RunsPanel::kindChanged);
    connect(m_launch, &QPushButton::clicked, this, &RunsPanel::launch);
    connect(m_cancel, &QPushButton::clicked, this, &RunsPanel::cancel);
    connect(m_lfFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getSaveFileName(this, tr("LLaMA-Factory run folder"), QString(), QString(), nullptr,
                                                         QFileDialog::ShowDirsOnly);
        if (!dir.isEmpty()) launchLlamaFactoryFolder(dir);
    });
    return w;
}

void RunsPanel::setProject(Project* project, const QString& path) {
    if (m_run) {  // a run belongs to its project: it stops (and is recorded as cancelled)
        m_run->disconnect(this);
        delete m_run;
        m_launch->setEnabled(true);
        m_cancel->setEnabled(false);
    }
    m_run = nullptr;
    m_project = project;
    m_path = path;
    if (m_project) {
        if (const int n = TrainingRun::markInterrupted(*m_project))
            Q_EMIT message(tr("%n run(s) left running by a workstation that closed are marked interrupted", nullptr, n));
        m_run = new TrainingRun(path, this);
        connect(m_run, &TrainingRun::stageChanged, m_stage, &QLabel::setText);
        connect(m_run, &TrainingRun::progressed, this, [this](int step, int total, double eta) {
            m_progress->setRange(0, std::max(1, total));
            m_progress->setValue(step);
            m_progress->setFormat(eta >= 0 ? tr("%v / %m steps — %1 left").arg(duration(std::max(1.0, eta))) : tr("%v / %m steps"));
        });
        connect(m_run, &TrainingRun::metricsAdded, this, [this](std::int64_t run) {
            if (selectedRuns().contains(run) && !m_liveRefresh->isActive()) m_liveRefresh->start();
        });
        connect(m_run, &TrainingRun::finished, this, [this](std::int64_t run, RunStatus status, const QString& text) {
            runEnded(run, text);
            Q_EMIT runFinished(run, int(status));
        });
    }
    m_models->setProject(project);
    refillFilters();
    refillModels();
    reloadHistory();
}

QMenu* RunsPanel::addMenu(QMenuBar* menuBar) {
    QMenu* menu = menuBar->addMenu(tr("&Training"));
    menu->addAction(tr("&Runs panel"), QKeySequence(tr("Ctrl+T")), this, &RunsPanel::focusPanel);
    QAction* launch = menu->addAction(tr("&Launch run"), this, &RunsPanel::launch);
    QAction* cancel = menu->addAction(tr("&Cancel run"), this, &RunsPanel::cancel);
    QAction* rerun = menu->addAction(tr("R&e-run selected"), this, &RunsPanel::rerunSelected);
    connect(menu, &QMenu::aboutToShow, this, [this, launch, cancel, rerun] {
        launch->setEnabled(m_launch->isEnabled());
        cancel->setEnabled(m_cancel->isEnabled());
        rerun->setEnabled(m_rerun->isEnabled());
    });
    return menu;
}

void RunsPanel::focusPanel() {
    refillFilters();  // pairs reviewed since
    raiseWideDock(this);
}

void RunsPanel::refillFilters() {
    std::set<QString> categories, authors, recordings;
    if (m_project) {
        for (const Segment& s : AnnotationStore(*m_project).segments().value_or(std::vector<Segment>{}))
            if (!s.category.empty()) categories.insert(QString::fromStdString(s.category));
        for (const PreferencePair& p : AnnotationStore(*m_project).pairs().value_or(std::vector<PreferencePair>{}))
            if (!p.author.empty()) authors.insert(QString::fromStdString(p.author));
    }
    setAll(m_category, tr("any category"), categories);
    setAll(m_author, tr("any author"), authors);
    const qlonglong current = m_recording->currentData().toLongLong();
    m_recording->clear();
    m_recording->addItem(tr("any recording"), qlonglong(0));
    if (m_project)
        for (const RecordingSummary& r : m_project->recordings().value_or(std::vector<RecordingSummary>{}))
            m_recording->addItem(QString("%1 — %2").arg(r.id).arg(QString::fromStdString(r.name)), qlonglong(r.id));
    m_recording->setCurrentIndex(std::max(0, m_recording->findData(current)));
    updateCount();
}

void RunsPanel::refillModels() {
    const qlonglong current = m_baseModel->currentData().toLongLong();
    m_baseModel->clear();
    if (m_kind->currentData().toString() == "sft") m_baseModel->addItem(tr("A new model (from scratch)"), qlonglong(0));
    if (m_project)
        for (const ModelEntry& m : RunStore(*m_project).models().value_or(std::vector<ModelEntry>{})) {
            if (m.backend != "native") continue;  // a served model is compared with, never trained
            m_baseModel->addItem(QString::fromStdString(m.name), qlonglong(m.id));
            m_baseModel->setItemData(m_baseModel->count() - 1, QString::fromStdString(m.location), Qt::ToolTipRole);
        }
    // The newest model is the likeliest base (the SFT run that just ended).
    const int found = m_baseModel->findData(current);
    m_baseModel->setCurrentIndex(found >= 0 ? found : m_baseModel->count() - 1);
}

void RunsPanel::updateCount() {
    m_matching.clear();
    if (m_project) {
        PairFilter filter;
        filter.status = pairStatusFromName(m_status->currentData().toString().toStdString());
        filter.category = m_category->currentData().toString().toStdString();
        filter.recording = m_recording->currentData().toLongLong();
        filter.author = m_author->currentData().toString().toStdString();
        for (const PreferencePair& p : AnnotationStore(*m_project).pairs(filter).value_or(std::vector<PreferencePair>{}))
            m_matching.push_back(p.id);
    }
    const bool frames = m_kind->currentData().toString() == "sft" && m_source->currentData().toString() == "frames";
    m_count->setText(frames ? tr("every frame outside segments") : tr("<b>%n pair(s)</b> match", nullptr, int(m_matching.size())));
}

void RunsPanel::kindChanged() {
    const bool dpo = m_kind->currentData().toString() == "dpo";
    m_source->setEnabled(!dpo);
    const bool pairs = dpo || m_source->currentData().toString() == "pairs";
    for (QWidget* w : {static_cast<QWidget*>(m_status), static_cast<QWidget*>(m_category), static_cast<QWidget*>(m_recording),
                       static_cast<QWidget*>(m_author)})
        w->setEnabled(pairs);
    m_beta->setEnabled(dpo);
    m_loss->setEnabled(dpo);
    refillModels();
    updateCount();
}

RunConfig RunsPanel::configFromForm() const {
    RunConfig c;
    c.kind = m_kind->currentData().toString() == "dpo" ? RunKind::Dpo : RunKind::Sft;
    c.sftFromFrames = c.kind == RunKind::Sft && m_source->currentData().toString() == "frames";
    if (!c.sftFromFrames) c.pairIds = QList<qint64>(m_matching.begin(), m_matching.end());
    QStringList filter;
    for (QComboBox* box : {m_status, m_category, m_recording, m_author})
        if (!box->currentData().toString().isEmpty() && box->currentData().toString() != "0") filter << box->currentText();
    c.filter = c.sftFromFrames ? tr("frames outside segments") : filter.isEmpty() ? tr("every pair") : filter.join(", ");
    c.baseModel = m_baseModel->currentData().toLongLong();
    c.init = c.baseModel ? m_baseModel->itemData(m_baseModel->currentIndex(), Qt::ToolTipRole).toString() : QString();
    c.modelConfig = m_modelConfig;
    c.maxSteps = m_steps->value();
    // Curves with points enough to read, not one: eval five times, log up to fifty.
    c.evalSteps = c.maxSteps > 0 ? std::max(1, c.maxSteps / 5) : 0;
    c.loggingSteps = c.maxSteps > 0 ? std::clamp(c.maxSteps / 50, 1, 10) : 10;
    c.epochs = m_epochs->value();
    c.lr = m_lr->text().trimmed().toDouble();  // not a number: 0, the default
    c.batch = m_batch->value();
    c.beta = m_beta->value();
    c.loss = m_loss->currentData().toString();
    c.seed = m_seed->value();
    c.device = m_device->currentData().toString();
    return c;
}

bool RunsPanel::launch() {
    updateCount();  // the pairs as they are now: the review queue may have changed them
    if (!m_run) {
        Q_EMIT message(tr("Open a project first"));
        return false;
    }
    if (!m_run->start(configFromForm())) {
        m_stage->setText(m_run->lastError());
        Q_EMIT message(tr("The run did not start: %1").arg(m_run->lastError()));
        return false;
    }
    runStarted();
    return true;
}

bool RunsPanel::launchLlamaFactoryFolder(const QString& dir) {
    updateCount();
    const RunConfig c = configFromForm();
    if (c.kind == RunKind::Dpo ? c.pairIds.isEmpty() : (!c.sftFromFrames && c.pairIds.isEmpty())) {
        Q_EMIT message(tr("No pairs match the filter"));
        return false;
    }
    QStringList args{"export", "--project", m_path, "--format", "llamafactory-run", "--stage", runKindName(c.kind), "--out", dir,
                     "--quiet", "--epochs", QString::number(c.epochs), "--batch", QString::number(c.batch), "--seed",
                     QString::number(c.seed)};
    if (c.lr > 0) args << "--lr" << QString::number(c.lr, 'g', 10);
    if (c.kind == RunKind::Dpo) args << "--beta" << QString::number(c.beta) << "--loss" << c.loss;
    if (c.sftFromFrames) {
        args << "--from" << "frames" << "--exclude-segments";
    } else {
        QStringList ids;
        for (qint64 id : c.pairIds) ids << QString::number(id);
        args << "--pairs" << ids.join(',');
    }
    auto* process = new QProcess(this);
    connect(process, &QProcess::finished, this, [this, process, dir](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
        Q_EMIT message(code == 0 && status == QProcess::NormalExit
                           ? tr("Wrote the LLaMA-Factory run folder %1 (see its README.md to launch it)").arg(dir)
                           : tr("The LLaMA-Factory run folder was not written: %1").arg(err.section('\n', -1)));
        process->deleteLater();
    });
    startCli(*process, args);
    Q_EMIT message(tr("Writing the LLaMA-Factory run folder %1…").arg(dir));
    return true;
}

void RunsPanel::cancel() {
    if (m_run && m_run->busy()) m_run->cancel();
}

bool RunsPanel::rerunSelected() {
    const QList<qint64> ids = selectedRuns();
    if (!m_run || ids.size() != 1) {
        Q_EMIT message(tr("Select one run to train again on its snapshot"));
        return false;
    }
    if (!m_run->rerun(ids.first())) {
        Q_EMIT message(tr("Cannot re-run: %1").arg(m_run->lastError()));
        return false;
    }
    runStarted();
    return true;
}

void RunsPanel::runStarted() {
    m_launch->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 0);  // busy until the trainer says how many steps
    reloadHistory();
    selectRuns({m_run->runId()});
}

void RunsPanel::runEnded(qint64 run, const QString& text) {
    m_launch->setEnabled(true);
    m_cancel->setEnabled(false);
    if (m_progress->maximum() == 0) m_progress->setRange(0, 1);
    m_stage->setText(tr("Run %1: %2").arg(run).arg(text));
    Q_EMIT message(tr("Run %1: %2").arg(run).arg(text));
    m_models->reload();
    refillModels();
    reloadHistory();
    selectRuns({run});
}

void RunsPanel::reloadHistory() {
    const QList<qint64> selected = selectedRuns();
    m_history->blockSignals(true);
    m_history->setRowCount(0);
    if (m_project) {
        RunStore store(*m_project);
        std::map<std::int64_t, QString> names;
        for (const ModelEntry& m : store.models().value_or(std::vector<ModelEntry>{})) names[m.id] = QString::fromStdString(m.name);
        for (const Run& r : store.runs().value_or(std::vector<Run>{})) {
            const int row = m_history->rowCount();
            m_history->insertRow(row);
            const QJsonObject config = QJsonDocument::fromJson(QByteArray::fromStdString(r.config)).object();
            const std::optional<double> loss = store.lastMetric(r.id, "train", "loss");
            const QString data = r.examples ? tr("%1 × %2").arg(r.examples).arg(config["filter"].toString()) : config["filter"].toString();
            const QString why = QString::fromStdString(r.error) + (r.rerunOf ? tr(" (re-run of %1)").arg(r.rerunOf) : QString());
            const QStringList cells{QString::number(r.id), runKindName(r.kind), runStatusName(r.status), data,
                                    r.baseModel ? names[r.baseModel] : config["init"].toString().isEmpty() ? tr("new") : config["init"].toString(),
                                    r.outputModel ? names[r.outputModel] : QString(), QString::fromStdString(r.device),
                                    QString::fromStdString(r.startedAt), duration(r.durationS),
                                    loss ? QString::number(*loss, 'f', 4) : QString(), why.trimmed()};
            for (int c = 0; c < HistoryColumns; ++c) {
                auto* item = new QTableWidgetItem(cells[c]);
                item->setData(Qt::UserRole, qlonglong(r.id));
                if (c == Status) item->setForeground(statusColor(r.status));
                if (c == Note && !r.stderrTail.empty()) item->setToolTip(QString::fromStdString(r.stderrTail));
                m_history->setItem(row, c, item);
            }
        }
    }
    m_history->resizeColumnsToContents();
    m_history->blockSignals(false);
    selectRuns(selected);
}

bool RunsPanel::selectRuns(const QList<qint64>& ids) {
    m_history->blockSignals(true);
    m_history->clearSelection();
    int found = 0;
    for (int row = 0; row < m_history->rowCount(); ++row)
        if (ids.contains(m_history->item(row, Id)->data(Qt::UserRole).toLongLong())) {
            m_history->selectionModel()->select(m_history->model()->index(row, 0),
                                                QItemSelectionModel::Select | QItemSelectionModel::Rows);
            ++found;
        }
    m_history->blockSignals(false);
    showSelected();
    return found == ids.size();
}

void RunsPanel::selectNewestRuns(int count) {
    QList<qint64> ids;
    for (int row = 0; row < std::min(count, m_history->rowCount()); ++row) ids << m_history->item(row, Id)->data(Qt::UserRole).toLongLong();
    selectRuns(ids);
}

QList<qint64> RunsPanel::selectedRuns() const {
    QList<qint64> ids;
    for (const QModelIndex& index : m_history->selectionModel()->selectedRows())
        ids.append(m_history->item(index.row(), Id)->data(Qt::UserRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

// One run: its curves, its results (the last value of each metric) and its
// configuration; two: both side by side, the rows that differ bold.
void RunsPanel::showSelected() {
    const QList<qint64> ids = selectedRuns().mid(0, 2);
    std::vector<RunCurves> curves;
    QStringList keys;  // results first, then the configuration
    std::vector<std::map<QString, QString>> columns;
    if (m_project) {
        RunStore store(*m_project);
        for (qint64 id : ids) {
            const auto run = store.run(id);
            if (!run) continue;
            curves.push_back({tr("#%1 %2").arg(id).arg(runKindName(run->kind)), store.metrics(id).value_or(std::vector<MetricPoint>{})});
            std::map<QString, QString> column;
            auto add = [&](const QString& key, const QString& value) {
                if (!keys.contains(key)) keys << key;
                column[key] = value;
            };
            add("status", runStatusName(run->status));
            // Held-out scores (the demo's before/after) first, then the last value of each series.
            for (bool heldout : {true, false})
                for (const MetricPoint& p : curves.back().points)  // by split, name, step: the last one stays
                    if ((p.name.rfind("heldout_", 0) == 0) == heldout)
                        add(QString::fromStdString(p.split + " " + p.name), QString::number(p.value, 'g', 5));
            QJsonObject c = QJsonDocument::fromJson(QByteArray::fromStdString(run->config)).object();
            c.remove("pair_ids");  // long; the snapshot hash says the same
            c["snapshot_hash"] = QString::fromStdString(run->snapshotHash);
            c["examples"] = run->examples;
            for (auto it = c.begin(); it != c.end(); ++it) {
                const QJsonValue v = it.value();
                add(it.key(), v.isString() ? v.toString() : v.isBool() ? (v.toBool() ? "yes" : "no") : QString::number(v.toDouble(), 'g', 8));
            }
            columns.push_back(std::move(column));
        }
    }
    m_charts->show(curves);
    m_compare->clear();
    m_compare->setColumnCount(int(columns.size()));
    QStringList headers;
    for (const RunCurves& c : curves) headers << c.label;
    m_compare->setHorizontalHeaderLabels(headers);
    m_compare->setRowCount(int(keys.size()));
    m_compare->setVerticalHeaderLabels(keys);
    for (int row = 0; row < keys.size(); ++row) {
        const bool differs = columns.size() == 2 && columns[0][keys[row]] != columns[1][keys[row]];
        for (int col = 0; col < int(columns.size()); ++col) {
            auto* item = new QTableWidgetItem(columns[std::size_t(col)][keys[row]]);
            if (differs) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            }
            m_compare->setItem(row, col, item);
        }
    }
    m_compare->resizeColumnsToContents();
    m_rerun->setEnabled(ids.size() == 1 && !(m_run && m_run->busy()));
}

}  // namespace corevla::ui
