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
#include "storage/project.h"
#include "storage/run_store.h"
#include "compare_report.h"
#include "model_spec.h"
#include "trainer/train_data.h"


namespace corevla::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "compare needs --project P --model A [--model B ...] [--on takeovers|pairs|all] [--status S|any] [--author NAME] [--json] [--csv F] [--html F] "
    "[--api-key-env VAR] [--timeout S]";

// DPO's implicit reward margin of each decision, beta * ((log pi(c) -
// log ref(c)) - (log pi(r) - log ref(r))): how much more the model prefers
// the chosen answer to the rejected one than its reference did.
std::optional<std::vector<double>> rewardMargins(const ModelSpec& spec, const fs::path& dpoFolder, std::string* error) {
    model::GeneratorOptions options;
    options.device = "cpu";
    auto policy = model::Generator::load(spec.checkpoint, options, error);
    auto reference = policy ? model::Generator::load(spec.reference, options, error) : nullptr;
    const auto data = reference ? trainer::readTrainData(dpoFolder, trainer::DataKind::Dpo, error) : std::nullopt;
    if (!data) return std::nullopt;
    std::vector<double> margins;
    const auto framesFor = [&](const trainer::TrainExample& e, const model::Generator& g) -> std::optional<std::vector<model::FrameBytes>> {
        std::vector<model::FrameBytes> frames;
        for (const fs::path& image : e.images) {
            auto frame = model::loadFrame(image, g.config(), error);
            if (!frame) return std::nullopt;
            frames.push_back(std::move(*frame));
        }
        return frames;
    };
    for (const trainer::TrainExample& e : data->examples) {
        const auto mine = framesFor(e, *policy);
        const auto theirs = mine ? framesFor(e, *reference) : std::nullopt;
        if (!theirs) return std::nullopt;
        const auto logRatio = [&](const std::string& answer) {
            return policy->answerLogProb(*mine, e.prompt, answer) - reference->answerLogProb(*theirs, e.prompt, answer);
        };
        margins.push_back(spec.beta * (logRatio(e.chosen) - logRatio(e.rejected)));
    }
    return margins;
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
    if (!projectPath || specs.empty()) return usageError(std::string(kUsage) + " (" + kModelSpecHelp + ")");
    if (on != "takeovers" && on != "pairs" && on != "all") return usageError("--on is takeovers, pairs or all");
    if (const std::string problem = timeoutProblem(args); !problem.empty()) return usageError(problem);
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    RunStore runs(project);
    std::string error;
    const auto resolved = resolveModels(runs, specs, args, &error);
    if (!resolved) return fail(error);
    const std::vector<ModelSpec>& models = *resolved;

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
    const fs::path dpoFolder = folder.string() + "-dpo";  // written when a reward margin is asked for
    struct Cleanup {
        std::vector<fs::path> dirs;
        ~Cleanup() {
            std::error_code ec;
            for (const fs::path& d : dirs) fs::remove_all(d, ec);
        }
    } cleanup{{folder, dpoFolder}};
    if (!exported.ok) return fail(exported.errors.empty() ? "the decisions could not be exported" : exported.errors.front());

    std::vector<ModelResult> results;
    for (const ModelSpec& spec : models) {
        std::fprintf(stderr, "compare: %s on %zu decision(s)\n", spec.name.c_str(), decisions.size());
        model::GeneratorOptions options;
        options.device = args.value("device", "cpu");
        auto backend = makeBackend(spec, options, &error);
        if (!backend) return fail(error);
        ModelResult r;
        r.name = spec.name;
        r.scores.resize(decisions.size());
        const auto scores = trainer::scoreDecisions(*backend, folder, &error, [&](const trainer::DecisionScore& d) {
            if (std::size_t(d.index) >= r.scores.size()) return;
            r.scores[std::size_t(d.index)] = d;
            decisions[std::size_t(d.index)].scored = true;
            decisions[std::size_t(d.index)].reference = d.expected;
        });
        if (!scores) return fail(spec.name + ": " + error);
        if (!spec.reference.empty()) {
            if (!fs::exists(dpoFolder)) {
                e.format = dataset::ExportFormat::LlamaFactoryDpo;
                e.out = dpoFolder;
                if (const auto d = dataset::exportPairs(project, *pairs, e); !d.ok) return fail(d.errors.empty() ? "the pairs could not be exported" : d.errors.front());
            }
            const auto margins = rewardMargins(spec, dpoFolder, &error);
            if (!margins || margins->size() != decisions.size()) return fail(spec.name + ": reward margins: " + error);
            r.reference = spec.referenceName;
            r.margins = *margins;
        }
        for (std::size_t i = 0; i < decisions.size(); ++i) {
            if (!decisions[i].scored) continue;
            if (!r.margins.empty()) r.all.addMargin(r.margins[i]), r.byCategory[decisions[i].category].addMargin(r.margins[i]);
            r.all.add(r.scores[i]);
            r.byCategory[decisions[i].category].add(r.scores[i]);
        }
        if (r.all.n && r.all.failed == r.all.n) return fail(spec.name + ": no decision answered; the first error: " + scores->firstError);
        results.push_back(std::move(r));
    }
    if (const auto csv = args.value("csv"); csv && !writeCsv(*csv, decisions, results)) return fail(*csv + ": cannot be written");
    if (const auto html = args.value("html"); html && !writeHtml(*html, *projectPath, decisions, results)) return fail(*html + ": cannot be written");
    if (args.flag("json")) writeJson(decisions, results);
    else writeTable(results);
    return 0;
}

}  // namespace corevla::cli
