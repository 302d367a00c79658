// SPDX-License-Identifier: MIT
#include <cstdio>
#include <map>

#include "commands.h"
#include "dataset/annotation_json.h"
#include "dataset/pair_drafter.h"
#include "dataset/pair_lint.h"
#include "importers/common/meta_action.h"
#include "storage/annotation_store.h"
#include "storage/project.h"

namespace corevla::cli {
namespace {

constexpr int kStaleVersion = 3;

// pairs draft: a pair for every segment that has none.
int draft(Project& project, const Args& args) {
    AnnotationStore store(project);
    const auto segments = store.segments(args.integer("recording").value_or(0));
    const auto pairs = store.pairs();
    if (!segments || !pairs) return fail(store.lastError());
    std::map<std::int64_t, int> perSegment;
    for (const PreferencePair& p : *pairs) ++perSegment[p.segment];
    dataset::DraftOptions options;
    options.author = whoAmI(args, "author");
    std::map<std::int64_t, Recording> recordings;
    JsonWriter json;
    json.beginObject().key("pairs").beginArray();
    int drafted = 0;
    for (const Segment& s : *segments) {
        if (perSegment.count(s.id)) continue;
        if (!recordings.count(s.recording)) {
            auto r = project.load(s.recording);
            if (!r) return fail(project.lastError());
            recordings.emplace(s.recording, std::move(*r));
        }
        PreferencePair p = dataset::draftPair(recordings.at(s.recording), s, options);
        const auto id = store.insertPair(p);
        if (!id) return fail(store.lastError());
        p.id = *id;
        ++drafted;
        dataset::LintContext context{&s, &recordings.at(s.recording)};
        dataset::writePair(json, p, dataset::lintPair(p, context));
        if (!args.flag("json"))
            std::printf("pair %lld for segment %lld: chosen %s, %s; rejected %s, %s\n", (long long)p.id, (long long)s.id,
                        p.chosenAction.direction.c_str(), p.chosenAction.speed.c_str(), p.rejectedAction.direction.c_str(),
                        p.rejectedAction.speed.c_str());
    }
    json.endArray().endObject();
    if (args.flag("json")) std::printf("%s\n", json.str().c_str());
    else std::printf("drafted %d pair(s); %zu segment(s) already had one\n", drafted, perSegment.size());
    return 0;
}

int list(Project& project, const Args& args) {
    AnnotationStore store(project);
    PairFilter filter;
    if (const auto status = args.value("status")) {
        filter.status = pairStatusFromName(*status);
        if (!filter.status) return usageError("--status is one of draft, needs-review, approved, rejected");
    }
    filter.recording = args.integer("recording").value_or(0);
    const auto pairs = store.pairs(filter);
    if (!pairs) return fail(store.lastError());
    const auto lint = dataset::lintPairs(project, *pairs);
    if (!lint) return fail(project.lastError());
    if (args.flag("json")) {
        JsonWriter json;
        json.beginObject().key("pairs").beginArray();
        for (const PreferencePair& p : *pairs) dataset::writePair(json, p, lint->at(p.id));
        json.endArray().endObject();
        std::printf("%s\n", json.str().c_str());
        return 0;
    }
    for (const PreferencePair& p : *pairs) {
        std::printf("%5lld  v%-3d %-12s segment %-5lld chosen %s, %s | rejected %s, %s\n", (long long)p.id, p.version,
                    pairStatusName(p.status), (long long)p.segment, p.chosenAction.direction.c_str(),
                    p.chosenAction.speed.c_str(), p.rejectedAction.direction.c_str(), p.rejectedAction.speed.c_str());
        for (const auto& issue : lint->at(p.id)) std::printf("         lint %s: %s\n", issue.code.c_str(), issue.message.c_str());
    }
    std::printf("%zu pair(s)\n", pairs->size());
    return 0;
}

// pairs set: one change, checked against the version the caller read.
int set(Project& project, const Args& args) {
    const auto id = args.integer("id");
    const auto version = args.integer("version");
    if (!id || !version) return usageError("pairs set needs --id N --version V");
    AnnotationStore store(project);
    auto pair = store.pair(*id);
    if (!pair) return fail(store.lastError());
    if (pair->version != *version) {
        std::fprintf(stderr, "error: pair %lld is at version %d, not %lld: someone saved it since you read it; nothing changed\n",
                     (long long)*id, pair->version, *version);
        return kStaleVersion;
    }
    if (const auto status = args.value("status")) {
        const auto s = pairStatusFromName(*status);
        if (!s) return usageError("--status is one of draft, needs-review, approved, rejected");
        pair->status = *s;
        if (*s == PairStatus::Approved || *s == PairStatus::Rejected) pair->reviewer = whoAmI(args, "reviewer");
    } else if (const auto reviewer = args.value("reviewer")) {
        pair->reviewer = *reviewer;
    }
    if (const auto chosen = args.value("chosen")) {
        pair->chosen = *chosen;
        const MetaAction said = importers::parseMetaAction(*chosen, {});
        if (!said.speed.empty()) pair->chosenAction.speed = said.speed;  // the chips follow what the text says
        if (!said.direction.empty()) pair->chosenAction.direction = said.direction;
    }
    const auto saved = store.savePair(*pair);
    if (saved.outcome == SaveOutcome::Conflict) {
        std::fprintf(stderr, "error: pair %lld was saved by someone else meanwhile (now version %d, you had %lld); "
                     "nothing changed\n", (long long)*id, saved.current->version, *version);
        return kStaleVersion;
    }
    if (!saved.ok()) return fail(store.lastError());
    std::printf("pair %lld: %s, version %d\n", (long long)*id, pairStatusName(saved.current->status), saved.current->version);
    return 0;
}

}  // namespace

int runPairs(const Args& args) {
    const auto& what = args.positional();
    const auto projectPath = args.value("project");
    if (what.size() != 1 || !projectPath) return usageError("pairs needs: draft|list|set --project P ... (see corevla --help)");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    if (what[0] == "draft") return draft(project, args);
    if (what[0] == "list") return list(project, args);
    if (what[0] == "set") return set(project, args);
    return usageError("unknown pairs command '" + what[0] + "' (draft, list, set)");
}

}  // namespace corevla::cli
