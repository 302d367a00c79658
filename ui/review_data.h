// SPDX-License-Identifier: MIT
// The project side of the review queue: the pairs, their segments and
// recordings' names read on each reload; recordings loaded once on first
// use and kept until the next reload (opening the next pair never reads a
// recording twice); lint over the set; drafting pairs for segments that
// have none. Plain C++ (no Qt); errors are values (lastError()).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataset/pair_lint.h"
#include "storage/annotation.h"
#include "storage/types.h"

namespace corevla {
class Project;
}

namespace corevla::ui {

class ReviewData {
public:
    void setProject(Project* project);  // nullptr: none; drops everything read
    Project* project() const { return m_project; }
    const std::string& lastError() const { return m_error; }

    bool reload();
    const std::vector<PreferencePair>& pairs() const { return m_pairs; }
    const Segment* segment(std::int64_t id) const;
    std::string recordingName(std::int64_t id) const;
    // Loaded on first use; nullptr when it cannot be read (lastError()).
    const Recording* recording(std::int64_t id);

    // Every pair's issues, duplicates among them included.
    std::map<std::int64_t, std::vector<dataset::LintIssue>> lint(const std::vector<PreferencePair>& pairs);

    // Drafts a pair for every segment without one: the driver's action as
    // chosen, the model's decision as rejected. camera(recording): the camera
    // chosen for that recording (empty: its front camera). Returns how many.
    std::optional<int> draftMissing(const std::string& author,
                                    const std::function<std::string(std::int64_t recording)>& camera);

private:
    Project* m_project = nullptr;
    std::string m_error;
    std::vector<PreferencePair> m_pairs;
    std::map<std::int64_t, Segment> m_segments;
    std::map<std::int64_t, std::string> m_names;
    std::map<std::int64_t, std::unique_ptr<Recording>> m_recordings;
};

}  // namespace corevla::ui
