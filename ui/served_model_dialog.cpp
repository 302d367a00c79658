// SPDX-License-Identifier: MIT
#include "ui/served_model_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>

namespace corevla::ui {

ServedModelDialog::ServedModelDialog(QWidget* parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_url(new QLineEdit("http://localhost:8000/v1", this)),
      m_model(new QLineEdit(this)), m_keyEnv(new QLineEdit(this)), m_timeout(new QDoubleSpinBox(this)),
      m_concurrency(new QSpinBox(this)), m_problem(new QLabel(this)) {
    setWindowTitle(tr("Add served model"));
    m_model->setPlaceholderText(tr("as the server names it, e.g. Qwen/Qwen2.5-VL-7B-Instruct"));
    m_keyEnv->setPlaceholderText(tr("e.g. VLLM_API_KEY (empty: no key)"));
    m_keyEnv->setToolTip(tr("The name of the environment variable the key is read from when the model is asked; the key is never stored"));
    m_timeout->setRange(1, 600);
    m_timeout->setValue(60);
    m_timeout->setSuffix(" s");
    m_concurrency->setRange(1, 64);
    m_concurrency->setToolTip(tr("Questions sent at once by a batch comparison"));
    m_problem->setStyleSheet("color: #c62828");
    auto* form = new QFormLayout(this);
    form->addRow(tr("Name in the registry"), m_name);
    form->addRow(tr("Base URL"), m_url);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("API key variable"), m_keyEnv);
    form->addRow(tr("Timeout"), m_timeout);
    form->addRow(tr("Requests at once"), m_concurrency);
    form->addRow(m_problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* e : {m_name, m_url, m_model, m_keyEnv}) connect(e, &QLineEdit::textChanged, this, &ServedModelDialog::check);
    check();
}

QString ServedModelDialog::name() const {
    const QString n = m_name->text().trimmed();
    return n.isEmpty() ? m_model->text().trimmed() : n;
}

ServedModel ServedModelDialog::served() const {
    ServedModel s;
    s.baseUrl = m_url->text().trimmed().toStdString();
    s.model = m_model->text().trimmed().toStdString();
    s.apiKeyEnv = m_keyEnv->text().trimmed().toStdString();
    s.timeoutS = m_timeout->value();
    s.concurrency = m_concurrency->value();
    return s;
}

QString ServedModelDialog::problem() const {
    static const QRegularExpression variable("^[A-Za-z_][A-Za-z0-9_]*$");
    const QString url = m_url->text().trimmed();
    if (!url.startsWith("http://") || url.size() <= 7)
        return url.startsWith("https://") ? tr("https is not supported: reach the server over plain http (an SSH tunnel for a remote one)")
                                          : tr("The base URL starts with http://");
    if (url.contains('?') || url.contains(' ')) return tr("The base URL has no query or spaces");
    if (m_model->text().trimmed().isEmpty()) return tr("Name the model as the server knows it");
    if (m_model->text().contains('@') || m_model->text().contains('?')) return tr("A model name has no @ or ?");
    if (const QString key = m_keyEnv->text().trimmed(); !key.isEmpty() && !variable.match(key).hasMatch())
        return tr("The API key variable is a variable's name (letters, digits, _), not the key");
    return {};
}

void ServedModelDialog::check() {
    const QString why = problem();
    m_problem->setText(why);
    m_ok->setEnabled(why.isEmpty());
}

}  // namespace corevla::ui
