// SPDX-License-Identifier: MIT
#include "ui/batch_compare_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <map>
#include <set>

#include "storage/annotation_store.h"
#include "storage/project.h"
#include "ui/cli_process.h"
#include "ui/model_checklist.h"
#include "ui/table_cells.h"

namespace corevla::ui {
namespace {

constexpr int kRecordingRole = Qt::UserRole + 1, kFrameRole = Qt::UserRole + 2;

QString percent(double rate) { return QString::number(100 * rate, 'f', 1) + "%"; }
QString score(double value) { return QString::number(value, 'f', 2); }  // the metrics are 0-100

// One row of scores (a model, or a model in a category), from its totals object.
void addTotals(QTableWidget* table, const QStringList& labels, const QJsonObject& t) {
    const int row = table->rowCount();
    table->insertRow(row);
    int column = 0;
    for (const QString& label : labels) table->setItem(row, column++, new QTableWidgetItem(label));
    table->setItem(row, column++, new NumberItem(t["n"].toDouble(), QString::number(t["n"].toInt())));
    table->setItem(row, column++, new NumberItem(t["agreement"].toDouble(), percent(t["agreement"].toDouble())));
    for (const char* key : {"bleu4", "rouge1", "rouge_l"}) table->setItem(row, column++, new NumberItem(t[key].toDouble(), score(t[key].toDouble())));
}

}  // namespace

BatchComparePanel::BatchComparePanel(QWidget* parent)
    : QWidget(parent), m_clock(new QTimer(this)),
      m_summary(readOnlyTable({tr("Model"), tr("Decisions"), tr("Agreement"), tr("BLEU-4"), tr("ROUGE-1"), tr("ROUGE-L"),
                               tr("Reward margin"), tr("Without an answer")},
                              this)),
      m_categories(readOnlyTable({tr("Category"), tr("Model"), tr("Decisions"), tr("Agreement"), tr("BLEU-4"), tr("ROUGE-1"),
                                  tr("ROUGE-L")},
                                 this)),
      m_decisions(readOnlyTable({}, this)) {
    m_summary->setObjectName("compareSummary");
    m_categories->setObjectName("compareByCategory");
    m_decisions->setObjectName("compareDecisions");
    m_decisions->setToolTip(tr("Click a decision (or Enter) to open its recording at its frame; hover a model's decision for its answer"));
    auto* results = new QTabWidget(this);
    results->addTab(m_decisions, tr("Decisions"));
    results->addTab(m_categories, tr("By category"));
    // Room for four models' rows; the decisions take the rest.
    m_summary->setFixedHeight(m_summary->horizontalHeader()->sizeHint().height() +
                              kMaxModels * m_summary->verticalHeader()->defaultSectionSize() + 2 * m_summary->frameWidth());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildForm());
    layout->addWidget(m_summary);
    layout->addWidget(results, 1);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, [this] {
        const QString said = lastLine(m_stderr);  // "compare: MODEL on N decision(s)": the model it is asking
        m_state->setText(tr("Comparing… %1 s").arg((QDateTime::currentMSecsSinceEpoch() - m_started) / 1000) +
                         (said.isEmpty() ? QString() : " — " + said));
    });
    connect(m_decisions, &QTableWidget::cellClicked, this, [this](int row, int) { openDecision(row); });
    connect(m_decisions, &QTableWidget::cellActivated, this, [this](int row, int) { openDecision(row); });
    setBusy(false);
}

BatchComparePanel::~BatchComparePanel() {
    if (!busy()) return;
    m_process->disconnect(this);
    m_process->kill();
    m_process->waitForFinished(5000);
}

