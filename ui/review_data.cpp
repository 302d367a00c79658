// SPDX-License-Identifier: MIT
#include "ui/review_data.h"

#include <set>

#include "dataset/pair_drafter.h"
#include "storage/annotation_store.h"
#include "storage/project.h"

namespace corevla::ui {

void ReviewData::setProject(Project* project) {
    m_project = project;
    m_pairs.clear();
    m_segments.clear();
    m_names.clear();
    m_recordings.clear();
}

bool ReviewData::reload() {
    if (!m_project) return false;
    AnnotationStore store(*m_project);
    auto pairs = store.pairs();
    auto segments = pairs ? store.segments() : std::nullopt;
    auto summaries = segments ? m_project->recordings() : std::nullopt;
    if (!summaries) {
        m_error = !segments ? store.lastError() : m_project->lastError();
        return false;
    }
    m_pairs = std::move(*pairs);
    m_segments.clear();
    for (Segment& s : *segments) m_segments.emplace(s.id, std::move(s));
    m_names.clear();
    for (const RecordingSummary& r : *summaries) m_names.emplace(r.id, r.name);
    m_recordings.clear();  // a re-import may have changed them
    return true;
}

const Segment* ReviewData::segment(std::int64_t id) const {
    const auto it = m_segments.find(id);
    return it == m_segments.end() ? nullptr : &it->second;
}

std::string ReviewData::recordingName(std::int64_t id) const {
    const auto it = m_names.find(id);
    return it == m_names.end() ? std::string() : it->second;
}

const Recording* ReviewData::recording(std::int64_t id) {
    if (!id || !m_project) return nullptr;
    auto& slot = m_recordings[id];
    if (!slot) {
        auto loaded = m_project->load(id);
        if (!loaded) {
            m_error = m_project->lastError();
            m_recordings.erase(id);
            return nullptr;
        }
        slot = std::make_unique<Recording>(std::move(*loaded));
    }
    return slot.get();
}

std::map<std::int64_t, std::vector<dataset::LintIssue>> ReviewData::lint(const std::vector<PreferencePair>& pairs) {
    return dataset::lintPairs(pairs, [this](const PreferencePair& p) {
        return dataset::LintContext{segment(p.segment), recording(p.recording)};
    });
}

std::optional<int> ReviewData::draftMissing(const std::string& author,
                                            const std::function<std::string(std::int64_t)>& camera) {
    if (!m_project) return std::nullopt;
    AnnotationStore store(*m_project);
    const auto segments = store.segments();
    const auto pairs = segments ? store.pairs() : std::nullopt;
    if (!pairs) {
        m_error = store.lastError();
        return std::nullopt;
    }
    std::set<std::int64_t> paired;
    for (const PreferencePair& p : *pairs) paired.insert(p.segment);
    int drafted = 0;
    for (const Segment& s : *segments) {
        if (paired.count(s.id) || s.detached) continue;
        const Recording* r = recording(s.recording);
        if (!r) return std::nullopt;
        dataset::DraftOptions options;
        options.author = author;
        options.camera = camera ? camera(s.recording) : std::string();
        if (!store.insertPair(dataset::draftPair(*r, s, options))) {
            m_error = store.lastError();
            return std::nullopt;
        }
        ++drafted;
    }
    return drafted;
}

}  // namespace corevla::ui
