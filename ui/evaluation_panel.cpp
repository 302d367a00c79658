// SPDX-License-Identifier: MIT
#include "ui/evaluation_panel.h"

#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/batch_compare_panel.h"
#include "ui/bench2drive_panel.h"
#include "ui/closed_loop_panel.h"
#include "ui/dock_raise.h"

namespace corevla::ui {

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QWidget(parent), m_tabs(new QTabWidget(this)), m_batch(new BatchComparePanel(this)), m_bench2drive(new Bench2DrivePanel(this)),
      m_closedLoop(new ClosedLoopPanel(this)) {
    m_tabs->addTab(m_batch, tr("Batch comparison"));
    m_tabs->addTab(m_closedLoop, tr("Closed loop"));
    m_tabs->addTab(m_bench2drive, tr("Bench2Drive"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_batch, &BatchComparePanel::openRequested, this, &EvaluationPanel::openRequested);
    connect(m_bench2drive, &Bench2DrivePanel::openRequested, this, &EvaluationPanel::openRequested);
    connect(m_closedLoop, &ClosedLoopPanel::openRequested, this, &EvaluationPanel::openRequested);
    connect(m_closedLoop, &ClosedLoopPanel::sideBySideRequested, this, &EvaluationPanel::sideBySideRequested);
}

void EvaluationPanel::setProject(Project* project, const QString& path) {
    m_batch->setProject(project, path);
    m_closedLoop->setProject(project, path);
    m_bench2drive->setProject(project);
}

QMenu* EvaluationPanel::addMenu(QMenuBar* menuBar) {
    QMenu* menu = menuBar->addMenu(tr("E&valuation"));
    menu->addAction(tr("&Evaluation panel"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this, &EvaluationPanel::focusPanel);
    QAction* run = menu->addAction(tr("&Run batch comparison"), this, [this] {
        focusPanel();
        m_tabs->setCurrentWidget(m_batch);
        m_batch->run();
    });
    QAction* cancel = menu->addAction(tr("&Cancel batch comparison"), m_batch, &BatchComparePanel::cancel);
    menu->addSeparator();
    QAction* drive = menu->addAction(tr("Run c&losed loop"), this, [this] {
        focusPanel();
        m_tabs->setCurrentWidget(m_closedLoop);
        m_closedLoop->run();
    });
    QAction* stop = menu->addAction(tr("Ca&ncel closed loop"), m_closedLoop, &ClosedLoopPanel::cancel);
    connect(menu, &QMenu::aboutToShow, this, [this, run, cancel, drive, stop] {
        run->setEnabled(!m_batch->busy());
        cancel->setEnabled(m_batch->busy());
        drive->setEnabled(!m_closedLoop->busy());
        stop->setEnabled(m_closedLoop->busy());
    });
    return menu;
}

void EvaluationPanel::focusPanel() {
    m_batch->reload();         // models registered since
    m_closedLoop->reload();
    m_bench2drive->reload();   // evaluations imported since
    raiseWideDock(this);
}

}  // namespace corevla::ui
