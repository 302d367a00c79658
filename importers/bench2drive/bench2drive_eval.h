// SPDX-License-Identifier: MIT
// Bench2Drive closed-loop results (the --checkpoint JSON, formats.md 2.1):
// one recording per route record, with its scores and infractions, and the
// frames the agent saved when a folder named after the record's save_name
// lies under the results file's folder (Bench2Drive-VL layout
// <dir>/<MODEL>+<input>/<save_name>/{anno,camera}/).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "importers/importer.h"

namespace corevla::importers {

class Bench2DriveEvalImporter : public Importer {
public:
    const char* name() const override { return "bench2drive_eval"; }
    // A .json file whose first KBs show a "_checkpoint" key.
    bool recognises(const std::filesystem::path& path) const override;

protected:
    ImportResult readPath(const std::filesystem::path& path, const ImportOptions& options) const override;
};

// read() on the file's text, already in memory (also what the fuzzer feeds):
// path names the file in issues, and saved-frame folders are looked for
// beside it.
ImportResult readBench2DriveResults(const std::filesystem::path& path, std::string text,
                                    const ImportOptions& options);

// The saved-frame folders read(resultsJson) takes its frames from. The import
// runner must not import these again as plain Bench2Drive clips.
std::vector<std::filesystem::path> claimedFolders(const std::filesystem::path& resultsJson);

// Folders named exactly like one of names (and holding anno/*.json.gz) at most
// maxDepth levels below dir, sorted; clip folders are not searched inside.
std::map<std::string, std::vector<std::filesystem::path>> findSavedFrameFolders(
    const std::filesystem::path& dir, const std::vector<std::string>& names, int maxDepth = 4);

// x, y, z of "... at (x=325.112, y=-18.004, z=0.031)"; nullopt without one.
std::optional<std::array<double, 3>> parseInfractionLocation(std::string_view text);

// Sets frame and t of every event with a location to the frame whose ego
// (x, y) is nearest; events without one stay at frame -1, t -1.
void alignEventsToFrames(std::vector<Event>& events, const std::vector<Frame>& frames);

}  // namespace corevla::importers
