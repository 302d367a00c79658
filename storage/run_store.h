// SPDX-License-Identifier: MIT
// Runs, their metric series and the model registry in the project database.
// Each call is one statement or one transaction; errors are values and
// lastError() names the project file. A reference to a model or run that is
// gone by the time of a save (a model forgotten mid-run) is stored as none.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/run.h"

namespace corevla {

class Project;

class RunStore {
public:
    explicit RunStore(Project& project);
    const std::string& lastError() const { return m_error; }

    // --- runs
    // Inserts as running, owned by this process on this host.
    std::optional<std::int64_t> insertRun(const Run& run);
    bool saveRun(const Run& run);  // every field but id, owner and start
    bool heartbeat(std::int64_t id);
    std::optional<std::vector<Run>> runs();  // newest first
    std::optional<Run> run(std::int64_t id);
    bool removeRun(std::int64_t id);  // and its metrics; its model stays registered

    bool addMetrics(std::int64_t run, const std::vector<MetricPoint>& points);  // one transaction
    std::optional<std::vector<MetricPoint>> metrics(std::int64_t run);  // by split, name, step
    std::optional<double> lastMetric(std::int64_t run, const std::string& split, const std::string& name);  // at its last step

    // Runs left "running" by a process that is gone: on this host, an owner
    // pid that `alive` says is dead; anywhere, a heartbeat older than
    // staleAfterS. They become interrupted; returns how many.
    std::optional<int> markInterrupted(const std::function<bool(std::int64_t pid)>& alive, double staleAfterS);

    // --- the model registry
    std::optional<std::int64_t> insertModel(const ModelEntry& model);
    // The model a run made (refined from the run's base model), registered
    // and set as the run's output; the run itself is saved by the caller.
    std::optional<std::int64_t> registerOutput(Run& run, const std::string& name, const std::string& location);
    bool saveModel(const ModelEntry& model);  // name, note, location
    std::optional<std::vector<ModelEntry>> models();  // oldest first
    std::optional<ModelEntry> model(std::int64_t id);
    bool removeModel(std::int64_t id);
    // Runs that start from the model or made it, and models refined from it.
    struct Dependents {
        int runs = 0, models = 0;
        bool any() const { return runs + models > 0; }
    };
    std::optional<Dependents> dependents(std::int64_t model);

    static std::string thisHost();

private:
    bool fail(const std::string& what);

    Project& m_project;
    std::string m_error;
};

}  // namespace corevla
