// SPDX-License-Identifier: MIT
// The Bench2Drive summary: every imported closed-loop evaluation (one
// results file each) with its driving score, success rate and abilities,
// and two of them side by side route by route — status, driving score,
// infractions gained and lost. A route opens its recording at its first
// infraction. The numbers are eval-summary's (importers/bench2drive/).
#pragma once

#include <QWidget>
#include <vector>

#include "importers/bench2drive/bench2drive_evaluations.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QTableWidget;

namespace corevla {
class Project;
}

namespace corevla::ui {

class Bench2DrivePanel : public QWidget {
    Q_OBJECT
public:
    enum EvaluationColumn { Name, Routes, DrivingScore, SuccessRate, FirstAbility };  // then the abilities and their mean
    enum RouteColumn { Route, Scenario, StatusBefore, StatusAfter, ScoreBefore, ScoreAfter, ScoreDelta, Gained, Lost, RouteColumns };

    explicit Bench2DrivePanel(QWidget* parent = nullptr);

    // Reads the project's evaluations (a few hundred rows: on the GUI thread).
    void setProject(Project* project);
    void reload();
    // Route by route from evaluation `from` to `to` (rows of evaluations()).
    void compare(int from, int to);
    // Opens row's route at its first infraction: the "before" columns open
    // the first evaluation's recording, the others the second's. A route
    // imported without frames is not opened; the hint says why.
    void openRoute(int row, int column);

    const std::vector<bench2drive::Evaluation>& evaluationList() const { return m_evaluations; }
    QTableWidget* evaluations() const { return m_table; }
    QTableWidget* routes() const { return m_routes; }
    QComboBox* fromBox() const { return m_from; }
    QComboBox* toBox() const { return m_to; }
    QCheckBox* changedOnly() const { return m_changedOnly; }
    QLabel* diffSummary() const { return m_diffSummary; }
    QLabel* hint() const { return m_hint; }

Q_SIGNALS:
    void openRequested(std::int64_t recording, int frame);

private:
    void fillEvaluations();
    void fillRoutes();
    void applyChangedOnly();

    Project* m_project = nullptr;
    std::vector<bench2drive::Evaluation> m_evaluations;
    QLabel* m_hint;
    QTableWidget *m_table, *m_routes;
    QComboBox *m_from, *m_to;
    QCheckBox* m_changedOnly;
    QLabel* m_diffSummary;
};

}  // namespace corevla::ui
