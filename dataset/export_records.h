// SPDX-License-Identifier: MIT
// The three training formats we write (shared docs formats.md §4): one
// example as JSON, the data file around the examples, and LLaMA-Factory's
// dataset_info.json entry. Pure text; the exporter decides what goes in.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace corevla::dataset {

enum class ExportFormat { LlamaFactoryDpo, TrlDpo, LlamaFactorySft };
const char* exportFormatName(ExportFormat format);  // "llamafactory-dpo", "trl-dpo", "llamafactory-sft"
std::optional<ExportFormat> exportFormatFromName(const std::string& name);

// "dpo.json", "dpo.jsonl", "sft.json": the examples' file in the export folder.
const char* dataFileName(ExportFormat format);
// The dataset's name in dataset_info.json ("corevla_dpo", "corevla_sft").
const char* datasetName(ExportFormat format);

// One example as written: texts already escaped (prompt_text.h), image paths
// relative to the export folder.
struct ExportRecord {
    std::string question, chosen, rejected;
    std::vector<std::string> images;
};

// The example as one line of JSON, keys in a fixed order:
//   llamafactory-dpo  {"conversations":[{"from":"human","value":PROMPT}],"images":[...],
//                      "chosen":{"from":"gpt","value":...},"rejected":{...}}
//   trl-dpo           {"images":[...],"prompt":[{"role":"user","content":[{"type":"image"},...,
//                      {"type":"text","text":Q}]}],"chosen":[{"role":"assistant","content":[{"type":"text",...}]}],...}
//   llamafactory-sft  {"messages":[{"role":"user","content":PROMPT},{"role":"assistant","content":CHOSEN}],"images":[...]}
// where PROMPT = composePrompt(images, question).
std::string recordJson(ExportFormat format, const ExportRecord& record);

// The data file: a JSON list with one example per line (LLaMA-Factory), or
// JSON Lines (TRL). Each record from recordJson.
std::string dataFile(ExportFormat format, const std::vector<std::string>& records);

// The dataset's name in dataset_info.json: corevla_sft or corevla_dpo.
const char* datasetName(ExportFormat format);

// dataset_info.json for the LLaMA-Factory formats (sharegpt; ranking: true and
// the columns for DPO; columns and tags for SFT); empty for trl-dpo.
std::string datasetInfoJson(ExportFormat format);

}  // namespace corevla::dataset
