// SPDX-License-Identifier: MIT
// corevla compare: several models on the same decisions of a project's
// pairs, with the paper's open-loop metrics per decision, per model and per
// category: meta-action agreement with the chosen answer, BLEU-4, ROUGE-1
// and ROUGE-L against its text (trainer/text_metrics.h).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <unistd.h>

#include "../commands.h"
#include "dataset/export_dataset.h"
#include "storage/annotation_store.h"
#include "storage/json_writer.h"
#include "storage/project.h"
#include "storage/run_store.h"
#include "trainer/decision_eval.h"

namespace corevla::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "compare needs --project P --model A [--model B ...] [--on takeovers|pairs|all] [--status S|any] [--author NAME] [--json] [--csv F] "
    "(a model: a registered model's name or id, or a checkpoint folder)";

struct Decision {
    std::int64_t pair = 0, recording = 0;
    int frame = -1;
    std::string category;
    MetaAction reference;  // read from the chosen text, as the trainer reads it
    bool scored = false;   // the chosen text states a decision
};

struct Totals {
    int n = 0, agreed = 0;
    double bleu4 = 0, rouge1 = 0, rougeL = 0;
    void add(const trainer::DecisionScore& d) {
        ++n, agreed += d.agreed(), bleu4 += d.bleu4, rouge1 += d.rouge1, rougeL += d.rougeL;
    }
    double agreement() const { return n ? double(agreed) / n : 0; }
    double mean(double sum) const { return n ? sum / n : 0; }
};

struct ModelResult {
    std::string name;
    std::vector<trainer::DecisionScore> scores;  // by decision
    Totals all;
    std::map<std::string, Totals> byCategory;
};

// A registered model by name or id, else a checkpoint folder.
std::optional<std::pair<std::string, fs::path>> resolveModel(RunStore& runs, const std::string& spec) {
    if (const auto models = runs.models())
        for (const ModelEntry& m : *models)
            if (m.backend == "native" && (m.name == spec || std::to_string(m.id) == spec)) return std::pair{m.name, fs::path(m.location)};
    if (fs::exists(fs::path(spec) / "checkpoint.json")) return std::pair{fs::path(spec).filename().string(), fs::path(spec)};
    return std::nullopt;
}

std::string actionName(const MetaAction& a) { return a.direction + ", " + a.speed; }

void writeTotals(JsonWriter& w, const Totals& t) {
    w.key("agreement").number(t.agreement()).key("bleu4").number(t.mean(t.bleu4)).key("rouge1").number(t.mean(t.rouge1));
    w.key("rouge_l").number(t.mean(t.rougeL)).key("n").integer(t.n);
}

void writeJson(const std::vector<Decision>& decisions, const std::vector<ModelResult>& results) {
    JsonWriter w;
    w.beginObject().key("models").beginObject();
    for (const ModelResult& m : results) {
        w.key(m.name).beginObject();
        writeTotals(w, m.all);
        w.key("by_category").beginObject();
        for (const auto& [category, t] : m.byCategory) {
            w.key(category).beginObject();
            writeTotals(w, t);
            w.endObject();
        }
        w.endObject().endObject();
    }
    w.endObject().key("decisions").beginArray();
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        const Decision& d = decisions[i];
        if (!d.scored) continue;
        w.beginObject().key("pair").integer(d.pair).key("recording").integer(d.recording).key("frame").integer(d.frame);
        w.key("category").str(d.category).key("reference").str(actionName(d.reference)).key("models").beginObject();
        for (const ModelResult& m : results) {
            const trainer::DecisionScore& s = m.scores[i];
            w.key(m.name).beginObject().key("action").str(actionName(s.got)).key("agrees").boolean(s.agreed());
            w.key("bleu4").number(s.bleu4).key("rouge1").number(s.rouge1).key("rouge_l").number(s.rougeL).key("answer").str(s.answer);
            w.endObject();
        }
        w.endObject().endObject();
    }
    std::printf("%s\n", w.endArray().endObject().take().c_str());
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

bool writeCsv(const fs::path& path, const std::vector<Decision>& decisions, const std::vector<ModelResult>& results) {
    std::ofstream out(path, std::ios::binary);
    out << "pair,recording,frame,category,reference,model,action,agrees,bleu4,rouge1,rouge_l,answer\n";
    for (std::size_t i = 0; i < decisions.size(); ++i)
        for (const ModelResult& m : results) {
            const Decision& d = decisions[i];
            if (!d.scored) continue;
            const trainer::DecisionScore& s = m.scores[i];
            out << d.pair << ',' << d.recording << ',' << d.frame << ',' << csvField(d.category) << ',' << csvField(actionName(d.reference))
                << ',' << csvField(m.name) << ',' << csvField(actionName(s.got)) << ',' << (s.agreed() ? 1 : 0) << ',' << s.bleu4 << ','
                << s.rouge1 << ',' << s.rougeL << ',' << csvField(s.answer) << '\n';
        }
    return bool(out.flush());
}

void writeTable(const std::vector<ModelResult>& results) {
    std::printf("%-24s %-28s %14s %8s %8s %8s\n", "model", "category", "agreement", "BLEU-4", "ROUGE-1", "ROUGE-L");
    for (const ModelResult& m : results) {
        const auto row = [&](const std::string& category, const Totals& t) {
            std::printf("%-24.24s %-28.28s %7.1f%% (%3d) %8.2f %8.2f %8.2f\n", m.name.c_str(), category.c_str(), 100 * t.agreement(), t.n,
                        t.mean(t.bleu4), t.mean(t.rouge1), t.mean(t.rougeL));
        };
        row("all", m.all);
        for (const auto& [category, t] : m.byCategory) row(category, t);
    }
}

