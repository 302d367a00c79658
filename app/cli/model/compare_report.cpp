// SPDX-License-Identifier: MIT
#include "compare_report.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "storage/json_writer.h"

namespace corevla::cli {
namespace {

namespace fs = std::filesystem;

std::string actionName(const MetaAction& a) {
    if (a.direction.empty() && a.speed.empty()) return "(no decision)";
    return a.direction + ", " + a.speed;
}

void writeTotals(JsonWriter& w, const Totals& t) {
    w.key("agreement").number(t.agreement()).key("bleu4").number(t.mean(t.bleu4)).key("rouge1").number(t.mean(t.rouge1));
    w.key("rouge_l").number(t.mean(t.rougeL)).key("n").integer(t.n).key("failed").integer(t.failed);
    if (t.withMargin) w.key("reward_margin").number(t.margin / t.withMargin);
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string fixed(double v, int digits = 1) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

constexpr const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
const char* colourOf(std::size_t model) { return kColours[model % std::size(kColours)]; }

// Agreement by category: a group of bars per category, one bar per model,
// each labelled with its percentage and the decisions behind it.
std::string agreementChart(const std::vector<ModelResult>& results) {
    std::vector<std::string> categories{"all"};
    for (const ModelResult& m : results)
        for (const auto& [category, t] : m.byCategory)
            if (std::find(categories.begin(), categories.end(), category) == categories.end()) categories.push_back(category);
    const int barH = 16, gap = 10, left = 220, width = 460;
    const int groupH = int(results.size()) * barH + gap;
    const int height = int(categories.size()) * groupH + 30;
    std::string svg = "<svg class=\"chart\" id=\"agreement\" width=\"" + std::to_string(left + width + 120) + "\" height=\"" +
                      std::to_string(height) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
    for (int pct = 0; pct <= 100; pct += 25) {
        const int x = left + width * pct / 100;
        svg += "<line x1=\"" + std::to_string(x) + "\" y1=\"0\" x2=\"" + std::to_string(x) + "\" y2=\"" + std::to_string(height - 20) +
               "\" stroke=\"#ddd\"/><text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(height - 6) +
               "\" text-anchor=\"middle\">" + std::to_string(pct) + "%</text>";
    }
    for (std::size_t c = 0; c < categories.size(); ++c) {
        const int y0 = int(c) * groupH;
        svg += "<text x=\"" + std::to_string(left - 8) + "\" y=\"" + std::to_string(y0 + groupH / 2 + 4) + "\" text-anchor=\"end\">" +
               escaped(categories[c]) + "</text>";
        for (std::size_t m = 0; m < results.size(); ++m) {
            const auto& r = results[m];
            const Totals* t = categories[c] == "all" ? &r.all : nullptr;
            if (!t)
                if (auto it = r.byCategory.find(categories[c]); it != r.byCategory.end()) t = &it->second;
            if (!t) continue;
            const int y = y0 + int(m) * barH, w = int(width * t->agreement() + 0.5);
            svg += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(std::max(w, 1)) +
                   "\" height=\"" + std::to_string(barH - 3) + "\" fill=\"" + colourOf(m) + "\"><title>" + escaped(r.name) + ": " +
                   fixed(100 * t->agreement()) + "% of " + std::to_string(t->n) + "</title></rect>";
            svg += "<text x=\"" + std::to_string(left + w + 4) + "\" y=\"" + std::to_string(y + barH - 5) + "\">" +
                   fixed(100 * t->agreement()) + "% (" + std::to_string(t->n) + ")</text>";
        }
    }
    return svg + "</svg>";
}

// Every decision of every model: BLEU-4 across, ROUGE-L up; a filled dot
// where its decision agrees with the chosen one, a ring where it does not.
std::string scatterChart(const std::vector<Decision>& decisions, const std::vector<ModelResult>& results) {
    const int left = 50, top = 10, size = 360;
    std::string svg = "<svg class=\"chart\" id=\"scatter\" width=\"" + std::to_string(left + size + 20) + "\" height=\"" +
                      std::to_string(top + size + 45) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
    svg += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(top) + "\" width=\"" + std::to_string(size) + "\" height=\"" +
           std::to_string(size) + "\" fill=\"none\" stroke=\"#999\"/>";
    for (int v = 0; v <= 100; v += 25) {
        const int x = left + size * v / 100, y = top + size - size * v / 100;
        svg += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + size + 16) + "\" text-anchor=\"middle\">" +
               std::to_string(v) + "</text><text x=\"" + std::to_string(left - 6) + "\" y=\"" + std::to_string(y + 4) +
               "\" text-anchor=\"end\">" + std::to_string(v) + "</text>";
    }
    svg += "<text x=\"" + std::to_string(left + size / 2) + "\" y=\"" + std::to_string(top + size + 36) +
           "\" text-anchor=\"middle\">BLEU-4</text><text x=\"12\" y=\"" + std::to_string(top + size / 2) +
           "\" transform=\"rotate(-90 12 " + std::to_string(top + size / 2) + ")\" text-anchor=\"middle\">ROUGE-L</text>";
    for (std::size_t m = 0; m < results.size(); ++m)
        for (std::size_t i = 0; i < decisions.size(); ++i) {
            if (!decisions[i].scored) continue;
            const trainer::DecisionScore& s = results[m].scores[i];
            const double x = left + size * s.bleu4 / 100, y = top + size - size * s.rougeL / 100;
            svg += "<circle cx=\"" + fixed(x) + "\" cy=\"" + fixed(y) + "\" r=\"5\" stroke=\"" + colourOf(m) + "\" stroke-width=\"2\" fill=\"" +
                   (s.agreed() ? colourOf(m) : "none") + "\"><title>" + escaped(results[m].name) + ", pair " +
                   std::to_string(decisions[i].pair) + ": " + escaped(s.answer) + "</title></circle>";
        }
    return svg + "</svg>";
}

}  // namespace

void writeJson(const std::vector<Decision>& decisions, const std::vector<ModelResult>& results) {
    JsonWriter w;
    w.beginObject().key("models").beginObject();
    for (const ModelResult& m : results) {
        w.key(m.name).beginObject();
        writeTotals(w, m.all);
        if (!m.reference.empty()) w.key("reference").str(m.reference);
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
            if (!s.error.empty()) w.key("error").str(s.error);
            if (!m.margins.empty()) w.key("reward_margin").number(m.margins[i]);
            w.endObject();
        }
        w.endObject().endObject();
    }
    std::printf("%s\n", w.endArray().endObject().take().c_str());
}

