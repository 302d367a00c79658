// SPDX-License-Identifier: MIT
#include "ui/bench2drive_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "storage/project.h"
#include "ui/table_cells.h"

namespace corevla::ui {
namespace {

constexpr int kRecordingBefore = Qt::UserRole + 1, kRecordingAfter = Qt::UserRole + 2, kChanged = Qt::UserRole + 3;

QString percent(double rate) { return QString::number(100 * rate, 'f', 1) + "%"; }

QString keys(const std::vector<std::string>& list) {
    QStringList out;
    for (const std::string& k : list) out << QString::fromStdString(k);
    return out.join(", ");
}

// The earliest frame of the recording's infractions and collisions; 0 when it has none.
int firstInfractionFrame(Project& project, std::int64_t recording) {
    int first = -1;
    for (const Event& e : project.events(recording).value_or(std::vector<Event>{}))
        if ((e.kind == EventKind::Infraction || e.kind == EventKind::Collision) && e.frame >= 0 && (first < 0 || e.frame < first))
            first = e.frame;
    return std::max(first, 0);
}

}  // namespace

Bench2DrivePanel::Bench2DrivePanel(QWidget* parent) : QWidget(parent) {
    QStringList headers{tr("Evaluation"), tr("Routes"), tr("Driving score"), tr("Success rate")};
    for (std::string_view name : bench2drive::abilityNames()) headers << QString::fromUtf8(name.data(), int(name.size()));
    headers << tr("Ability mean");
    m_table = readOnlyTable(headers, this);
    m_table->setObjectName("evaluations");
    for (int column = SuccessRate; column < m_table->columnCount() - 1; ++column)
        m_table->horizontalHeaderItem(column)->setToolTip(tr("rate (successes/routes)"));
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_from = new QComboBox(this);
    m_to = new QComboBox(this);
    m_changedOnly = new QCheckBox(tr("Changed routes only"), this);
    m_diffSummary = new QLabel(this);
    m_diffSummary->setWordWrap(true);
    m_routes = readOnlyTable({tr("Route"), tr("Scenario"), tr("Status before"), tr("Status after"), tr("DS before"), tr("DS after"),
                              tr("Δ DS"), tr("Infractions gained"), tr("Infractions lost")},
                             this);
    m_routes->setObjectName("routeDiff");
    m_routes->setToolTip(tr("Click a route to open its recording at its first infraction "
                            "(the \"before\" columns: the first evaluation's recording)"));

    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Compare"), this));
    pick->addWidget(m_from, 1);
    pick->addWidget(new QLabel(tr("→"), this));
    pick->addWidget(m_to, 1);
    pick->addWidget(m_changedOnly);
    auto* diff = new QWidget(this);
    auto* diffLayout = new QVBoxLayout(diff);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addLayout(pick);
    diffLayout->addWidget(m_diffSummary);
    diffLayout->addWidget(m_routes);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(diff);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_hint);
    layout->addWidget(split, 1);

    const auto pickChanged = [this] { compare(m_from->currentIndex(), m_to->currentIndex()); };
    connect(m_from, &QComboBox::activated, this, pickChanged);
    connect(m_to, &QComboBox::activated, this, pickChanged);
    connect(m_changedOnly, &QCheckBox::toggled, this, &Bench2DrivePanel::applyChangedOnly);
    connect(m_routes, &QTableWidget::cellClicked, this, &Bench2DrivePanel::openRoute);
    connect(m_routes, &QTableWidget::cellActivated, this, &Bench2DrivePanel::openRoute);
    // Two evaluations selected in the list (Ctrl+click): the upper one is "before".
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        auto rows = m_table->selectionModel()->selectedRows();
        if (rows.size() != 2) return;
        std::sort(rows.begin(), rows.end(), [](const QModelIndex& x, const QModelIndex& y) { return x.row() < y.row(); });
        const auto index = [this](const QModelIndex& i) { return m_table->item(i.row(), Name)->data(Qt::UserRole).toInt(); };
        compare(index(rows[0]), index(rows[1]));
    });
}

void Bench2DrivePanel::setProject(Project* project) {
    m_project = project;
    reload();
}

