// SPDX-License-Identifier: MIT
#include "ui/model_registry_panel.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <map>

#include "storage/project.h"
#include "storage/run_store.h"
#include "ui/served_model_dialog.h"

namespace corevla::ui {
namespace {

enum Column { Name, Parent, Run, Location, Note, Added, Columns };

}  // namespace

ModelRegistryPanel::ModelRegistryPanel(QWidget* parent) : QWidget(parent), m_table(new QTableWidget(0, Columns, this)) {
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Refined from"), tr("Made by"), tr("Location"), tr("Note"), tr("Added")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    auto* add = new QPushButton(tr("Add checkpoint folder…"), this);
    auto* addServed = new QPushButton(tr("Add served model…"), this);
    addServed->setToolTip(tr("A model behind an OpenAI-compatible chat endpoint (vLLM, llama.cpp's server, ...), to compare with"));
    auto* remove = new QPushButton(tr("Forget model"), this);
    remove->setToolTip(tr("Removes the model from the registry (Delete in the list); its files stay on disk"));
    auto* removeKey = new QAction(m_table);  // the list's own Delete, not the window's (segments have theirs)
    removeKey->setShortcut(QKeySequence::Delete);
    removeKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(removeKey);
    connect(removeKey, &QAction::triggered, remove, &QPushButton::click);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(addServed);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    confirm = [this](const QString& text) {
        return QMessageBox::question(this, tr("Forget model"), text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Yes;
    };
    connect(add, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("A checkpoint folder of the embedded model"));
        if (!dir.isEmpty()) addFolder(dir);
    });
    connect(addServed, &QPushButton::clicked, this, [this] {
        ServedModelDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted) addServedModel(dialog.name(), dialog.served());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (const std::int64_t id = selectedId()) removeModel(id);
    });
    connect(m_table, &QTableWidget::cellChanged, this, &ModelRegistryPanel::edited);
}

void ModelRegistryPanel::setProject(Project* project) {
    m_project = project;
    reload();
}

void ModelRegistryPanel::reload() {
    m_filling = true;
    m_table->setRowCount(0);
    const auto models = m_project ? RunStore(*m_project).models() : std::nullopt;
    std::map<std::int64_t, QString> names;
    for (const ModelEntry& m : models.value_or(std::vector<ModelEntry>{})) names[m.id] = QString::fromStdString(m.name);
    for (const ModelEntry& m : models.value_or(std::vector<ModelEntry>{})) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto cell = [&](int column, const QString& text, bool editable) {
            auto* item = new QTableWidgetItem(text);
            item->setData(Qt::UserRole, qlonglong(m.id));
            if (!editable) item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            m_table->setItem(row, column, item);
        };
        cell(Name, QString::fromStdString(m.name), true);
        cell(Parent, m.parent ? names.count(m.parent) ? names[m.parent] : tr("(forgotten)") : QString(), false);
        cell(Run, m.run ? tr("run %1").arg(m.run) : tr("added"), false);
        cell(Location, QString::fromStdString(m.location), false);
        cell(Note, QString::fromStdString(m.note), true);
        cell(Added, QString::fromStdString(m.createdAt), false);
        m_table->item(row, Location)->setToolTip(QString::fromStdString(m.location));
    }
    m_table->resizeColumnsToContents();
    m_filling = false;
}

std::int64_t ModelRegistryPanel::selectedId() const {
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_table->item(rows.first().row(), Name)->data(Qt::UserRole).toLongLong();
}

void ModelRegistryPanel::edited(int row, int column) {
    if (m_filling || !m_project || (column != Name && column != Note)) return;
    RunStore store(*m_project);
    auto model = store.model(m_table->item(row, column)->data(Qt::UserRole).toLongLong());
    if (!model) return;
    const QString text = m_table->item(row, column)->text().trimmed();
    if (column == Name && text.isEmpty()) return reload();  // a model keeps a name
    (column == Name ? model->name : model->note) = text.toStdString();
    if (!store.saveModel(*model)) Q_EMIT message(QString::fromStdString(store.lastError()));
    Q_EMIT changed();
}

bool ModelRegistryPanel::addFolder(const QString& folder) {
    if (!m_project) return false;
    if (!QFileInfo::exists(folder + "/checkpoint.json")) {
        Q_EMIT message(tr("%1: not a checkpoint of the embedded model (no checkpoint.json)").arg(folder));
        return false;
    }
    ModelEntry m;
    m.location = QFileInfo(folder).absoluteFilePath().toStdString();
    m.name = QFileInfo(folder).fileName().toStdString();
    return insert(m);
}

bool ModelRegistryPanel::addServedModel(const QString& name, const ServedModel& served) {
    if (!m_project) return false;
    ModelEntry m;
    m.backend = "openai";
    m.location = servedModelSpec(served);
    m.name = name.toStdString();
    std::string error;
    if (m.name.empty() || !parseServedModel(m.location, &error)) {
        Q_EMIT message(m.name.empty() ? tr("A served model needs a name") : QString::fromStdString(error));
        return false;
    }
    return insert(m);
}

bool ModelRegistryPanel::insert(const ModelEntry& m) {
    RunStore store(*m_project);
    if (!store.insertModel(m)) {
        Q_EMIT message(QString::fromStdString(store.lastError()));
        return false;
    }
    reload();
    Q_EMIT changed();
    return true;
}

bool ModelRegistryPanel::removeModel(std::int64_t id) {
    if (!m_project) return false;
    RunStore store(*m_project);
    const auto model = store.model(id);
    const auto dependents = store.dependents(id);
    if (!model || !dependents) return false;
    const QString name = QString::fromStdString(model->name);
    if (!confirm(tr("Forget %1? Its files stay in %2.").arg(name, QString::fromStdString(model->location)))) return false;
    if (dependents->any() &&
        !confirm(tr("%1 is used by %n run(s)", nullptr, dependents->runs).arg(name) +
                 tr(" and refined into %n model(s).", nullptr, dependents->models) +
                 tr(" Their history keeps their folders and configurations but no longer links to it. Forget it anyway?")))
        return false;
    if (!store.removeModel(id)) {
        Q_EMIT message(QString::fromStdString(store.lastError()));
        return false;
    }
    reload();
    Q_EMIT changed();
    Q_EMIT message(tr("Forgot %1").arg(name));
    return true;
}

}  // namespace corevla::ui
