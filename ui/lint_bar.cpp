// SPDX-License-Identifier: MIT
#include "ui/lint_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStringList>
#include <algorithm>

namespace corevla::ui {

LintBar::LintBar(QWidget* parent) : QFrame(parent), m_label(new QLabel(this)), m_fix(new QPushButton(this)) {
    setObjectName("lintBar");
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_fix->setText(tr("Make the text say the chips (Ctrl+Shift+M)"));
    m_fix->setFocusPolicy(Qt::NoFocus);  // Ctrl+Shift+M from the keyboard; Tab stays among the fields
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_fix, 0, Qt::AlignVCenter);
    connect(m_fix, &QPushButton::clicked, this, &LintBar::fixRequested);
    setIssues({});
}

bool LintBar::fixable(const std::string& code) {
    return code == "chosen-contradicts-chips" || code == "chosen-names-no-action";
}

bool LintBar::has(const std::string& code) const {
    return std::any_of(m_issues.begin(), m_issues.end(), [&](const dataset::LintIssue& i) { return i.code == code; });
}

QString LintBar::text() const { return m_label->text(); }

void LintBar::setIssues(const std::vector<dataset::LintIssue>& issues) {
    m_issues = issues;
    if (issues.empty()) {
        setStyleSheet("#lintBar { background: #e8f5e9; border: 1px solid #a5d6a7; border-radius: 4px; }");
        m_label->setText(tr("<span style='color:#2e7d32'>✓ Lint: nothing found</span>"));
        m_fix->hide();
        return;
    }
    setStyleSheet("#lintBar { background: #fff4d6; border: 1px solid #e0a800; border-radius: 4px; }");
    QStringList lines;
    bool canFix = false;
    for (const auto& issue : issues) {
        lines << tr("⚠ <b>%1</b>: %2").arg(QString::fromStdString(issue.code),
                                          QString::fromStdString(issue.message).toHtmlEscaped());
        canFix = canFix || fixable(issue.code);
    }
    m_label->setText(lines.join("<br>"));
    m_fix->setVisible(canFix);
}

}  // namespace corevla::ui
