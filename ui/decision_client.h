// SPDX-License-Identifier: MIT
// One model of the live comparison: a `corevla decide` child process that
// answers at frames, one request at a time. The latest request wins: asking
// while it is busy replaces whatever waited, and answers are cached per
// (recording, frame), so scrubbing back is instant and nothing is asked
// twice (an error is asked again after a while). The GUI never waits on it;
// a model that crashes or cannot load ends its own process, one that answers
// nothing for 3 minutes is stopped, and either says so (failed), never
// taking the workstation with it.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QElapsedTimer>
#include <QPair>
#include <QString>
#include <QTimer>
#include <optional>

class QProcess;

namespace corevla::ui {

struct LiveAnswer {
    QString text, speed, direction, error;
    bool hasDecision = false;
    double milliseconds = 0;  // in the child: the prompt's frames and the answer
    qint64 atMs = 0;          // when it came (the client's clock)
};

class DecisionClient : public QObject {
    Q_OBJECT
public:
    using Key = QPair<qint64, int>;  // recording, Frame::index

    // spec: a registered model's name or id, a checkpoint folder, or
    // openai:MODEL@http://HOST:PORT/v1 (extraArgs: --api-key-env, --timeout).
    DecisionClient(const QString& projectPath, const QString& spec, const QStringList& extraArgs = {},
                   QObject* parent = nullptr);
    ~DecisionClient() override;  // the child is killed

    const QString& spec() const { return m_spec; }
    QString name() const { return m_name.isEmpty() ? m_spec : m_name; }  // as the child reports it
    bool ready() const { return m_ready; }
    const QString& failure() const { return m_failure; }  // why the child is gone; empty while it lives

    // Asks for an answer at a frame unless it is cached or being answered.
    // The latest ask replaces one waiting; a prefetch only fills an idle child.
    void ask(qint64 recording, int frame, bool prefetch = false);
    const LiveAnswer* cached(qint64 recording, int frame) const;
    std::optional<Key> inFlight() const { return m_inFlight; }
    qint64 processId() const;  // 0 when it is not running

Q_SIGNALS:
    void readyChanged();
    void answered(qint64 recording, int frame);
    void failed(const QString& message);

private:
    bool settled(const Key& key) const;  // answered, or failed a moment ago
    void send(Key key);
    void readLines();
    void handleLine(const QByteArray& line);
    void finished();

    QString m_spec, m_name, m_failure;
    QProcess* m_process;
    QByteArray m_buffer, m_stderrTail;
    bool m_ready = false;
    std::optional<Key> m_inFlight, m_waiting;
    QHash<Key, LiveAnswer> m_cache;
    qint64 m_requests = 0;  // the id of the last request sent
    QElapsedTimer m_clock;
    QTimer m_watchdog;      // a model that hangs is stopped
};

}  // namespace corevla::ui
