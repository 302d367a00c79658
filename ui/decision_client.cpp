// SPDX-License-Identifier: MIT
#include "ui/decision_client.h"

#include <algorithm>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include "ui/cli_process.h"

namespace corevla::ui {
namespace {

// An answer that is only an error (a timeout, a refused connection) is asked
// again once it is this old: the server may be back.
constexpr qint64 kRetryErrorsAfterMs = 10000;
// A model that answers nothing for this long is taken for hung.
constexpr int kWatchdogMs = 180000;

}  // namespace


DecisionClient::DecisionClient(const QString& projectPath, const QString& spec, const QStringList& extraArgs, QObject* parent)
    : QObject(parent), m_spec(spec), m_process(new QProcess(this)) {
    connect(m_process, &QProcess::readyReadStandardOutput, this, &DecisionClient::readLines);
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderrTail = (m_stderrTail + m_process->readAllStandardError()).right(2048);
    });
    connect(m_process, &QProcess::finished, this, &DecisionClient::finished);
    m_clock.start();
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        m_stderrTail = tr("no answer in %1 s: the model's process was stopped").arg(kWatchdogMs / 1000).toUtf8();
        m_process->kill();  // finished() says so
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) finished();
    });
    startCli(*m_process, QStringList{"decide", "--project", projectPath, "--model", spec} + extraArgs, /*background=*/true);
}

DecisionClient::~DecisionClient() {
    m_process->disconnect(this);
    m_process->kill();
    m_process->waitForFinished(2000);
}

bool DecisionClient::settled(const Key& key) const {
    const auto it = m_cache.constFind(key);
    return it != m_cache.constEnd() && (!it->text.isEmpty() || it->error.isEmpty() || m_clock.elapsed() - it->atMs < kRetryErrorsAfterMs);
}

void DecisionClient::ask(qint64 recording, int frame, bool prefetch) {
    const Key key{recording, frame};
    if (!m_failure.isEmpty()) return;
    if (settled(key) || m_inFlight == key) {
        if (!prefetch) m_waiting.reset();  // the latest ask is this one: nothing older waits
        return;
    }
    if (!m_ready || m_inFlight) {
        if (!prefetch) m_waiting = key;
        return;
    }
    send(key);
}

qint64 DecisionClient::processId() const { return m_process->processId(); }

const LiveAnswer* DecisionClient::cached(qint64 recording, int frame) const {
    const auto it = m_cache.constFind(Key{recording, frame});
    return it == m_cache.constEnd() ? nullptr : &*it;
}

void DecisionClient::send(Key key) {
    m_inFlight = key;
    const QJsonObject request{{"id", ++m_requests}, {"recording", key.first}, {"frame", key.second}};
    m_process->write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    m_watchdog.start(kWatchdogMs);
}

void DecisionClient::readLines() {
    m_buffer += m_process->readAllStandardOutput();
    for (qsizetype end = m_buffer.indexOf('\n'); end >= 0; end = m_buffer.indexOf('\n')) {
        const QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        handleLine(line);
    }
}

void DecisionClient::handleLine(const QByteArray& line) {
    // From its first brace: a library may have printed to stdout without a newline.
    const QJsonObject o = QJsonDocument::fromJson(line.mid(std::max<qsizetype>(line.indexOf('{'), 0))).object();
    if (o.value("ready").toBool()) {
        m_ready = true;
        m_name = o.value("model").toString();
        Q_EMIT readyChanged();
    } else if (m_inFlight && o.value("id").toInteger() == m_requests) {  // the answer to what is in flight
        const Key key = *m_inFlight;
        m_watchdog.stop();
        LiveAnswer a;
        a.text = o.value("text").toString();
        a.speed = o.value("speed").toString();
        a.direction = o.value("direction").toString();
        a.error = o.value("error").toString();
        a.hasDecision = o.value("has_decision").toBool();
        a.milliseconds = o.value("ms").toDouble();
        a.atMs = m_clock.elapsed();
        m_cache.insert(key, a);
        m_inFlight.reset();
        Q_EMIT answered(key.first, key.second);
    } else {
        return;  // not ours (a library's stray print)
    }
    if (!m_inFlight && m_waiting) {
        const Key next = *m_waiting;
        m_waiting.reset();
        if (!settled(next)) send(next);
    }
}

void DecisionClient::finished() {
    if (!m_failure.isEmpty()) return;
    QString last = QString::fromUtf8(m_stderrTail).trimmed();
    last = last.mid(last.lastIndexOf('\n') + 1);
    if (last.startsWith("error: ")) last = last.mid(7);
    m_failure = m_process->error() == QProcess::FailedToStart
                    ? cliPath() + tr(": cannot be started (%1)").arg(m_process->errorString())
                    : last.isEmpty() ? tr("the model's process ended (exit %1)").arg(m_process->exitCode()) : last;
    m_ready = false;
    m_watchdog.stop();
    m_inFlight.reset();
    m_waiting.reset();
    Q_EMIT failed(m_failure);
}

}  // namespace corevla::ui