QWidget* BatchComparePanel::buildForm() {
    auto* form = new QWidget(this);
    m_models = new QListWidget(form);
    m_models->setObjectName("compareModels");
    m_models->setMaximumHeight(4 * m_models->fontMetrics().height() + 12);
    m_models->setToolTip(tr("Tick 2 to 4 models (the registered ones; or one here and one typed below)"));
    m_other = new QLineEdit(form);
    m_other->setPlaceholderText(tr("a checkpoint folder, or openai:MODEL@http://HOST:PORT/v1"));
    auto* browse = new QToolButton(form);
    browse->setText("…");
    browse->setToolTip(tr("Choose a checkpoint folder"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("A checkpoint folder of the embedded model"));
        if (!dir.isEmpty()) m_other->setText(dir);
    });
    auto* other = new QHBoxLayout;
    other->addWidget(m_other, 1);
    other->addWidget(browse);
    m_apiKeyEnv = new QLineEdit(form);
    m_apiKeyEnv->setPlaceholderText(tr("e.g. OPENAI_API_KEY (the variable's name; the key is never stored)"));
    m_timeout = new QSpinBox(form);
    m_timeout->setRange(1, 86400);
    m_timeout->setValue(60);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("A served model's limit for one answer"));
    auto* served = new QHBoxLayout;
    served->addWidget(m_apiKeyEnv, 1);
    served->addWidget(new QLabel(tr("timeout"), form));
    served->addWidget(m_timeout);
    m_on = new QComboBox(form);
    m_on->addItem(tr("takeover pairs"), "takeovers");
    m_on->addItem(tr("every pair"), "pairs");
    m_on->addItem(tr("every pair, whatever its status"), "all");
    m_status = new QComboBox(form);
    for (const char* s : {"approved", "any", "needs-review", "draft", "rejected"}) m_status->addItem(s);
    m_author = new QComboBox(form);
    m_author->setEditable(true);
    m_run = new QPushButton(tr("Run comparison"), form);
    auto* runKey = new QAction(this);  // the panel's own, as the runs panel's Launch and the review's Submit are theirs
    runKey->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    runKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(runKey);
    connect(runKey, &QAction::triggered, this, &BatchComparePanel::run);
    m_run->setToolTip(tr("corevla compare, in the background (Ctrl+Return)"));
    m_cancel = new QPushButton(tr("Cancel"), form);
    m_busy = new QProgressBar(form);
    m_busy->setRange(0, 0);  // busy: how long it takes depends on the models
    m_busy->setMaximumWidth(120);
    m_state = new QLabel(form);
    m_error = new QLabel(form);
    m_error->setObjectName("compareError");
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet("color: #b00020");
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_busy);
    buttons->addWidget(m_state, 1);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_on);
    filters->addWidget(new QLabel(tr("status"), form));
    filters->addWidget(m_status);
    filters->addWidget(new QLabel(tr("author"), form));
    filters->addWidget(m_author, 1);
    auto* layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addRow(tr("Models"), m_models);
    layout->addRow(tr("Other model"), other);
    layout->addRow(tr("API key env var"), served);
    layout->addRow(tr("Decisions of"), filters);
    layout->addRow(buttons);
    layout->addRow(m_error);
    connect(m_run, &QPushButton::clicked, this, &BatchComparePanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &BatchComparePanel::cancel);
    return form;
}

void BatchComparePanel::setProject(Project* project, const QString& path) {
    cancel();
    m_project = project;
    m_path = path;
    for (QTableWidget* t : {m_summary, m_categories, m_decisions}) t->setRowCount(0);
    m_error->clear();
    reload();
}

void BatchComparePanel::reload() {
    fillModelChecklist(m_models, m_project);
    const QString author = m_author->currentText();
    m_author->clear();
    m_author->addItem(QString());  // any author
    if (!m_project) {
        m_state->setText(tr("Open a project to compare its models."));
        return;
    }
    std::set<QString> authors;
    for (const PreferencePair& p : AnnotationStore(*m_project).pairs().value_or(std::vector<PreferencePair>{}))
        if (!p.author.empty()) authors.insert(QString::fromStdString(p.author));
    for (const QString& a : authors) m_author->addItem(a);
    m_author->setEditText(author);
    if (!busy())
        m_state->setText(m_models->count() ? tr("Tick 2 to 4 models, then Run.")
                                           : tr("No model registered yet: train one (Training → Runs panel), add a checkpoint "
                                                "folder in the model registry, or type a model below."));
}

