// SPDX-License-Identifier: MIT
// What `corevla compare` found, written out: the table, JSON, CSV and a
// self-contained HTML report with its charts (inline SVG: it opens from a
// mail attachment or a cluster's scratch disk with no network).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "trainer/decision_eval.h"

namespace corevla::cli {

struct Decision {
    std::int64_t pair = 0, recording = 0;
    int frame = -1;
    std::string category;
    MetaAction reference;  // read from the chosen text, as the trainer reads it
    bool scored = false;   // the chosen text states a decision
};

struct Totals {
    int n = 0, agreed = 0, failed = 0;  // failed: no answer from the back end (an endpoint's error)
    double bleu4 = 0, rouge1 = 0, rougeL = 0;
    void add(const trainer::DecisionScore& d) {
        ++n, agreed += d.agreed(), bleu4 += d.bleu4, rouge1 += d.rouge1, rougeL += d.rougeL;
        failed += !d.error.empty() && d.answer.empty();
    }
    double agreement() const { return n ? double(agreed) / n : 0; }
    double mean(double sum) const { return n ? sum / n : 0; }
    int withMargin = 0;
    double margin = 0;  // summed over the decisions that have one
    void addMargin(double m) { ++withMargin, margin += m; }
};

struct ModelResult {
    std::string name;
    std::vector<trainer::DecisionScore> scores;  // by decision
    std::string reference;         // the DPO reference of the reward margins; empty: none known
    std::vector<double> margins;   // by decision, when there is a reference
    Totals all;
    std::map<std::string, Totals> byCategory;
};

void writeTable(const std::vector<ModelResult>& results);
void writeJson(const std::vector<Decision>& decisions, const std::vector<ModelResult>& results);
bool writeCsv(const std::filesystem::path& path, const std::vector<Decision>& decisions, const std::vector<ModelResult>& results);
bool writeHtml(const std::filesystem::path& path, const std::string& project, const std::vector<Decision>& decisions,
               const std::vector<ModelResult>& results);

}  // namespace corevla::cli
