// SPDX-License-Identifier: MIT
#include "dataset/export_records.h"

#include "dataset/prompt_text.h"
#include "storage/enum_names.h"
#include "storage/json_writer.h"

namespace corevla::dataset {
namespace {

constexpr EnumNames<ExportFormat, 3> kFormats{{
    {ExportFormat::LlamaFactoryDpo, "llamafactory-dpo"},
    {ExportFormat::TrlDpo, "trl-dpo"},
    {ExportFormat::LlamaFactorySft, "llamafactory-sft"},
}};

void writeImages(JsonWriter& w, const std::vector<std::string>& images) {
    w.key("images").beginArray();
    for (const std::string& path : images) w.str(path);
    w.endArray();
}

// TRL's conversational form: a one-message list whose content is parts.
void writeTrlAnswer(JsonWriter& w, const char* key, const std::string& text) {
    w.key(key).beginArray().beginObject().key("role").str("assistant").key("content").beginArray();
    w.beginObject().key("type").str("text").key("text").str(text).endObject();
    w.endArray().endObject().endArray();
}

void writeLlamaFactoryDpo(JsonWriter& w, const ExportRecord& r) {
    w.key("conversations").beginArray();
    w.beginObject().key("from").str("human").key("value").str(composePrompt(r.images.size(), r.question)).endObject();
    w.endArray();
    writeImages(w, r.images);
    w.key("chosen").beginObject().key("from").str("gpt").key("value").str(r.chosen).endObject();
    w.key("rejected").beginObject().key("from").str("gpt").key("value").str(r.rejected).endObject();
}

void writeTrlDpo(JsonWriter& w, const ExportRecord& r) {
    writeImages(w, r.images);
    w.key("prompt").beginArray().beginObject().key("role").str("user").key("content").beginArray();
    for (std::size_t i = 0; i < r.images.size(); ++i) w.beginObject().key("type").str("image").endObject();
    w.beginObject().key("type").str("text").key("text").str(r.question).endObject();
    w.endArray().endObject().endArray();
    writeTrlAnswer(w, "chosen", r.chosen);
    writeTrlAnswer(w, "rejected", r.rejected);
}

void writeLlamaFactorySft(JsonWriter& w, const ExportRecord& r) {
    w.key("messages").beginArray();
    w.beginObject().key("role").str("user").key("content").str(composePrompt(r.images.size(), r.question)).endObject();
    w.beginObject().key("role").str("assistant").key("content").str(r.chosen).endObject();
    w.endArray();
    writeImages(w, r.images);
}

}  // namespace

const char* exportFormatName(ExportFormat format) { return nameOf(kFormats, format); }
std::optional<ExportFormat> exportFormatFromName(const std::string& name) { return valueOf(kFormats, name); }

const char* dataFileName(ExportFormat format) {
    switch (format) {
    case ExportFormat::LlamaFactoryDpo: return "dpo.json";
    case ExportFormat::TrlDpo: return "dpo.jsonl";
    case ExportFormat::LlamaFactorySft: return "sft.json";
    }
    return "";
}

const char* datasetName(ExportFormat format) {
    return format == ExportFormat::LlamaFactorySft ? "corevla_sft" : "corevla_dpo";
}

std::string recordJson(ExportFormat format, const ExportRecord& record) {
    JsonWriter w;
    w.beginObject();
    switch (format) {
    case ExportFormat::LlamaFactoryDpo: writeLlamaFactoryDpo(w, record); break;
    case ExportFormat::TrlDpo: writeTrlDpo(w, record); break;
    case ExportFormat::LlamaFactorySft: writeLlamaFactorySft(w, record); break;
    }
    w.endObject();
    return w.take();
}

std::string dataFile(ExportFormat format, const std::vector<std::string>& records) {
    std::size_t size = 4;
    for (const std::string& r : records) size += r.size() + 2;
    std::string out;
    out.reserve(size);
    if (format == ExportFormat::TrlDpo) {
        for (const std::string& r : records) out.append(r).append("\n");
        return out;
    }
    out += records.empty() ? "[" : "[\n";
    for (std::size_t i = 0; i < records.size(); ++i) out.append(records[i]).append(i + 1 < records.size() ? ",\n" : "\n");
    out += "]\n";
    return out;
}

std::string datasetInfoJson(ExportFormat format) {
    if (format == ExportFormat::TrlDpo) return {};
    JsonWriter w;
    w.beginObject().key(datasetName(format)).beginObject();
    w.key("file_name").str(dataFileName(format)).key("formatting").str("sharegpt");
    if (format == ExportFormat::LlamaFactoryDpo) {
        w.key("ranking").boolean(true).key("columns").beginObject();
        w.key("messages").str("conversations").key("chosen").str("chosen").key("rejected").str("rejected");
        w.key("images").str("images").endObject();
    } else {
        w.key("columns").beginObject().key("messages").str("messages").key("images").str("images").endObject();
        w.key("tags").beginObject().key("role_tag").str("role").key("content_tag").str("content");
        w.key("user_tag").str("user").key("assistant_tag").str("assistant").endObject();
    }
    w.endObject().endObject();
    return w.take() + "\n";
}

}  // namespace corevla::dataset