bool writeCsv(const fs::path& path, const std::vector<Decision>& decisions, const std::vector<ModelResult>& results) {
    std::ofstream out(path, std::ios::binary);
    out << "pair,recording,frame,category,reference,model,action,agrees,bleu4,rouge1,rouge_l,reward_margin,answer\n";
    for (std::size_t i = 0; i < decisions.size(); ++i)
        for (const ModelResult& m : results) {
            const Decision& d = decisions[i];
            if (!d.scored) continue;
            const trainer::DecisionScore& s = m.scores[i];
            out << d.pair << ',' << d.recording << ',' << d.frame << ',' << csvField(d.category) << ',' << csvField(actionName(d.reference))
                << ',' << csvField(m.name) << ',' << csvField(actionName(s.got)) << ',' << (s.agreed() ? 1 : 0) << ',' << s.bleu4 << ','
                << s.rouge1 << ',' << s.rougeL << ',' << (m.margins.empty() ? std::string() : std::to_string(m.margins[i])) << ','
                << csvField(s.answer) << '\n';
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
        if (m.all.failed) std::printf("%-24.24s %d decision(s) without an answer\n", m.name.c_str(), m.all.failed);
        if (m.all.withMargin)
            std::printf("%-24.24s DPO reward margin %.3f over %s (mean of %d)\n", m.name.c_str(), m.all.margin / m.all.withMargin,
                        m.reference.c_str(), m.all.withMargin);
    }
}


bool writeHtml(const fs::path& path, const std::string& project, const std::vector<Decision>& decisions,
               const std::vector<ModelResult>& results) {
    std::string html = R"html(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>CoReVLA model comparison</title>
<style>
body { font: 14px sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; margin: 8px 0 24px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; }
.agree { color: #1a7f37; font-weight: bold; }
.disagree { color: #c62828; font-weight: bold; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: middle; }
svg text { font: 11px sans-serif; fill: #333; }
.charts { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
</style></head><body>
)html";
    int n = 0;
    for (const Decision& d : decisions) n += d.scored;
    html += "<h1>Model comparison</h1><p>" + escaped(project) + ": " + std::to_string(n) +
            " decision(s), each model's answer against the chosen one (formats.md &sect;6).</p>";
    html += "<table><tr><th>model</th><th>agreement</th><th>BLEU-4</th><th>ROUGE-1</th><th>ROUGE-L</th><th>n</th>"
            "<th>DPO reward margin</th></tr>";
    for (std::size_t m = 0; m < results.size(); ++m) {
        const Totals& t = results[m].all;
        html += "<tr><td><span class=\"swatch\" style=\"background:" + std::string(colourOf(m)) + "\"></span>" + escaped(results[m].name) +
                "</td><td class=\"num\">" + fixed(100 * t.agreement()) + "%</td><td class=\"num\">" + fixed(t.mean(t.bleu4), 2) +
                "</td><td class=\"num\">" + fixed(t.mean(t.rouge1), 2) + "</td><td class=\"num\">" + fixed(t.mean(t.rougeL), 2) +
                "</td><td class=\"num\">" + std::to_string(t.n) + "</td><td>" +
                (t.withMargin ? fixed(t.margin / t.withMargin, 3) + " over " + escaped(results[m].reference) : std::string("&ndash;")) +
                "</td></tr>";
    }
    html += "</table><div class=\"charts\"><div><h2>Agreement by category</h2>" + agreementChart(results) +
            "</div><div><h2>Every decision</h2><p>filled: the decision agrees with the chosen one</p>" + scatterChart(decisions, results) +
            "</div></div><h2>Decisions</h2><table><tr><th>pair</th><th>recording</th><th>frame</th><th>category</th><th>chosen</th>";
    for (const ModelResult& m : results) html += "<th>" + escaped(m.name) + "</th>";
    html += "</tr>";
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        const Decision& d = decisions[i];
        if (!d.scored) continue;
        html += "<tr><td>" + std::to_string(d.pair) + "</td><td>" + std::to_string(d.recording) + "</td><td>" + std::to_string(d.frame) +
                "</td><td>" + escaped(d.category) + "</td><td>" + escaped(actionName(d.reference)) + "</td>";
        for (const ModelResult& m : results) {
            const trainer::DecisionScore& s = m.scores[i];
            html += "<td><span class=\"" + std::string(s.agreed() ? "agree" : "disagree") + "\">" + escaped(actionName(s.got)) + "</span><br>" +
                    escaped(s.answer) + (s.error.empty() ? "" : "<br><i>" + escaped(s.error) + "</i>") + "</td>";
        }
        html += "</tr>";
    }
    html += "</table></body></html>\n";
    std::ofstream out(path, std::ios::binary);
    out << html;
    return bool(out.flush());
}

}  // namespace corevla::cli
