// SPDX-License-Identifier: MIT
#include "ui/closed_loop_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "storage/project.h"
#include "ui/cli_process.h"
#include "ui/model_checklist.h"
#include "ui/table_cells.h"

namespace corevla::ui {
namespace {

constexpr int kRecordingRole = Qt::UserRole + 1, kFrameRole = Qt::UserRole + 2;
constexpr int kStopGraceMs = 15000;  // then a child that did not stop is killed

// The kinds as `--kinds` names them (closedloop/scenario_kind.h; the GUI does
// not link the sample world), with what they are.
struct KindName {
    const char* name;
    const char* label;
};
const KindName kKinds[] = {{"cut-in", "cut-in"},
                           {"blocked-lane", "blocked lane"},
                           {"pedestrian-crossing", "pedestrian crossing"},
                           {"emergency-vehicle", "emergency vehicle"},
                           {"normal", "normal driving"}};

QString ds(double value) { return QString::number(value, 'f', 1); }
QString percent(double rate) { return QString::number(100 * rate, 'f', 0) + "%"; }

void addScores(QTableWidget* table, int row, int column, const QJsonObject& k) {
    table->setItem(row, column++, new NumberItem(k["routes"].toDouble(), QString::number(k["routes"].toInt())));
    table->setItem(row, column++, new NumberItem(k["driving_score"].toDouble(), ds(k["driving_score"].toDouble())));
    table->setItem(row, column++, new NumberItem(k["success_rate"].toDouble(), percent(k["success_rate"].toDouble())));
    table->setItem(row, column, new NumberItem(k["route_completion"].toDouble(), ds(k["route_completion"].toDouble())));
}

}  // namespace

ClosedLoopPanel::ClosedLoopPanel(QWidget* parent)
    : QWidget(parent),
      m_summary(readOnlyTable({tr("Model"), tr("Routes"), tr("Driving score"), tr("Success"), tr("Completion"), tr("Long-tail DS"),
                               tr("Long-tail success"), tr("Normal DS"), tr("Abilities")},
                              this)),
      m_byKind(readOnlyTable({tr("Kind"), tr("Model"), tr("Routes"), tr("Driving score"), tr("Success"), tr("Completion")}, this)),
      m_scenarios(readOnlyTable({}, this)) {
    m_summary->setObjectName("closedLoopSummary");
    m_byKind->setObjectName("closedLoopByKind");
    m_scenarios->setObjectName("closedLoopScenarios");
    m_scenarios->setToolTip(tr("Click a model's run to open it at its first infraction; click ▶▶ (or Ctrl+B) to play the first two "
                               "models' runs of that scenario side by side"));
    m_summary->setFixedHeight(m_summary->horizontalHeader()->sizeHint().height() +
                              kMaxModels * m_summary->verticalHeader()->defaultSectionSize() + 2 * m_summary->frameWidth());
    auto* results = new QTabWidget(this);
    results->addTab(m_scenarios, tr("Scenarios"));
    results->addTab(m_byKind, tr("By kind"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildForm());
    layout->addWidget(m_summary);
    layout->addWidget(results, 1);
    connect(m_scenarios, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (column == BothColumn) openBoth(row);
        else if (column >= FirstModel) openRun(row, column - FirstModel);
    });
    connect(m_scenarios, &QTableWidget::cellActivated, this, [this](int row, int column) {
        column >= FirstModel ? openRun(row, column - FirstModel) : openBoth(row);
    });
    setBusy(false);
}

ClosedLoopPanel::~ClosedLoopPanel() {
    if (!busy()) return;
    m_process->disconnect(this);
    m_process->terminate();  // the runs that finished are imported already
    if (!m_process->waitForFinished(5000)) m_process->kill();
    m_process->waitForFinished(2000);
}

QWidget* ClosedLoopPanel::buildForm() {
    auto* form = new QWidget(this);
    m_models = new QListWidget(form);
    m_models->setObjectName("closedLoopModels");
    m_models->setMaximumHeight(4 * m_models->fontMetrics().height() + 12);
    m_models->setToolTip(tr("Tick 1 to 4 models: each drives the same scenarios"));
    auto* kinds = new QHBoxLayout;
    for (const KindName& k : kKinds) {
        auto* box = new QCheckBox(tr(k.label), form);
        box->setObjectName(k.name);
        box->setChecked(true);
        m_kinds << box;
        kinds->addWidget(box);
    }
    kinds->addStretch(1);
    m_count = new QSpinBox(form);
    m_count->setRange(1, 1000);
    m_count->setValue(3);
    m_count->setToolTip(tr("Scenarios of each kind, one seed each (seed, seed + 1, …)"));
    m_seed = new QSpinBox(form);
    m_seed->setRange(0, 1000000000);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("The same seed gives the same scenarios, for every model"));
    auto* size = new QHBoxLayout;
    size->addWidget(m_count);
    size->addWidget(new QLabel(tr("of each kind, from seed"), form));
    size->addWidget(m_seed);
    size->addStretch(1);
    m_run = new QPushButton(tr("Run closed loop"), form);
    m_run->setToolTip(tr("corevla closed-loop, in the background (Ctrl+Return); every run is imported as a recording"));
    auto* runKey = new QAction(this);
    runKey->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    runKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(runKey);
    connect(runKey, &QAction::triggered, this, &ClosedLoopPanel::run);
    m_cancel = new QPushButton(tr("Cancel"), form);
    m_cancel->setToolTip(tr("Stops after the runs that finished; they stay in the project"));
    m_both = new QPushButton(tr("Side by side"), form);
    m_both->setToolTip(tr("Play the selected scenario's runs of the first two models on one clock (Ctrl+B)"));
    m_both->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_progress = new QProgressBar(form);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(160);
    m_state = new QLabel(form);
    m_error = new QLabel(form);
    m_error->setObjectName("closedLoopError");
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet("color: #b00020");
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_state, 1);
    buttons->addWidget(m_both);
    auto* layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addRow(tr("Models"), m_models);
    layout->addRow(tr("Kinds"), kinds);
    layout->addRow(tr("Scenarios"), size);
    layout->addRow(buttons);
    layout->addRow(m_error);
    connect(m_run, &QPushButton::clicked, this, &ClosedLoopPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &ClosedLoopPanel::cancel);
    connect(m_both, &QPushButton::clicked, this, [this] { openBoth(m_scenarios->currentRow()); });
    return form;
}

