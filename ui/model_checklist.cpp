// SPDX-License-Identifier: MIT
#include "ui/model_checklist.h"

#include <QCoreApplication>
#include <QListWidget>

#include "storage/project.h"
#include "storage/run_store.h"

namespace corevla::ui {

bool fillModelChecklist(QListWidget* list, Project* project) {
    const QStringList wasTicked = tickedModels(list);
    list->clear();
    if (!project) return !wasTicked.isEmpty();
    for (const ModelEntry& m : RunStore(*project).models().value_or(std::vector<ModelEntry>{})) {
        if (m.backend != "native" && m.backend != "openai") continue;  // what the CLI can ask by id: a checkpoint or a served model
        const QString kind = m.backend == "openai" ? QCoreApplication::translate("models", "served model %1")
                                                   : QCoreApplication::translate("models", "model %1");
        auto* item = new QListWidgetItem(QString("%1  (%2)").arg(QString::fromStdString(m.name), kind.arg(m.id)), list);
        item->setData(Qt::UserRole, QString::number(m.id));
        item->setToolTip(QString::fromStdString(m.location));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(wasTicked.contains(QString::number(m.id)) ? Qt::Checked : Qt::Unchecked);
    }
    return !wasTicked.isEmpty();
}

QStringList tickedModels(const QListWidget* list) {
    QStringList ids;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked) ids << list->item(i)->data(Qt::UserRole).toString();
    return ids;
}

}  // namespace corevla::ui