// The decisions: the pairs chosen, sorted by id as the export writes them.
std::optional<std::vector<PreferencePair>> choosePairs(Project& project, const std::string& on, const std::string& status,
                                                       const std::string& author, std::map<std::int64_t, Segment>& segments,
                                                       std::string* error) {
    AnnotationStore store(project);
    PairFilter filter;
    filter.author = author;
    if (on != "all" && status != "any") {
        filter.status = pairStatusFromName(status);
        if (!filter.status) return *error = "--status is one of draft, needs-review, approved, rejected, any", std::nullopt;
    }
    auto pairs = store.pairs(filter);
    const auto list = store.segments();
    if (!pairs || !list) return *error = store.lastError(), std::nullopt;
    for (const Segment& s : *list) segments[s.id] = s;
    std::vector<PreferencePair> chosen;
    for (PreferencePair& p : *pairs) {
        if (p.chosenAction.speed.empty() || p.chosenAction.direction.empty()) continue;  // nothing to agree with
        const auto seg = segments.find(p.segment);
        if (on == "takeovers" && (seg == segments.end() || seg->second.kind != SegmentKind::Takeover)) continue;
        chosen.push_back(std::move(p));
    }
    std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return chosen;
}

}  // namespace

int runCompare(const Args& args) {
    const auto projectPath = args.value("project");
    const std::vector<std::string> specs = args.values("model");
    const std::string on = args.value("on", "takeovers");
    if (!projectPath || specs.empty()) return usageError(kUsage);
    if (on != "takeovers" && on != "pairs" && on != "all") return usageError("--on is takeovers, pairs or all");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    RunStore runs(project);
    std::vector<std::pair<std::string, fs::path>> models;
    for (const std::string& spec : specs) {
        auto m = resolveModel(runs, spec);
        if (!m) return fail("model \"" + spec + "\": neither a registered model of " + *projectPath + " nor a checkpoint folder");
        models.push_back(std::move(*m));
    }

    std::string error;
    std::map<std::int64_t, Segment> segments;
    const auto pairs = choosePairs(project, on, args.value("status", "approved"), args.value("author", ""), segments, &error);
    if (!pairs) return error.starts_with("--") ? usageError(error) : fail(error);
    if (pairs->empty()) return fail("no " + std::string(on == "takeovers" ? "takeover " : "") + "pair with a decision to compare on in " + *projectPath);
    std::map<std::int64_t, std::string> scenarios;
    if (const auto recordings = project.recordings())
        for (const auto& r : *recordings) scenarios[r.id] = r.scenario;
    std::vector<Decision> decisions;
    for (const PreferencePair& p : *pairs) {
        const auto seg = segments.find(p.segment);
        std::string category = seg != segments.end() ? seg->second.category : "";
        if (category.empty()) category = scenarios.contains(p.recording) ? scenarios[p.recording] : "";
        decisions.push_back({p.id, p.recording, p.decisionFrame, category.empty() ? "(none)" : category, p.chosenAction});
    }

    // The questions, images and chosen answers as the trainer reads them.
    const fs::path folder = fs::temp_directory_path() / ("corevla-compare-" + std::to_string(getpid()));
    dataset::ExportOptions e;
    e.format = dataset::ExportFormat::LlamaFactorySft;
    e.out = folder;
    e.maxWidth = 256;
    const dataset::ExportResult exported = dataset::exportPairs(project, *pairs, e);
    struct Cleanup {
        fs::path dir;
        ~Cleanup() { std::error_code ec; fs::remove_all(dir, ec); }
    } cleanup{folder};
    if (!exported.ok) return fail(exported.errors.empty() ? "the decisions could not be exported" : exported.errors.front());

    std::vector<ModelResult> results;
    for (const auto& [name, path] : models) {
        std::fprintf(stderr, "compare: %s on %zu decision(s)\n", name.c_str(), decisions.size());
        model::GeneratorOptions options;
        options.device = args.value("device", "cpu");
        auto generator = model::Generator::load(path, options, &error);
        if (!generator) return fail(name + ": " + error);
        ModelResult r;
        r.name = name;
        for (int k = 2; std::any_of(results.begin(), results.end(), [&](const auto& o) { return o.name == r.name; }); ++k)
            r.name = name + " (" + std::to_string(k) + ")";
        r.scores.resize(decisions.size());
        const auto scores = trainer::scoreDecisions(*generator, folder, &error, [&](const trainer::DecisionScore& d) {
            if (std::size_t(d.index) >= r.scores.size()) return;
            r.scores[std::size_t(d.index)] = d;
            decisions[std::size_t(d.index)].scored = true;
            decisions[std::size_t(d.index)].reference = d.expected;
        });
        if (!scores) return fail(name + ": " + error);
        for (std::size_t i = 0; i < decisions.size(); ++i) {
            if (!decisions[i].scored) continue;
            r.all.add(r.scores[i]);
            r.byCategory[decisions[i].category].add(r.scores[i]);
        }
        results.push_back(std::move(r));
    }
    if (const auto csv = args.value("csv"); csv && !writeCsv(*csv, decisions, results)) return fail(*csv + ": cannot be written");
    if (args.flag("json")) writeJson(decisions, results);
    else writeTable(results);
    return 0;
}

}  // namespace corevla::cli
