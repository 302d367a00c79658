// SPDX-License-Identifier: MIT
// The list of registered models a `corevla` child can ask by id (embedded
// checkpoints and served models), each with a tick box: what the batch
// comparison and the closed loop pick their models from.
#pragma once

#include <QStringList>

class QListWidget;

namespace corevla {
class Project;
}

namespace corevla::ui {

// Fills the list from the project's registry (empty without a project),
// keeping the ticks of models still there; false when none was ticked.
bool fillModelChecklist(QListWidget* list, Project* project);
// The ticked models' ids, as --model takes them, in list order.
QStringList tickedModels(const QListWidget* list);

}  // namespace corevla::ui
