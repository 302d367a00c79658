// SPDX-License-Identifier: MIT
// When a save finds that another workstation saved the same pair since it
// was read: both versions side by side (yours, not saved; theirs, as stored
// now), and the two ways out — keep theirs, or save yours over theirs as a
// new, explicit save. Nothing is overwritten without that second click.
// The pair builder shows it in place of the answers until one is picked.
#pragma once

#include <QFrame>

#include "storage/annotation.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace corevla::ui {

class PairConflictPanel : public QFrame {
    Q_OBJECT
public:
    explicit PairConflictPanel(QWidget* parent = nullptr);

    void showConflict(const PreferencePair& mine, const PreferencePair& theirs);
    const PreferencePair& mine() const { return m_mine; }
    const PreferencePair& theirs() const { return m_theirs; }
    QString mineText() const;
    QString theirsText() const;
    QPushButton* keepTheirsButton() const { return m_keepTheirs; }
    QPushButton* saveMineButton() const { return m_saveMine; }

    // The fields a person compares, as plain text.
    static QString describe(const PreferencePair& pair);

Q_SIGNALS:
    void keepTheirs();
    void saveMine();

private:
    QLabel *m_title, *m_theirsTitle;
    QPlainTextEdit *m_mineText, *m_theirsText;
    QPushButton *m_keepTheirs, *m_saveMine;
    PreferencePair m_mine, m_theirs;
};

}  // namespace corevla::ui