QStringList BatchComparePanel::arguments(QString* error) const {
    QStringList models = tickedModels(m_models);
    const QString other = m_other->text().trimmed();
    if (!other.isEmpty()) models << other;
    if (models.size() < kMinModels || models.size() > kMaxModels) {
        *error = tr("Choose %1 to %2 models (%3 now).").arg(kMinModels).arg(kMaxModels).arg(models.size());
        return {};
    }
    QStringList args{"compare", "--project", m_path};
    for (const QString& m : models) args << "--model" << m;
    args << "--on" << m_on->currentData().toString() << "--status" << m_status->currentText();
    if (const QString author = m_author->currentText().trimmed(); !author.isEmpty()) args << "--author" << author;
    if (other.startsWith("openai:")) {
        args << "--timeout" << QString::number(m_timeout->value());
        if (const QString env = m_apiKeyEnv->text().trimmed(); !env.isEmpty()) args << "--api-key-env" << env;
    }
    return args << "--json";
}

bool BatchComparePanel::busy() const { return m_process != nullptr; }

qint64 BatchComparePanel::childPid() const { return m_process ? m_process->processId() : 0; }

bool BatchComparePanel::run() {
    if (busy() || !m_project) return false;
    QString error;
    const QStringList args = arguments(&error);
    m_error->setText(error);
    m_error->setToolTip({});
    if (args.isEmpty()) return false;
    m_cancelled = false;
    m_process = new QProcess(this);
    m_stderr.clear();
    connect(m_process, &QProcess::readyReadStandardError, this, [this] { m_stderr += m_process->readAllStandardError(); });
    whenCliEnds(*m_process, this, [this](int code, QProcess::ExitStatus status) { done(code, status); });
    m_started = QDateTime::currentMSecsSinceEpoch();
    setBusy(true);
    m_state->setText(tr("Comparing…"));
    startCli(*m_process, args);
    return true;
}

void BatchComparePanel::cancel() {
    if (!busy()) return;
    m_cancelled = true;
    m_process->kill();  // nothing to save: the comparison writes only its answer
}

void BatchComparePanel::setBusy(bool busy) {
    m_run->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_busy->setVisible(busy);
    busy ? m_clock->start() : m_clock->stop();
}

void BatchComparePanel::done(int code, int status) {
    if (!m_process) return;
    QProcess* process = m_process;
    m_process = nullptr;
    process->deleteLater();
    setBusy(false);
    const double seconds = (QDateTime::currentMSecsSinceEpoch() - m_started) / 1000.0;
    m_stderr += process->readAllStandardError();
    // An answer may hold bytes that are not UTF-8 (a byte-level model's broken
    // sequence): read as U+FFFD rather than losing the whole comparison.
    QJsonParseError parse;
    const QJsonObject result = QJsonDocument::fromJson(QString::fromUtf8(process->readAllStandardOutput()).toUtf8(), &parse).object();
    const bool ok = !m_cancelled && status == QProcess::NormalExit && code == 0 && parse.error == QJsonParseError::NoError;
    if (ok) {
        showResult(result);
        m_state->setText(tr("Compared %n decision(s)", nullptr, m_decisions->rowCount()) + tr(" in %1 s").arg(seconds, 0, 'f', 1));
    } else if (m_cancelled) {
        m_state->setText(tr("Cancelled"));
    } else {
        m_state->setText(tr("The comparison failed"));
        m_error->setText(code == 0 && status == QProcess::NormalExit ? tr("corevla compare printed no comparison: %1").arg(parse.errorString())
                                                                     : cliFailure(*process, "compare", code, QProcess::ExitStatus(status), m_stderr));
        m_error->setToolTip(QString::fromUtf8(m_stderr));
    }
    Q_EMIT finished(ok);
}

