// SPDX-License-Identifier: MIT
// One interface for every recording format. An importer reads files into the
// core types and reports structured warnings and errors; it never touches the
// project database and never opens a dialog.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "storage/progress.h"
#include "storage/types.h"

namespace corevla::importers {

struct Issue {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    std::string file;     // the file (or folder) at fault, as the user gave it
    std::string message;  // what is wrong, without the file name
    std::string text() const { return file + ": " + message; }
};

// Decisions read from files of their own (Bench2Drive-VL outputs) that belong
// to a recording identified by name (the evaluation's save_name).
struct DecisionAttachment {
    SourceKind targetSource = SourceKind::Bench2DriveEval;
    std::string targetName;
    std::string origin;  // the folder they came from
    std::vector<Decision> decisions;
};

// True when any issue is an error (not only warnings).
bool hasErrors(const std::vector<Issue>& issues);

struct ImportOptions {
    std::filesystem::path mediaDir;  // where archives are unpacked
    ProgressFn progress;             // may be empty
    const CancelToken* cancel = nullptr;
    int threads = 0;                 // 0: all cores
    bool hashMedia = true;           // content hashes of every media file
};

struct ImportResult {
    std::vector<Recording> recordings;
    std::vector<DecisionAttachment> attachments;
    std::vector<Issue> issues;
    bool cancelled = false;
    bool hasErrors() const;
    void warn(std::string file, std::string message);
    void error(std::string file, std::string message);
};

class Importer {
public:
    virtual ~Importer() = default;
    virtual const char* name() const = 0;
    // A cheap look at the path (no parsing): is this ours?
    virtual bool recognises(const std::filesystem::path& path) const = 0;
    // Reads the path. Never throws: an exception from the format reader (out
    // of memory, an OpenCV or filesystem error) becomes an error naming the
    // path, and nothing of that path is imported.
    ImportResult read(const std::filesystem::path& path, const ImportOptions& options) const;

protected:
    virtual ImportResult readPath(const std::filesystem::path& path, const ImportOptions& options) const = 0;
};

}  // namespace corevla::importers