void ClosedLoopPanel::setProject(Project* project, const QString& path) {
    if (busy()) {  // its runs are the old project's: let it stop on its own and show nothing of it
        QProcess* process = m_process;
        m_process = nullptr;
        process->disconnect(this);
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        process->terminate();
        QTimer::singleShot(kStopGraceMs, process, [process] { process->kill(); });
        setBusy(false);
    }
    m_project = project;
    m_path = path;
    for (QTableWidget* t : {m_summary, m_byKind, m_scenarios}) t->setRowCount(0);
    m_result = {};
    m_error->clear();
    reload();
}

void ClosedLoopPanel::reload() {
    const bool hadTicks = fillModelChecklist(m_models, m_project);
    if (!m_project) {
        m_state->setText(tr("Open a project to drive its models."));
        return;
    }
    // First look: the two newest models (the demo's SFT and DPO), as the live comparison picks them.
    if (!hadTicks)
        for (int i = m_models->count() - 1; i >= std::max(0, m_models->count() - 2); --i) m_models->item(i)->setCheckState(Qt::Checked);
    if (!busy())
        m_state->setText(m_models->count() ? tr("Tick the models, then Run.") : tr("No model registered yet: train one first."));
}

QStringList ClosedLoopPanel::arguments(QString* error) const {
    const QStringList models = tickedModels(m_models);
    QStringList kinds;
    for (const QCheckBox* box : m_kinds)
        if (box->isChecked()) kinds << box->objectName();
    if (models.isEmpty() || models.size() > kMaxModels) {
        *error = tr("Choose 1 to %1 models (%2 now).").arg(kMaxModels).arg(models.size());
        return {};
    }
    if (kinds.isEmpty()) {
        *error = tr("Choose at least one kind of scenario.");
        return {};
    }
    QStringList args{"closed-loop", "--project", m_path};
    for (const QString& m : models) args << "--model" << m;
    args << "--kinds" << kinds.join(',') << "--scenarios" << QString::number(m_count->value()) << "--seed" << QString::number(m_seed->value());
    return args << "--json";
}

bool ClosedLoopPanel::busy() const { return m_process != nullptr; }
qint64 ClosedLoopPanel::childPid() const { return m_process ? m_process->processId() : 0; }

bool ClosedLoopPanel::run() {
    if (busy() || !m_project) return false;
    QString error;
    const QStringList args = arguments(&error);
    m_error->setText(error);
    m_error->setToolTip({});
    if (args.isEmpty()) return false;
    m_cancelled = false;
    m_stderr.clear();
    m_process = new QProcess(this);
    connect(m_process, &QProcess::readyReadStandardError, this, &ClosedLoopPanel::readProgress);
    whenCliEnds(*m_process, this, [this](int code, QProcess::ExitStatus status) { done(code, status); });
    setBusy(true);
    m_progress->setValue(0);
    m_state->setText(tr("Loading the models…"));
    startCli(*m_process, args, true);
    return true;
}

