// SPDX-License-Identifier: MIT
#include "ui/recording_loader.h"

#include <QtConcurrent>

#include "storage/project.h"

namespace corevla::ui {

RecordingLoader::RecordingLoader(QObject* parent)
    : QObject(parent), m_generation(std::make_shared<std::atomic<std::uint64_t>>(0)) {}

RecordingLoader::~RecordingLoader() {
    cancel();
    m_workers.waitForFinished();
}

void RecordingLoader::cancel() { ++*m_generation; }

void RecordingLoader::load(const QString& projectPath, std::int64_t id) {
    const std::uint64_t mine = ++*m_generation;
    auto generation = m_generation;
    const std::string path = projectPath.toStdString();
    m_workers.addFuture(QtConcurrent::run([this, generation, mine, path, id] {
        const auto current = [&] { return generation->load() == mine; };
        // Reported on this object's thread, and only if no newer load started.
        const auto report = [&](auto emitIt) {
            QMetaObject::invokeMethod(this, [this, generation, mine, emitIt] {
                if (generation->load() == mine) emitIt(this);
            }, Qt::QueuedConnection);
        };
        try {
            Project project;
            if (!project.open(path, Project::Mode::OpenExisting)) {
                report([id, e = QString::fromStdString(project.lastError())](RecordingLoader* self) { Q_EMIT self->failed(id, e); });
                return;
            }
            auto recording = project.load(id);
            if (!current()) return;
            if (!recording) {
                report([id, e = QString::fromStdString(project.lastError())](RecordingLoader* self) { Q_EMIT self->failed(id, e); });
                return;
            }
            auto result = std::make_shared<LoadedRecording>();
            result->signalData = std::make_shared<const SignalData>(computeSignals(*recording));
            result->recording = std::move(*recording);
            report([id, result](RecordingLoader* self) { Q_EMIT self->loaded(id, result); });
        } catch (const std::exception& e) {
            report([id, e = QString::fromLocal8Bit(e.what())](RecordingLoader* self) {
                Q_EMIT self->failed(id, tr("loading stopped: %1").arg(e));
            });
        } catch (...) {
            report([id](RecordingLoader* self) { Q_EMIT self->failed(id, tr("loading stopped on an unknown error")); });
        }
    }));
}

}  // namespace corevla::ui
