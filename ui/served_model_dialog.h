// SPDX-License-Identifier: MIT
// Registers a served model (an OpenAI-compatible chat endpoint: vLLM,
// llama.cpp's server, ...): its name in the registry, base URL, model name,
// the environment variable that holds its API key (the key itself is never
// stored), timeout and how many requests it takes at once.
#pragma once

#include <QDialog>

#include "storage/served_model.h"

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace corevla::ui {

class ServedModelDialog : public QDialog {
    Q_OBJECT
public:
    explicit ServedModelDialog(QWidget* parent = nullptr);
    QString name() const;
    ServedModel served() const;
    // Why it cannot be registered as filled in; empty when it can.
    QString problem() const;

private:
    void check();

    QLineEdit *m_name, *m_url, *m_model, *m_keyEnv;
    QDoubleSpinBox* m_timeout;
    QSpinBox* m_concurrency;
    QLabel* m_problem;
    QPushButton* m_ok = nullptr;
};

}  // namespace corevla::ui