void ClosedLoopPanel::readProgress() {
    m_stderr += m_process->readAllStandardError();
    // "NN%  MODEL: KIND seed S (k/n)": the run being driven now.
    static const QRegularExpression line(R"(^\s*(\d+)%\s+(.*)$)");
    const auto match = line.match(lastLine(m_stderr));
    if (!match.hasMatch()) return;
    m_progress->setValue(match.captured(1).toInt());
    m_state->setText(m_cancelled ? tr("Stopping after the finished runs…") : tr("Driving: %1").arg(match.captured(2)));
}

void ClosedLoopPanel::cancel() {
    if (!busy()) return;
    m_cancelled = true;
    m_state->setText(tr("Stopping after the finished runs…"));
    m_process->terminate();
    QProcess* process = m_process;
    QTimer::singleShot(kStopGraceMs, process, [process] { process->kill(); });
}

void ClosedLoopPanel::setBusy(bool busy) {
    m_run->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
}

void ClosedLoopPanel::done(int code, int status) {
    if (!m_process) return;
    QProcess* process = m_process;
    m_process = nullptr;
    process->deleteLater();
    setBusy(false);
    m_stderr += process->readAllStandardError();
    QJsonParseError parse;
    const QJsonObject result = QJsonDocument::fromJson(process->readAllStandardOutput(), &parse).object();
    const bool printed = status == QProcess::NormalExit && parse.error == QJsonParseError::NoError && result.contains("models");
    const bool ok = printed && code == 0;
    if (printed) {
        showResult(result);
        int runs = 0;
        for (const QJsonValue& s : result["scenarios"].toArray()) runs += int(s.toObject()["runs"].toArray().size());
        m_state->setText(result["cancelled"].toBool() ? tr("Cancelled: the %n run(s) that finished are kept", nullptr, runs)
                                                       : tr("Drove %n run(s) of %1 scenario(s)", nullptr, runs).arg(m_scenarios->rowCount()));
    } else if (m_cancelled) {
        m_state->setText(tr("Cancelled"));
    } else {
        m_state->setText(tr("The closed loop failed"));
        m_error->setText(code == 0 && status == QProcess::NormalExit ? tr("corevla closed-loop printed no table: %1").arg(parse.errorString())
                                                                     : cliFailure(*process, "closed-loop", code, QProcess::ExitStatus(status), m_stderr));
        m_error->setToolTip(QString::fromUtf8(m_stderr));
    }
    Q_EMIT finished(ok);
}

