// SPDX-License-Identifier: MIT
// Loads a whole recording (every frame) and what its plots draw on a worker
// thread with its own database connection, so that opening a 30-minute
// session never blocks the GUI: the window shows a first look at once and
// takes the rest when it arrives. Only the newest load reports; the worker
// catches everything and reports failures as a message.
#pragma once

#include <QFutureSynchronizer>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "storage/types.h"
#include "ui/signal_data.h"

namespace corevla::ui {

struct LoadedRecording {
    Recording recording;
    std::shared_ptr<const SignalData> signalData;
};

class RecordingLoader : public QObject {
    Q_OBJECT
public:
    explicit RecordingLoader(QObject* parent = nullptr);
    ~RecordingLoader() override;  // waits for the workers: they report to this object

    // Starts loading; a load still running is superseded (its result dropped).
    void load(const QString& projectPath, std::int64_t id);
    void cancel();

Q_SIGNALS:
    void loaded(std::int64_t id, std::shared_ptr<corevla::ui::LoadedRecording> result);
    void failed(std::int64_t id, const QString& error);

private:
    std::shared_ptr<std::atomic<std::uint64_t>> m_generation;
    QFutureSynchronizer<void> m_workers;
};

}  // namespace corevla::ui
