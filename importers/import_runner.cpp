// SPDX-License-Identifier: MIT
#include "importers/import_runner.h"

#include <algorithm>
#include <set>

#include "importers/bench2drive/bench2drive_clip.h"
#include "importers/bench2drive/bench2drive_eval.h"
#include "importers/bench2drive/bench2drive_vl.h"
#include "importers/cave/cave_session.h"

namespace fs = std::filesystem;

namespace corevla::importers {

struct ImportRunner::Importers {
    Bench2DriveEvalImporter eval;
    Bench2DriveClipImporter clip;
    CaveSessionImporter cave;
    Bench2DriveVlImporter vl;
    // Order of precedence when several recognise the same folder, and the
    // order jobs run in.
    std::vector<const Importer*> ordered() const { return {&eval, &cave, &clip, &vl}; }
};

ImportRunner::ImportRunner() : m_importers(std::make_unique<Importers>()) {}
ImportRunner::~ImportRunner() = default;

int ImportReport::count(Project::StoreOutcome outcome) const {
    return static_cast<int>(std::count_if(stored.begin(), stored.end(), [&](const Stored& s) { return s.outcome == outcome; }));
}

bool ImportReport::ok() const {
    return !hasErrors(issues) && !cancelled && count(Project::StoreOutcome::Changed) == 0 &&
           count(Project::StoreOutcome::Failed) == 0;
}

std::vector<ImportJob> ImportRunner::plan(const std::vector<fs::path>& paths, std::vector<Issue>& issues) const {
    const auto importers = m_importers->ordered();
    std::vector<ImportJob> jobs;
    auto claim = [&](const fs::path& p) -> bool {
        for (const Importer* imp : importers) {
            if (imp->recognises(p)) {
                jobs.push_back({imp, p});
                return true;
            }
        }
        return false;
    };
    for (const fs::path& given : paths) {
        std::error_code ec;
        const auto status = fs::status(given, ec);
        if (ec || !fs::exists(status)) {
            issues.push_back({Issue::Severity::Error, given.string(), "does not exist"});
            continue;
        }
        if (!fs::is_directory(status) && !fs::is_regular_file(status)) {
            // A FIFO or device would block or never end when read.
            issues.push_back({Issue::Severity::Error, given.string(), "cannot be read: not a regular file or folder"});
            continue;
        }
        if (!fs::is_directory(status)) {
            if (!claim(given))
                issues.push_back({Issue::Severity::Error, given.string(),
                                  "is not a recording this program reads (expected a Bench2Drive clip folder or "
                                  ".tar.gz, a Bench2Drive results .json, a Bench2Drive-VL output folder or a CAVE session)"});
            continue;
        }
        const std::size_t before = jobs.size();
        if (!claim(given)) {
            fs::recursive_directory_iterator it(given, fs::directory_options::skip_permission_denied, ec), end;
            if (ec) issues.push_back({Issue::Severity::Error, given.string(), "cannot be read: " + ec.message()});
            for (; !ec && it != end; it.increment(ec)) {
                const fs::path p = it->path();
                const bool isDir = it->is_directory(ec);
                if (!isDir && !it->is_regular_file(ec)) continue;  // FIFOs, sockets, devices: never opened
                if (claim(p) && isDir) it.disable_recursion_pending();  // a recording's own folders are not searched
            }
        }
        if (jobs.size() == before)
            issues.push_back({Issue::Severity::Error, given.string(), "contains no recording this program reads"});
    }
    // Saved-frame folders of an evaluation belong to it, not to the clip importer.
    std::set<fs::path> claimed;
    for (const auto& job : jobs)
        if (job.importer == &m_importers->eval)
            for (const auto& folder : claimedFolders(job.path)) claimed.insert(fs::weakly_canonical(folder));
    std::erase_if(jobs, [&](const ImportJob& job) {
        return job.importer == &m_importers->clip && claimed.count(fs::weakly_canonical(job.path));
    });
    std::stable_sort(jobs.begin(), jobs.end(), [&](const ImportJob& a, const ImportJob& b) {
        auto rank = [&](const Importer* imp) { return std::find(importers.begin(), importers.end(), imp) - importers.begin(); };
        return rank(a.importer) < rank(b.importer);
    });
    return jobs;
}

ImportReport ImportRunner::run(Project& project, const std::vector<fs::path>& paths, const ImportOptions& options,
                               bool replaceChanged) const {
    ImportReport report;
    const auto jobs = plan(paths, report.issues);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        if (options.cancel && options.cancel->cancelled()) {
            report.cancelled = true;
            break;
        }
        ImportOptions jobOptions = options;
        if (options.progress) {
            jobOptions.progress = [&, j](double fraction, const std::string& what) {
                options.progress((static_cast<double>(j) + fraction) / static_cast<double>(jobs.size()),
                                 jobs[j].path.filename().string() + ": " + what);
            };
        }
        ImportResult result = jobs[j].importer->read(jobs[j].path, jobOptions);  // never throws
        report.issues.insert(report.issues.end(), result.issues.begin(), result.issues.end());
        if (result.cancelled) {
            report.cancelled = true;
            break;
        }
        for (const Recording& recording : result.recordings) {
            auto stored = project.store(recording, replaceChanged);
            report.stored.push_back({stored.id, recording.name, stored.outcome});
            if (stored.outcome == Project::StoreOutcome::Failed)
                report.issues.push_back({Issue::Severity::Error, recording.root, stored.error});
            const bool kept = stored.outcome == Project::StoreOutcome::Changed;
            for (const auto& change : stored.changes)
                report.issues.push_back(
                    {kept ? Issue::Severity::Error : Issue::Severity::Warning,
                     change.file.empty() ? recording.root : recording.root + "/" + change.file,
                     (change.file.empty() ? recording.name + ": " : std::string()) + change.message +
                         (kept ? "; the stored copy was kept (use --replace to re-import)" : "")});
            if (!stored.note.empty())
                report.issues.push_back({Issue::Severity::Warning, recording.root, recording.name + ": " + stored.note});
        }
        for (const DecisionAttachment& a : result.attachments) {
            const auto id = project.attachDecisions(a.targetSource, a.targetName, "b2dvl", a.decisions);
            if (!id) report.issues.push_back({Issue::Severity::Error, a.origin, project.lastError()});
        }
    }
    if (options.progress && !report.cancelled) options.progress(1.0, "done");
    return report;
}

}  // namespace corevla::importers