void Bench2DrivePanel::reload() {
    m_evaluations.clear();
    QString problem;
    if (m_project) {
        if (const auto routes = m_project->evaluationRoutes()) m_evaluations = bench2drive::groupEvaluations(*routes);
        else problem = QString::fromStdString(m_project->lastError());
    }
    m_hint->setText(!problem.isEmpty() ? problem
                    : !m_project        ? tr("Open a project to see its closed-loop evaluations.")
                    : m_evaluations.empty()
                        ? tr("No closed-loop evaluation in this project. Import a Bench2Drive results file "
                             "(File → Import files…, the leaderboard's results JSON) to score it here.")
                        : tr("%n evaluation(s). Pick two to compare them route by route; click a route to open it "
                             "at its first infraction.",
                             nullptr, int(m_evaluations.size())));
    fillEvaluations();
    m_from->clear();
    m_to->clear();
    for (const auto& e : m_evaluations) {
        const QString name = QString::fromStdString(bench2drive::evaluationName(e.results));
        m_from->addItem(name, QString::fromStdString(e.results));
        m_to->addItem(name, QString::fromStdString(e.results));
    }
    if (m_evaluations.size() >= 2) compare(0, 1);
    else compare(-1, -1);
}

void Bench2DrivePanel::fillEvaluations() {
    m_table->setSortingEnabled(false);
    m_table->setRowCount(0);
    const auto abilities = bench2drive::abilityNames();
    for (std::size_t i = 0; i < m_evaluations.size(); ++i) {
        const auto& e = m_evaluations[i];
        const auto s = bench2drive::summarise(e.routes);
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* name = new QTableWidgetItem(QString::fromStdString(bench2drive::evaluationName(e.results)));
        name->setData(Qt::UserRole, int(i));
        name->setToolTip(QString::fromStdString(e.results));
        m_table->setItem(row, Name, name);
        m_table->setItem(row, Routes, new NumberItem(s.routes, QString::number(s.routes)));
        m_table->setItem(row, DrivingScore, new NumberItem(s.drivingScore, QString::number(s.drivingScore, 'f', 2)));
        auto* success = new NumberItem(s.successRate, tr("%1 (%2/%3)").arg(percent(s.successRate)).arg(s.successes).arg(s.routes));
        success->setToolTip(tr("routes with status Perfect or Completed and no infraction but min_speed_infractions"));
        m_table->setItem(row, SuccessRate, success);
        int column = FirstAbility;
        for (std::string_view ability : abilities) {
            const auto it = s.abilities.find(std::string(ability));
            auto* cell = it == s.abilities.end()
                             ? new NumberItem(NumberItem::kNone, "–")
                             : new NumberItem(it->second.rate(), tr("%1 (%2/%3)")
                                                                     .arg(percent(it->second.rate()))
                                                                     .arg(it->second.successes)
                                                                     .arg(it->second.routes));
            if (it == s.abilities.end()) cell->setToolTip(tr("no route of this ability"));
            m_table->setItem(row, column++, cell);
        }
        m_table->setItem(row, column, s.abilityMean ? new NumberItem(*s.abilityMean, percent(*s.abilityMean))
                                                    : new NumberItem(NumberItem::kNone, "–"));
    }
    m_table->setSortingEnabled(true);
    m_table->resizeColumnsToContents();
}

void Bench2DrivePanel::compare(int from, int to) {
    const int n = int(m_evaluations.size());
    m_from->setCurrentIndex(from);
    m_to->setCurrentIndex(to);
    if (from < 0 || to < 0 || from >= n || to >= n) {
        m_diffSummary->setText(n < 2 ? tr("Import a second results file to compare two evaluations route by route.") : QString());
        m_routes->setRowCount(0);
        return;
    }
    const auto a = bench2drive::summarise(m_evaluations[from].routes), b = bench2drive::summarise(m_evaluations[to].routes);
    m_diffSummary->setText(tr("Driving score %1 → %2, success rate %3 → %4")
                               .arg(a.drivingScore, 0, 'f', 2)
                               .arg(b.drivingScore, 0, 'f', 2)
                               .arg(percent(a.successRate), percent(b.successRate)));
    fillRoutes();
}

