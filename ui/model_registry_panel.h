// SPDX-License-Identifier: MIT
// The model registry: the models runs made (with the model they refined and
// the run), checkpoint folders a person adds, and served models (an
// OpenAI-compatible endpoint). Names and notes are edited
// in place; Delete forgets a model (its files stay on disk), and a model that
// runs or other models depend on is kept until the person confirms twice.
#pragma once

#include <QWidget>
#include <functional>

#include "storage/run.h"
#include "storage/served_model.h"

class QTableWidget;
class QPushButton;

namespace corevla {
class Project;
}

namespace corevla::ui {

class ModelRegistryPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelRegistryPanel(QWidget* parent = nullptr);
    void setProject(Project* project);
    void reload();

    // Registers a checkpoint folder (checked: it must hold checkpoint.json).
    bool addFolder(const QString& folder);
    // Registers a served model (backend "openai", its spec as the location).
    bool addServedModel(const QString& name, const ServedModel& served);
    // Asks (twice when something depends on it), then forgets the model.
    bool removeModel(std::int64_t id);
    // The question a confirmation asks and its answer; tests replace it.
    std::function<bool(const QString& text)> confirm;

    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void changed();  // a model added, renamed or forgotten
    void message(const QString& text);

private:
    void edited(int row, int column);
    bool insert(const ModelEntry& model);
    std::int64_t selectedId() const;

    Project* m_project = nullptr;
    QTableWidget* m_table;
    bool m_filling = false;
};

}  // namespace corevla::ui
