// SPDX-License-Identifier: MIT
// The batch comparison: 2-4 models (registered ones, or a checkpoint folder
// or served model typed in) answer the decisions of the chosen pairs, and
// their scores come back as tables — per model, per category and per
// decision (each model's decision coloured by whether it agrees with the
// chosen one). The work is `corevla compare … --json` in a child process:
// the GUI never links LibTorch and never waits on it. A decision opens its
// recording at its frame.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProcess;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace corevla {
class Project;
}

namespace corevla::ui {

class BatchComparePanel : public QWidget {
    Q_OBJECT
public:
    enum DecisionColumn { Pair, Recording, Frame, Category, Reference, FirstModel };  // then three per model
    static constexpr int kMinModels = 2, kMaxModels = 4;

    explicit BatchComparePanel(QWidget* parent = nullptr);
    ~BatchComparePanel() override;  // a comparison in flight is killed

    void setProject(Project* project, const QString& path);
    void reload();  // the registry's models and the pairs' authors

    // The `corevla compare` arguments the form says; empty (and why in
    // *error) when it names fewer than two or more than four models.
    QStringList arguments(QString* error) const;
    bool run();     // false (the reason shown) when it cannot start
    void cancel();  // kills the child
    bool busy() const;
    // Shows a comparison's JSON (what `compare --json` prints).
    void showResult(const QJsonObject& result);
    void openDecision(int row);

    QListWidget* modelList() const { return m_models; }
    QLineEdit* otherModel() const { return m_other; }
    QLineEdit* apiKeyEnv() const { return m_apiKeyEnv; }
    QSpinBox* timeout() const { return m_timeout; }
    QComboBox* onBox() const { return m_on; }
    QComboBox* statusBox() const { return m_status; }
    QComboBox* authorBox() const { return m_author; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QLabel* stateLabel() const { return m_state; }
    QTableWidget* summary() const { return m_summary; }
    QTableWidget* byCategory() const { return m_categories; }
    QTableWidget* decisions() const { return m_decisions; }
    qint64 childPid() const;  // 0 when none runs

Q_SIGNALS:
    void openRequested(std::int64_t recording, int frame);
    void finished(bool ok);  // a comparison ended: shown, failed or cancelled

private:
    QWidget* buildForm();
    void done(int code, int status);
    void setBusy(bool busy);
    void fillDecisions(const QJsonObject& result, const QStringList& models);

    Project* m_project = nullptr;
    QString m_path;
    QProcess* m_process = nullptr;
    bool m_cancelled = false;
    QListWidget* m_models;
    QLineEdit *m_other, *m_apiKeyEnv;
    QSpinBox* m_timeout;
    QComboBox *m_on, *m_status, *m_author;
    QPushButton *m_run, *m_cancel;
    QProgressBar* m_busy;
    QLabel *m_state, *m_error;
    QTimer* m_clock;
    qint64 m_started = 0;
    QByteArray m_stderr;  // the child's, as it comes: its progress lines, then its error
    QTableWidget *m_summary, *m_categories, *m_decisions;
};

}  // namespace corevla::ui
