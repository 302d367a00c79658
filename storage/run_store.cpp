// SPDX-License-Identifier: MIT
#include "storage/run_store.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "storage/project.h"
#include "storage/query.h"

namespace corevla {
namespace {

constexpr const char* kRunColumns =
    "id, kind, status, config, folder, snapshot_hash, pair_ids, examples, coalesce(base_model_id, 0), "
    "coalesce(output_model_id, 0), coalesce(rerun_of, 0), device, error, stderr_tail, owner_host, owner_pid, "
    "started_at, heartbeat_at, duration_s";

std::string joinIds(const std::vector<std::int64_t>& ids) {
    std::string text;
    for (std::int64_t id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
    return text;
}

std::vector<std::int64_t> splitIds(const std::string& text) {
    std::vector<std::int64_t> ids;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');)
        if (!part.empty()) ids.push_back(std::atoll(part.c_str()));
    return ids;
}

Run readRun(const Statement& q) {
    Run r;
    r.id = q.int64(0);
    r.kind = runKindFromName(q.text(1)).value_or(RunKind::Dpo);
    r.status = runStatusFromName(q.text(2)).value_or(RunStatus::Failed);
    r.config = q.text(3);
    r.folder = q.text(4);
    r.snapshotHash = q.text(5);
    r.pairIds = splitIds(q.text(6));
    r.examples = q.integer(7);
    r.baseModel = q.int64(8);
    r.outputModel = q.int64(9);
    r.rerunOf = q.int64(10);
    r.device = q.text(11);
    r.error = q.text(12);
    r.stderrTail = q.text(13);
    r.ownerHost = q.text(14);
    r.ownerPid = q.int64(15);
    r.startedAt = q.text(16);
    r.heartbeatAt = q.text(17);
    r.durationS = q.real(18);
    return r;
}

// A reference that may be absent, bound as NULL.
void bindRef(Statement& q, int index, std::int64_t id) {
    if (id) q.bind(index, id);
    else q.bindNull(index);
}

constexpr const char* kModelColumns =
    "id, name, backend, location, coalesce(parent_id, 0), coalesce(run_id, 0), note, created_at";

ModelEntry readModel(const Statement& q) {
    ModelEntry m;
    m.id = q.int64(0);
    m.name = q.text(1);
    m.backend = q.text(2);
    m.location = q.text(3);
    m.parent = q.int64(4);
    m.run = q.int64(5);
    m.note = q.text(6);
    m.createdAt = q.text(7);
    return m;
}

}  // namespace

RunStore::RunStore(Project& project) : m_project(project) {}

bool RunStore::fail(const std::string& what) {
    m_error = m_project.path() + ": " + what + ": " + m_project.database().lastError();
    return false;
}

std::string RunStore::thisHost() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "localhost";
    return name;
}

// ---- runs

std::optional<std::int64_t> RunStore::insertRun(const Run& r) {
    Statement q(m_project.database(),
                "INSERT INTO runs (kind, status, config, folder, snapshot_hash, pair_ids, examples, base_model_id, "
                "rerun_of, device, owner_host, owner_pid) VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, "
                "(SELECT id FROM models WHERE id = ?7), (SELECT id FROM runs WHERE id = ?8), ?9, ?10, ?11)");
    q.bind(1, runKindName(r.kind)).bind(2, r.config).bind(3, r.folder).bind(4, r.snapshotHash).bind(5, joinIds(r.pairIds));
    q.bind(6, r.examples);
    bindRef(q, 7, r.baseModel);
    bindRef(q, 8, r.rerunOf);
    q.bind(9, r.device).bind(10, thisHost()).bind(11, std::int64_t(getpid()));
    if (!q.run()) {
        fail("cannot record the run");
        return std::nullopt;
    }
    return m_project.database().lastInsertId();
}

bool RunStore::saveRun(const Run& r) {
    Statement q(m_project.database(),
                "UPDATE runs SET kind = ?2, status = ?3, config = ?4, folder = ?5, snapshot_hash = ?6, pair_ids = ?7, "
                "examples = ?8, base_model_id = (SELECT id FROM models WHERE id = ?9), "
                "output_model_id = (SELECT id FROM models WHERE id = ?10), rerun_of = (SELECT id FROM runs WHERE id = ?11), "
                "device = ?12, error = ?13, "
                "stderr_tail = ?14, duration_s = ?15, heartbeat_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
    q.bind(1, r.id).bind(2, runKindName(r.kind)).bind(3, runStatusName(r.status)).bind(4, r.config).bind(5, r.folder);
    q.bind(6, r.snapshotHash).bind(7, joinIds(r.pairIds)).bind(8, r.examples);
    bindRef(q, 9, r.baseModel);
    bindRef(q, 10, r.outputModel);
    bindRef(q, 11, r.rerunOf);
    q.bind(12, r.device).bind(13, r.error).bind(14, r.stderrTail).bind(15, r.durationS);
    return q.run() || fail("cannot save run " + std::to_string(r.id));
}

bool RunStore::heartbeat(std::int64_t id) {
    Statement q(m_project.database(), "UPDATE runs SET heartbeat_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
    q.bind(1, id);
    return q.run() || fail("cannot update run " + std::to_string(id));
}

std::optional<std::vector<Run>> RunStore::runs() {
    Statement q(m_project.database(), std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY id DESC");
    auto list = selectAll(q, readRun);
    if (!list) fail("cannot read the runs");
    return list;
}

std::optional<Run> RunStore::run(std::int64_t id) {
    Statement q(m_project.database(), std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?1");
    q.bind(1, id);
    bool failed = false;
    auto r = selectOne(q, readRun, &failed);
    if (failed) fail("cannot read run " + std::to_string(id));
    return r;
}

bool RunStore::removeRun(std::int64_t id) {
    Statement q(m_project.database(), "DELETE FROM runs WHERE id = ?1");
    q.bind(1, id);
    return q.run() || fail("cannot delete run " + std::to_string(id));
}

bool RunStore::addMetrics(std::int64_t run, const std::vector<MetricPoint>& points) {
    Database& db = m_project.database();
    Transaction tx(db);
    if (!tx.ok()) return fail("cannot store metrics");
    Statement q(db, "INSERT OR REPLACE INTO run_metrics (run_id, split, name, step, value) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const MetricPoint& p : points) {
        q.reset();
        q.bind(1, run).bind(2, p.split).bind(3, p.name).bind(4, p.step).bind(5, p.value);
        if (!q.run()) return fail("cannot store metrics of run " + std::to_string(run));
    }
    return tx.commit() || fail("cannot store metrics of run " + std::to_string(run));
}

std::optional<std::vector<MetricPoint>> RunStore::metrics(std::int64_t run) {
    Statement q(m_project.database(), "SELECT split, name, step, value FROM run_metrics WHERE run_id = ?1 ORDER BY split, name, step");
    q.bind(1, run);
    auto list = selectAll(q, [](const Statement& s) { return MetricPoint{s.text(0), s.text(1), s.integer(2), s.real(3)}; });
    if (!list) fail("cannot read the metrics of run " + std::to_string(run));
    return list;
}

std::optional<double> RunStore::lastMetric(std::int64_t run, const std::string& split, const std::string& name) {
    Statement q(m_project.database(), "SELECT value FROM run_metrics WHERE run_id = ?1 AND split = ?2 AND name = ?3 ORDER BY step DESC LIMIT 1");
    q.bind(1, run).bind(2, split).bind(3, name);
    if (q.step()) return q.real(0);
    if (q.failed()) fail("cannot read the metrics of run " + std::to_string(run));
    return std::nullopt;
}

std::optional<int> RunStore::markInterrupted(const std::function<bool(std::int64_t)>& alive, double staleAfterS) {
    Database& db = m_project.database();
    Transaction tx(db);
    if (!tx.ok()) {
        fail("cannot check the running runs");
        return std::nullopt;
    }
    Statement q(db, "SELECT id, owner_host, owner_pid, (julianday('now') - julianday(heartbeat_at)) * 86400.0 "
                    "FROM runs WHERE status = 'running'");
    struct Owner {
        std::int64_t id;
        std::string host;
        std::int64_t pid;
        double silentS;
    };
    const auto running = selectAll(q, [](const Statement& s) { return Owner{s.int64(0), s.text(1), s.int64(2), s.real(3)}; });
    if (!running) {
        fail("cannot check the running runs");
        return std::nullopt;
    }
    const std::string host = thisHost();
    int marked = 0;
    Statement update(db, "UPDATE runs SET status = 'interrupted', error = ?2 WHERE id = ?1 AND status = 'running'");
    for (const Owner& o : *running) {
        std::string why;
        if (o.host == host && !alive(o.pid)) why = "the program that ran it (pid " + std::to_string(o.pid) + ") ended before it did";
        else if (o.silentS > staleAfterS) why = "no sign of life from " + o.host + " for " + std::to_string(int(o.silentS)) + " s";
        if (why.empty()) continue;
        update.reset();
        update.bind(1, o.id).bind(2, why);
        if (!update.run()) {
            fail("cannot mark run " + std::to_string(o.id) + " interrupted");
            return std::nullopt;
        }
        ++marked;
    }
    if (!tx.commit()) {
        fail("cannot mark runs interrupted");
        return std::nullopt;
    }
    return marked;
}

// ---- the model registry

std::optional<std::int64_t> RunStore::insertModel(const ModelEntry& m) {
    Statement q(m_project.database(), "INSERT INTO models (name, backend, location, parent_id, run_id, note) VALUES (?1, ?2, ?3, "
                                      "(SELECT id FROM models WHERE id = ?4), (SELECT id FROM runs WHERE id = ?5), ?6)");
    q.bind(1, m.name).bind(2, m.backend).bind(3, m.location);
    bindRef(q, 4, m.parent);
    bindRef(q, 5, m.run);
    q.bind(6, m.note);
    if (!q.run()) {
        fail("cannot register model " + m.name);
        return std::nullopt;
    }
    return m_project.database().lastInsertId();
}

std::optional<std::int64_t> RunStore::registerOutput(Run& run, const std::string& name, const std::string& location) {
    ModelEntry m;
    m.name = name;
    m.location = location;
    m.parent = run.baseModel;
    m.run = run.id;
    const auto id = insertModel(m);
    if (id) run.outputModel = *id;
    return id;
}

bool RunStore::saveModel(const ModelEntry& m) {
    Statement q(m_project.database(), "UPDATE models SET name = ?2, note = ?3, location = ?4 WHERE id = ?1");
    q.bind(1, m.id).bind(2, m.name).bind(3, m.note).bind(4, m.location);
    return q.run() || fail("cannot save model " + std::to_string(m.id));
}

std::optional<std::vector<ModelEntry>> RunStore::models() {
    Statement q(m_project.database(), std::string("SELECT ") + kModelColumns + " FROM models ORDER BY id");
    auto list = selectAll(q, readModel);
    if (!list) fail("cannot read the models");
    return list;
}

std::optional<ModelEntry> RunStore::model(std::int64_t id) {
    Statement q(m_project.database(), std::string("SELECT ") + kModelColumns + " FROM models WHERE id = ?1");
    q.bind(1, id);
    bool failed = false;
    auto m = selectOne(q, readModel, &failed);
    if (failed) fail("cannot read model " + std::to_string(id));
    return m;
}

bool RunStore::removeModel(std::int64_t id) {
    Statement q(m_project.database(), "DELETE FROM models WHERE id = ?1");
    q.bind(1, id);
    return q.run() || fail("cannot delete model " + std::to_string(id));
}

std::optional<RunStore::Dependents> RunStore::dependents(std::int64_t model) {
    Statement q(m_project.database(),
                "SELECT (SELECT count(*) FROM runs WHERE base_model_id = ?1 OR output_model_id = ?1), "
                "(SELECT count(*) FROM models WHERE parent_id = ?1)");
    q.bind(1, model);
    bool failed = false;
    auto d = selectOne(q, [](const Statement& s) { return Dependents{s.integer(0), s.integer(1)}; }, &failed);
    if (!d) fail("cannot count what depends on model " + std::to_string(model));
    return d;
}

}  // namespace corevla