void ClosedLoopPanel::showResult(const QJsonObject& result) {
    m_result = result;
    const QJsonObject models = result["models"].toObject();
    // The models in the order they drove (the scenarios' runs), not sorted by name.
    m_resultModels.clear();
    const QJsonArray scenarios = result["scenarios"].toArray();
    if (!scenarios.isEmpty())
        for (const QJsonValue& r : scenarios[0].toObject()["runs"].toArray()) m_resultModels << r.toObject()["model"].toString();
    for (const QString& name : models.keys())
        if (!m_resultModels.contains(name)) m_resultModels << name;

    for (QTableWidget* t : {m_summary, m_byKind, m_scenarios}) {
        t->setSortingEnabled(false);
        t->setRowCount(0);
    }
    for (const QString& name : m_resultModels) {
        const QJsonObject m = models[name].toObject();
        const int row = m_summary->rowCount();
        m_summary->insertRow(row);
        m_summary->setItem(row, 0, new QTableWidgetItem(name));
        addScores(m_summary, row, 1, m);
        const QJsonObject tail = m["long_tail"].toObject(), normal = m["by_kind"].toObject()["normal"].toObject();
        m_summary->setItem(row, 5, new NumberItem(tail["driving_score"].toDouble(), tail["routes"].toInt() ? ds(tail["driving_score"].toDouble()) : "–"));
        m_summary->setItem(row, 6, new NumberItem(tail["success_rate"].toDouble(), tail["routes"].toInt() ? percent(tail["success_rate"].toDouble()) : "–"));
        m_summary->setItem(row, 7, new NumberItem(normal["driving_score"].toDouble(), normal["routes"].toInt() ? ds(normal["driving_score"].toDouble()) : "–"));
        QStringList abilities;
        const QJsonObject a = m["abilities"].toObject();
        for (auto it = a.begin(); it != a.end(); ++it)
            abilities << QString("%1 %2").arg(it.key(), percent(it.value().toObject()["rate"].toDouble()));
        m_summary->setItem(row, 8, new QTableWidgetItem(abilities.join(", ")));
        const QJsonObject kinds = m["by_kind"].toObject();
        for (const KindName& k : kKinds) {
            if (!kinds.contains(k.name)) continue;
            const int r = m_byKind->rowCount();
            m_byKind->insertRow(r);
            m_byKind->setItem(r, 0, new QTableWidgetItem(k.name));
            m_byKind->setItem(r, 1, new QTableWidgetItem(name));
            addScores(m_byKind, r, 2, kinds[k.name].toObject());
        }
    }

    QStringList headers{tr("Kind"), tr("Seed"), QString()};
    for (const QString& m : m_resultModels) headers << m;
    m_scenarios->clear();
    m_scenarios->setColumnCount(int(headers.size()));
    m_scenarios->setHorizontalHeaderLabels(headers);
    for (const QJsonValue& v : scenarios) {
        const QJsonObject s = v.toObject();
        const int row = m_scenarios->rowCount();
        m_scenarios->insertRow(row);
        m_scenarios->setItem(row, Kind, new QTableWidgetItem(s["kind"].toString()));
        m_scenarios->setItem(row, Seed, new NumberItem(s["seed"].toDouble(), QString::number(s["seed"].toInteger())));
        auto* both = new QTableWidgetItem("▶▶");
        both->setToolTip(tr("Play the first two models' runs side by side"));
        m_scenarios->setItem(row, BothColumn, both);
        for (const QJsonValue& rv : s["runs"].toArray()) {
            const QJsonObject r = rv.toObject();
            const int column = FirstModel + int(m_resultModels.indexOf(r["model"].toString()));
            if (column < FirstModel) continue;
            QStringList keys;
            QString tip;
            for (const QJsonValue& inf : r["infractions"].toArray()) {
                keys << inf.toObject()["key"].toString();
                tip += QString("<br>%1 (frame %2)").arg(inf.toObject()["text"].toString().toHtmlEscaped()).arg(inf.toObject()["frame"].toInt());
            }
            const bool success = r["success"].toBool();
            auto* cell = new NumberItem(r["driving_score"].toDouble(),
                                        QString("%1  %2").arg(ds(r["driving_score"].toDouble()), success ? tr("success") : keys.join(", ")));
            cell->setBackground(success ? kBetterBackground : kWorseBackground);
            cell->setData(kRecordingRole, r["recording"].toInteger());
            cell->setData(kFrameRole, r["first_infraction_frame"].isNull() ? 0 : r["first_infraction_frame"].toInt());
            cell->setToolTip("<p><b>" + r["status"].toString().toHtmlEscaped() + "</b>, " +
                             tr("route completion %1%").arg(ds(r["route_completion"].toDouble())) + tip +
                             (r.contains("error") ? "<br>" + r["error"].toString().toHtmlEscaped() : QString()) + "</p>");
            m_scenarios->setItem(row, column, cell);
        }
    }
    for (QTableWidget* t : {m_summary, m_byKind, m_scenarios}) {
        t->setSortingEnabled(true);
        t->resizeColumnsToContents();
    }
}

void ClosedLoopPanel::openRun(int row, int model) {
    const QTableWidgetItem* cell = row >= 0 ? m_scenarios->item(row, FirstModel + model) : nullptr;
    if (!cell || cell->data(kRecordingRole).toLongLong() <= 0) return;
    Q_EMIT openRequested(cell->data(kRecordingRole).toLongLong(), cell->data(kFrameRole).toInt());
}

void ClosedLoopPanel::openBoth(int row) {
    const QTableWidgetItem* left = row >= 0 ? m_scenarios->item(row, FirstModel) : nullptr;
    const QTableWidgetItem* right = row >= 0 ? m_scenarios->item(row, FirstModel + 1) : nullptr;
    if (!left || !right) {
        m_error->setText(tr("Side by side needs a scenario driven by two models: select its row."));
        return;
    }
    if (left->data(kRecordingRole).toLongLong() <= 0 || right->data(kRecordingRole).toLongLong() <= 0) {
        m_error->setText(tr("These runs were not imported as recordings (see their tooltips)."));
        return;
    }
    m_error->clear();
    const int l = left->data(kFrameRole).toInt(), r = right->data(kFrameRole).toInt();
    const int frame = l > 0 && r > 0 ? std::min(l, r) : std::max(l, r);
    const QString scenario = QString("%1, seed %2").arg(m_scenarios->item(row, Kind)->text(), m_scenarios->item(row, Seed)->text());
    auto title = [&](int column, const QTableWidgetItem* cell) {
        return QString("%1 — %2: %3").arg(m_scenarios->horizontalHeaderItem(column)->text(), scenario, cell->text());
    };
    // A few seconds before the first of the two went wrong.
    Q_EMIT sideBySideRequested(left->data(kRecordingRole).toLongLong(), right->data(kRecordingRole).toLongLong(), title(FirstModel, left),
                               title(FirstModel + 1, right), std::max(0, frame - 30));
}

}  // namespace corevla::ui
