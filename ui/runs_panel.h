// SPDX-License-Identifier: MIT
// The runs panel: choose the pairs (filters, the count live), the base model,
// SFT or DPO and the key hyperparameters; Launch exports the snapshot and
// trains in a child process (TrainingRun) while the charts fill live and a
// progress bar counts down; Cancel stops it. Below: the run history (select
// one run for its curves, two to compare their configurations and curves,
// Re-run to train again on a run's snapshot) and the model registry.
#pragma once

#include <QWidget>

#include "ui/run_config.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMenu;
class QMenuBar;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;
class QTabWidget;

namespace corevla {
class Project;
}

namespace corevla::ui {

class ModelRegistryPanel;
class RunCharts;
class TrainingRun;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);
    ~RunsPanel() override;

    // The open project: runs a dead workstation left "running" are marked
    // interrupted, then the history, models and filters are read.
    void setProject(Project* project, const QString& path);
    QMenu* addMenu(QMenuBar* menuBar);
    void focusPanel();  // shows and widens the dock

    RunConfig configFromForm() const;
    int matchingPairs() const { return int(m_matching.size()); }
    bool launch();            // what the form says
    bool launchLlamaFactoryFolder(const QString& dir);  // the same pairs as a LLaMA-Factory run folder
    void cancel();
    bool rerunSelected();
    void reloadHistory();
    bool selectRuns(const QList<qint64>& ids);  // selects them in the history (one or two)
    void selectNewestRuns(int count);           // the last `count` runs, to compare (the demo's two)

    QComboBox* kindBox() const { return m_kind; }
    QComboBox* statusBox() const { return m_status; }
    QComboBox* baseModelBox() const { return m_baseModel; }
    QSpinBox* stepsBox() const { return m_steps; }
    QLabel* countLabel() const { return m_count; }
    QProgressBar* progress() const { return m_progress; }
    QPushButton* launchButton() const { return m_launch; }
    QPushButton* cancelButton() const { return m_cancel; }
    QTableWidget* history() const { return m_history; }
    QTableWidget* comparison() const { return m_compare; }
    RunCharts* charts() const { return m_charts; }
    ModelRegistryPanel* models() const { return m_models; }
    TrainingRun* training() const { return m_run; }
    // A model config file for new models (tests: a tiny one); empty: the default.
    void setModelConfig(const QString& path) { m_modelConfig = path; }

Q_SIGNALS:
    void message(const QString& text);
    void runFinished(qint64 run, int status);

private:
    QWidget* buildForm();
    void refillFilters();
    void refillModels();
    void updateCount();
    void kindChanged();
    void showSelected();
    void runStarted();
    void runEnded(qint64 run, const QString& message);
    QList<qint64> selectedRuns() const;

    Project* m_project = nullptr;
    QString m_path, m_modelConfig;
    TrainingRun* m_run = nullptr;
    std::vector<std::int64_t> m_matching;

    QComboBox *m_kind, *m_source, *m_status, *m_category, *m_recording, *m_author, *m_baseModel, *m_loss, *m_device;
    QSpinBox *m_steps, *m_batch, *m_seed;
    QDoubleSpinBox *m_epochs, *m_beta;
    QLineEdit* m_lr;
    QLabel *m_count, *m_stage;
    QProgressBar* m_progress;
    QPushButton *m_launch, *m_cancel, *m_rerun, *m_lfFolder;
    RunCharts* m_charts;
    QTableWidget *m_history, *m_compare;
    QTimer* m_liveRefresh;  // a live run's lines redraw the selection at most this often
    QTabWidget* m_tabs;
    ModelRegistryPanel* m_models;
};

}  // namespace corevla::ui
