// SPDX-License-Identifier: MIT
// The closed loop: 1-4 models drive the same scenarios (kinds, how many of
// each, the seed), nobody takes over, and Bench2Drive's scores come back as
// tables — per model, per kind, and per scenario with each model's outcome
// side by side (who crashed where). The work is `corevla closed-loop --json`
// in a child process (the GUI never links LibTorch); Cancel stops it after
// the runs that finished, which stay imported. A model's run opens at its
// first infraction; "Side by side" plays two models' runs of a scenario on
// one clock.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QLabel;
class QListWidget;
class QProcess;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace corevla {
class Project;
}

namespace corevla::ui {

class ClosedLoopPanel : public QWidget {
    Q_OBJECT
public:
    enum ScenarioColumn { Kind, Seed, BothColumn, FirstModel };  // then one per model
    static constexpr int kMaxModels = 4;

    explicit ClosedLoopPanel(QWidget* parent = nullptr);
    ~ClosedLoopPanel() override;  // a batch in flight is stopped (its finished runs stay)

    void setProject(Project* project, const QString& path);
    void reload();  // the registry's models

    // The `corevla closed-loop` arguments the form says; empty (and why in *error).
    QStringList arguments(QString* error) const;
    bool run();
    void cancel();  // SIGTERM: the child stops and prints the runs that finished
    bool busy() const;
    void showResult(const QJsonObject& result);
    const QJsonObject& result() const { return m_result; }
    // A model's run of a scenario row opens at its first infraction (frame 0 without one).
    void openRun(int row, int model);
    // The row's first two models' runs, side by side on one clock.
    void openBoth(int row);

    QListWidget* modelList() const { return m_models; }
    QList<QCheckBox*> kindBoxes() const { return m_kinds; }
    QSpinBox* scenarios() const { return m_count; }
    QSpinBox* seed() const { return m_seed; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progress() const { return m_progress; }
    QLabel* stateLabel() const { return m_state; }
    QLabel* errorLabel() const { return m_error; }
    QTableWidget* summary() const { return m_summary; }
    QTableWidget* byKind() const { return m_byKind; }
    QTableWidget* scenarioTable() const { return m_scenarios; }
    qint64 childPid() const;

Q_SIGNALS:
    void openRequested(std::int64_t recording, int frame);
    void sideBySideRequested(std::int64_t left, std::int64_t right, const QString& leftTitle, const QString& rightTitle, int frame);
    void finished(bool ok);

private:
    QWidget* buildForm();
    void done(int code, int status);
    void setBusy(bool busy);
    void readProgress();

    Project* m_project = nullptr;
    QString m_path;
    QProcess* m_process = nullptr;
    bool m_cancelled = false;
    QByteArray m_stderr;
    QJsonObject m_result;
    QStringList m_resultModels;
    QListWidget* m_models;
    QList<QCheckBox*> m_kinds;
    QSpinBox *m_count, *m_seed;
    QPushButton *m_run, *m_cancel, *m_both;
    QProgressBar* m_progress;
    QLabel *m_state, *m_error;
    QTableWidget *m_summary, *m_byKind, *m_scenarios;
};

}  // namespace corevla::ui
