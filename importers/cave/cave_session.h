// SPDX-License-Identifier: MIT
// Reader of CAVE driving-simulator sessions (docs/cave-session.md): a folder
// with session.json, log.jsonl and one video per camera (plus an optional
// attention heat-map video).
//
// A camera video that is missing or does not decode is an error naming the
// file, but the session is still imported with that camera kept and every
// frame marking it missing: the analyst still wants the log (takeovers,
// decisions), and the error makes the CLI exit non-zero.
#pragma once

#include <optional>
#include <string_view>

#include "importers/importer.h"

namespace corevla::importers {

class CaveSessionImporter final : public Importer {
public:
    const char* name() const override { return "cave_session"; }
    // A folder (or its session.json) whose session.json says "cave-session".
    bool recognises(const std::filesystem::path& path) const override;

protected:
    ImportResult readPath(const std::filesystem::path& path, const ImportOptions& options) const override;
};

// What session.json says, before any file it names is looked at.
struct CaveVideo {
    std::string name, file;
    double fovDeg = 0;
    bool attention = false;
};
struct CaveSessionInfo {
    std::optional<std::string> sessionId;  // absent: the folder's name is used
    std::string scenario, town, weather;
    std::optional<double> controlHz;
    std::string metadataJson;              // the keys that are not fields or cameras
    std::vector<CaveVideo> videos;         // cameras in order, the attention video last
};

// The session.json part on its own (also what the fuzzer feeds): parses the
// file's text. Returns false, with an error issue naming sessionFile, when the
// session must not be imported (malformed, not "cave-session", newer major
// version); problems with single cameras are issues but not failures.
bool parseCaveSession(std::string_view text, const std::string& sessionFile, CaveSessionInfo& info,
                      ImportResult& result);

// The log part on its own (tests, benchmarks): parses log.jsonl text into
// frames, decisions and events of `recording`, reporting problems as
// "<logName>:<line>" issues. `text` must be followed by
// simdjson::SIMDJSON_PADDING readable bytes.
void parseCaveLog(std::string_view text, const std::string& logName, Recording& recording,
                  ImportResult& result, const ImportOptions& options);

}  // namespace corevla::importers