void BatchComparePanel::showResult(const QJsonObject& result) {
    const QJsonObject models = result["models"].toObject();
    const QStringList names = models.keys();
    for (QTableWidget* t : {m_summary, m_categories}) {
        t->setSortingEnabled(false);
        t->setRowCount(0);
    }
    for (const QString& name : names) {
        const QJsonObject m = models[name].toObject();
        addTotals(m_summary, {name}, m);
        const int row = m_summary->rowCount() - 1;
        auto* margin = m.contains("reward_margin") ? new NumberItem(m["reward_margin"].toDouble(), score(m["reward_margin"].toDouble()))
                                                   : new NumberItem(NumberItem::kNone, "–");
        margin->setToolTip(m.contains("reference") ? tr("DPO implicit reward margin over %1").arg(m["reference"].toString())
                                                   : tr("only for a registered model refined from another"));
        m_summary->setItem(row, 6, margin);
        m_summary->setItem(row, 7, new NumberItem(m["failed"].toDouble(), QString::number(m["failed"].toInt())));
        const QJsonObject categories = m["by_category"].toObject();
        for (auto it = categories.begin(); it != categories.end(); ++it) addTotals(m_categories, {it.key(), name}, it.value().toObject());
    }
    for (QTableWidget* t : {m_summary, m_categories}) {
        t->setSortingEnabled(true);
        t->resizeColumnsToContents();
    }
    fillDecisions(result, names);
}

void BatchComparePanel::fillDecisions(const QJsonObject& result, const QStringList& models) {
    QStringList headers{tr("Pair"), tr("Recording"), tr("Frame"), tr("Category"), tr("Reference")};
    for (const QString& m : models) headers << m << tr("%1 BLEU-4").arg(m) << tr("%1 ROUGE-L").arg(m);
    m_decisions->setSortingEnabled(false);
    m_decisions->clear();
    m_decisions->setRowCount(0);
    m_decisions->setColumnCount(int(headers.size()));
    m_decisions->setHorizontalHeaderLabels(headers);
    std::map<qint64, QString> recordingNames;
    for (const QJsonValue& v : result["decisions"].toArray()) {
        const QJsonObject d = v.toObject();
        const qint64 recording = d["recording"].toInteger();
        const int frame = d["frame"].toInt();
        if (!recordingNames.count(recording)) {
            const auto summary = m_project ? m_project->summary(recording) : std::nullopt;
            recordingNames[recording] = summary ? QString::fromStdString(summary->name) : QString::number(recording);
        }
        const int row = m_decisions->rowCount();
        m_decisions->insertRow(row);
        auto* pair = new NumberItem(d["pair"].toDouble(), QString::number(d["pair"].toInteger()));
        pair->setData(kRecordingRole, recording);
        pair->setData(kFrameRole, frame);
        m_decisions->setItem(row, Pair, pair);
        auto* name = new QTableWidgetItem(recordingNames[recording]);
        name->setToolTip(tr("recording %1").arg(recording));
        m_decisions->setItem(row, Recording, name);
        m_decisions->setItem(row, Frame, new NumberItem(frame, QString::number(frame)));
        m_decisions->setItem(row, Category, new QTableWidgetItem(d["category"].toString()));
        m_decisions->setItem(row, Reference, new QTableWidgetItem(d["reference"].toString()));
        int column = FirstModel;
        for (const QString& m : models) {
            const QJsonObject answer = d["models"].toObject()[m].toObject();
            auto* action = new QTableWidgetItem(answer["action"].toString());
            action->setBackground(answer["agrees"].toBool() ? kBetterBackground : kWorseBackground);
            QString tip = answer["answer"].toString().toHtmlEscaped();
            if (answer.contains("error")) tip += "<br><b>" + tr("error") + ":</b> " + answer["error"].toString().toHtmlEscaped();
            tip += "<br>" + tr("ROUGE-1 %1").arg(score(answer["rouge1"].toDouble()));
            if (answer.contains("reward_margin")) tip += ", " + tr("reward margin %1").arg(score(answer["reward_margin"].toDouble()));
            action->setToolTip("<p>" + tip + "</p>");
            m_decisions->setItem(row, column++, action);
            for (const char* key : {"bleu4", "rouge_l"})
                m_decisions->setItem(row, column++, new NumberItem(answer[key].toDouble(), score(answer[key].toDouble())));
        }
    }
    m_decisions->setSortingEnabled(true);
    m_decisions->resizeColumnsToContents();
}

void BatchComparePanel::openDecision(int row) {
    const QTableWidgetItem* pair = row >= 0 ? m_decisions->item(row, Pair) : nullptr;
    if (pair) Q_EMIT openRequested(pair->data(kRecordingRole).toLongLong(), pair->data(kFrameRole).toInt());
}

}  // namespace corevla::ui
