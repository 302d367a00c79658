// SPDX-License-Identifier: MIT
// The pair builder's lint, live: a warning bar listing what a reviewer would
// miss (dataset/pair_lint.h), with a one-click fix when the chosen text and
// its chips disagree; a quiet line when nothing is found.
#pragma once

#include <QFrame>
#include <vector>

#include "dataset/pair_lint.h"

class QLabel;
class QPushButton;

namespace corevla::ui {

class LintBar : public QFrame {
    Q_OBJECT
public:
    explicit LintBar(QWidget* parent = nullptr);

    void setIssues(const std::vector<dataset::LintIssue>& issues);
    const std::vector<dataset::LintIssue>& issues() const { return m_issues; }
    bool has(const std::string& code) const;
    QString text() const;  // as shown
    QPushButton* fixButton() const { return m_fix; }

    // The fix applies to these codes: the text restated from the chips.
    static bool fixable(const std::string& code);

Q_SIGNALS:
    void fixRequested();

private:
    QLabel* m_label;
    QPushButton* m_fix;
    std::vector<dataset::LintIssue> m_issues;
};

}  // namespace corevla::ui