void Bench2DrivePanel::fillRoutes() {
    const auto& a = m_evaluations[m_from->currentIndex()];
    const auto& b = m_evaluations[m_to->currentIndex()];
    m_routes->setSortingEnabled(false);
    m_routes->setRowCount(0);
    for (const bench2drive::RouteChange& c : bench2drive::routeChanges(a, b)) {
        const int row = m_routes->rowCount();
        m_routes->insertRow(row);
        const double delta = c.a && c.b ? c.b->drivingScore - c.a->drivingScore : 0;
        const bool statusChanged = !c.a || !c.b || c.a->status != c.b->status;
        const bool changed = statusChanged || delta != 0 || !c.gained.empty() || !c.lost.empty();
        // Better or worse: by the driving score, else by the infractions.
        const int verdict = !c.a || !c.b ? 0 : delta != 0 ? (delta > 0 ? 1 : -1) : c.gained.empty() == c.lost.empty() ? 0 : c.lost.empty() ? -1 : 1;
        auto* route = new QTableWidgetItem(QString::fromStdString(c.routeId));
        route->setData(kRecordingBefore, qlonglong(c.recordingA));
        route->setData(kRecordingAfter, qlonglong(c.recordingB));
        route->setData(kChanged, changed);
        const auto side = [](const bench2drive::RouteOutcome* o) { return o ? QString::fromStdString(o->status) : QString("–"); };
        const auto score = [](const bench2drive::RouteOutcome* o) {
            return o ? new NumberItem(o->drivingScore, QString::number(o->drivingScore, 'f', 1)) : new NumberItem(NumberItem::kNone, "–");
        };
        m_routes->setItem(row, Route, route);
        m_routes->setItem(row, Scenario, new QTableWidgetItem(QString::fromStdString(c.scenario)));
        m_routes->setItem(row, StatusBefore, new QTableWidgetItem(side(c.a)));
        m_routes->setItem(row, StatusAfter, new QTableWidgetItem(side(c.b)));
        m_routes->setItem(row, ScoreBefore, score(c.a));
        m_routes->setItem(row, ScoreAfter, score(c.b));
        m_routes->setItem(row, ScoreDelta, c.a && c.b ? new NumberItem(delta, QString::asprintf("%+.1f", delta))
                                                      : new NumberItem(NumberItem::kNone, "–"));
        m_routes->setItem(row, Gained, new QTableWidgetItem(keys(c.gained)));
        m_routes->setItem(row, Lost, new QTableWidgetItem(keys(c.lost)));
        for (int column = 0; verdict && column < RouteColumns; ++column)
            m_routes->item(row, column)->setBackground(verdict > 0 ? kBetterBackground : kWorseBackground);
    }
    m_routes->setSortingEnabled(true);
    m_routes->resizeColumnsToContents();
    applyChangedOnly();
}

void Bench2DrivePanel::applyChangedOnly() {
    for (int row = 0; row < m_routes->rowCount(); ++row)
        m_routes->setRowHidden(row, m_changedOnly->isChecked() && !m_routes->item(row, Route)->data(kChanged).toBool());
}

void Bench2DrivePanel::openRoute(int row, int column) {
    const QTableWidgetItem* route = row >= 0 ? m_routes->item(row, Route) : nullptr;
    if (!route || !m_project) return;
    const qlonglong before = route->data(kRecordingBefore).toLongLong(), after = route->data(kRecordingAfter).toLongLong();
    const bool wantsBefore = column == StatusBefore || column == ScoreBefore;
    const qlonglong recording = (wantsBefore && before) || !after ? before : after;
    if (!recording) return;
    if (const auto summary = m_project->summary(recording); summary && summary->frames == 0) {
        // Only its scores were imported: nothing to watch.
        m_hint->setText(tr("%1 has no frames: only its scores were imported. Import the results file together with the "
                           "folders of frames the agent saved beside it to watch the route.")
                            .arg(QString::fromStdString(summary->name)));
        return;
    }
    Q_EMIT openRequested(recording, firstInfractionFrame(*m_project, recording));
}

}  // namespace corevla::ui
