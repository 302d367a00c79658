// SPDX-License-Identifier: MIT
#include "dataset/import_pairs.h"

#include <map>

#include "dataset/check_entries.h"
#include "dataset/dataset_file.h"
#include "dataset/prompt_text.h"
#include "importers/common/meta_action.h"
#include "importers/common/parallel.h"
#include "storage/annotation_store.h"
#include "storage/hash.h"
#include "storage/project.h"

namespace corevla::dataset {
namespace fs = std::filesystem;
namespace {

using simdjson::dom::element;

// LLaMA-Factory's default tags, or OpenAI-style turns ({"role", "content"}).
SharegptSpec specFor(element entry) {
    SharegptSpec s;
    s.ranking = true, s.chosen = "chosen", s.rejected = "rejected", s.images = "images";
    element role;
    if (!entry["conversations"].at(0)["role"].get(role)) {
        s.roleTag = "role", s.contentTag = "content", s.userTag = "user", s.assistantTag = "assistant";
    }
    return s;
}

std::string text(simdjson::simdjson_result<element> e) {
    std::string_view v;
    return e.get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}

// The pair of an entry that passed the checks. A pair holds one question:
// a system turn or earlier turns of a conversation have no place in it.
bool pairOf(element entry, const SharegptSpec& s, PreferencePair& p, std::vector<std::string>& images, std::string* why) {
    simdjson::dom::array turns = entry["conversations"].get_array().value_unsafe();
    if (turns.size() != 1) {
        *why = "its prompt has " + std::to_string(turns.size()) + " turns; a pair holds a single question (no system turn, no earlier answers)";
        return false;
    }
    simdjson::dom::array list;
    if (!entry[s.images].get(list))
        for (element path : list)
            if (std::string_view v; !path.get(v)) images.emplace_back(v);
    p.question = questionFromPrompt(text(turns.at(0)[s.contentTag]), images);
    p.chosen = text(entry[s.chosen][s.contentTag]);
    p.rejected = text(entry[s.rejected][s.contentTag]);
    p.chosenAction = importers::parseMetaAction(p.chosen, {});
    p.rejectedAction = importers::parseMetaAction(p.rejected, {});
    return true;
}

bool sameContent(const PreferencePair& a, const PreferencePair& b) {
    if (a.question != b.question || a.chosen != b.chosen || a.rejected != b.rejected || a.images.size() != b.images.size())
        return false;
    for (std::size_t i = 0; i < a.images.size(); ++i)
        if (a.images[i].relPath != b.images[i].relPath || a.images[i].hash != b.images[i].hash) return false;
    return true;
}

}  // namespace

ReadPairs readDpoFile(const fs::path& file, const ImportPairsOptions& options) {
    ReadPairs read;
    std::error_code ec;
    const fs::path absolute = fs::absolute(file, ec).lexically_normal();
    std::vector<CheckProblem> problems;
    EntryContext context{absolute.parent_path(), file.string(), &problems, nullptr};
    std::vector<PreferencePair> pairs;
    std::string error;
    const bool listed = forEachExample(
        file,
        [&](element entry, long index) {
            const std::size_t before = problems.size();
            const SharegptSpec spec = specFor(entry);
            checkSharegptEntry(entry, index, spec, context);
            PreferencePair p;
            std::vector<std::string> images;
            std::string why;
            if (problems.size() == before && !pairOf(entry, spec, p, images, &why)) context.problem(index, why);
            if (problems.size() != before) return;
            for (const std::string& path : images) {
                const fs::path given(path);
                p.images.push_back({(given.is_absolute() ? given : context.dir / given).lexically_normal().string()});
            }
            p.status = options.status;
            p.author = options.author;
            p.source = absolute.string() + "#" + std::to_string(index);
            pairs.push_back(std::move(p));
        },
        [&](long index, const std::string& why) { context.problem(index, why); }, &error);
    if (!listed) read.errors.push_back(file.string() + ": " + error);
    for (const CheckProblem& problem : problems) read.errors.push_back(problem.text());
    if (!read.errors.empty()) return read;

    // Every image referenced like media: its size and content hash.
    std::vector<MediaFile*> images;
    for (PreferencePair& p : pairs)
        for (MediaFile& m : p.images) images.push_back(&m);
    std::vector<std::string> unreadable(images.size());
    importers::parallelFor(images.size(), options.threads, nullptr, [&](std::size_t i, int) {
        std::string why;
        if (const auto digest = hashFile(images[i]->relPath, &why)) images[i]->size = digest->size, images[i]->hash = digest->hash;
        else unreadable[i] = file.string() + ": " + images[i]->relPath + " " + why;
    });
    for (std::string& u : unreadable)
        if (!u.empty()) read.errors.push_back(std::move(u));
    if (read.errors.empty()) read.pairs = std::move(pairs);
    return read;
}

ImportPairsResult importPairs(Project& project, const fs::path& file, const ImportPairsOptions& options) {
    ImportPairsResult result;
    ReadPairs read = readDpoFile(file, options);
    if (!read.errors.empty()) {
        result.errors = std::move(read.errors);
        return result;
    }
    AnnotationStore store(project);
    const auto existing = store.pairs();
    if (!existing) {
        result.errors.push_back(store.lastError());
        return result;
    }
    std::map<std::string, const PreferencePair*> bySource;
    for (const PreferencePair& p : *existing)
        if (!p.source.empty()) bySource[p.source] = &p;
    Transaction tx(project.database());
    for (const PreferencePair& p : read.pairs) {
        if (const auto it = bySource.find(p.source); it != bySource.end() && sameContent(*it->second, p)) {
            ++result.unchanged;
            continue;
        }
        const auto id = tx.ok() ? store.insertPair(p) : std::nullopt;
        if (!id) {
            result.errors.push_back(tx.ok() ? store.lastError() : project.path() + ": " + project.database().lastError());
            result.ids.clear();
            return result;  // rolled back: nothing imported
        }
        result.ids.push_back(*id);
    }
    if (!tx.commit()) {
        result.errors.push_back(project.path() + ": cannot import the pairs: " + project.database().lastError());
        result.ids.clear();
        return result;
    }
    result.ok = true;
    return result;
}

}  // namespace corevla::dataset
