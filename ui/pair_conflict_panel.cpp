// SPDX-License-Identifier: MIT
#include "ui/pair_conflict_panel.h"

#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>

namespace corevla::ui {
namespace {

QString s(const std::string& text) { return QString::fromStdString(text); }

QPlainTextEdit* readOnlyText(QWidget* parent) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setMinimumHeight(110);
    return edit;
}

}  // namespace

PairConflictPanel::PairConflictPanel(QWidget* parent)
    : QFrame(parent), m_title(new QLabel(this)), m_theirsTitle(new QLabel(this)), m_mineText(readOnlyText(this)),
      m_theirsText(readOnlyText(this)), m_keepTheirs(new QPushButton(tr("Keep theirs"), this)),
      m_saveMine(new QPushButton(tr("Save yours over theirs"), this)) {
    setObjectName("conflictPanel");
    setStyleSheet("#conflictPanel { background: #fdecea; border: 1px solid #e57373; border-radius: 4px; }");
    m_title->setWordWrap(true);
    m_keepTheirs->setToolTip(tr("Drop your changes and show the pair as saved elsewhere"));
    m_saveMine->setToolTip(tr("Save your version as a new version on top of theirs"));
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(8, 6, 8, 6);
    grid->addWidget(m_title, 0, 0, 1, 2);
    grid->addWidget(new QLabel(tr("<b>Yours</b> (not saved)"), this), 1, 0);
    grid->addWidget(m_theirsTitle, 1, 1);
    grid->addWidget(m_mineText, 2, 0);
    grid->addWidget(m_theirsText, 2, 1);
    grid->addWidget(m_saveMine, 3, 0);
    grid->addWidget(m_keepTheirs, 3, 1);
    connect(m_keepTheirs, &QPushButton::clicked, this, &PairConflictPanel::keepTheirs);
    connect(m_saveMine, &QPushButton::clicked, this, &PairConflictPanel::saveMine);
}

QString PairConflictPanel::describe(const PreferencePair& p) {
    // What differs most often first: the chosen answer.
    QString text = tr("Chosen: %1").arg(s(p.chosen));
    text += tr("\nChosen chips: %1, %2").arg(s(p.chosenAction.direction), s(p.chosenAction.speed));
    text += tr("\nQuestion: %1").arg(s(p.question));
    text += tr("\nDecision frame %1, camera %2").arg(p.decisionFrame).arg(s(p.camera));
    text += tr("\nStatus: %1").arg(QString::fromLatin1(pairStatusName(p.status)));
    if (!p.reviewer.empty()) text += tr(" (reviewer %1)").arg(s(p.reviewer));
    return text;
}

void PairConflictPanel::showConflict(const PreferencePair& mine, const PreferencePair& theirs) {
    m_mine = mine;
    m_theirs = theirs;
    m_title->setText(tr("<b>Pair %1 was saved elsewhere since you opened it</b> (you read version %2; it is now "
                        "version %3). Nothing was overwritten: keep theirs, or save yours over it.")
                         .arg(theirs.id)
                         .arg(mine.version)
                         .arg(theirs.version));
    m_theirsTitle->setText(tr("<b>Theirs</b> (version %1, saved %2)").arg(theirs.version).arg(s(theirs.updatedAt)));
    m_mineText->setPlainText(describe(mine));
    m_theirsText->setPlainText(describe(theirs));
}

QString PairConflictPanel::mineText() const { return m_mineText->toPlainText(); }

QString PairConflictPanel::theirsText() const { return m_theirsText->toPlainText(); }

}  // namespace corevla::ui
