// SPDX-License-Identifier: MIT
#include "trainer/train_data.h"

#include <simdjson.h>

#include "dataset/dataset_check.h"
#include "dataset/prompt_text.h"

namespace corevla::trainer {
namespace fs = std::filesystem;
using simdjson::dom::element;

namespace {

struct Entry {
    std::string file;
    std::string messages = "conversations", images = "images", chosen = "chosen", rejected = "rejected";
    std::string roleTag = "from", contentTag = "value", userTag = "human", assistantTag = "gpt";
};

std::string text(element e, std::string_view key) {
    std::string_view v;
    return e[key].get(v) ? std::string() : std::string(v);
}

// The entry of dataset_info.json for this kind (ranking or not).
std::optional<Entry> findEntry(const fs::path& dir, DataKind kind, std::string* error) {
    simdjson::dom::parser parser;
    simdjson::dom::object info;
    const fs::path infoFile = dir / "dataset_info.json";
    if (parser.load(infoFile.string()).get(info)) {
        *error = infoFile.string() + ": missing or not a JSON object; train reads LLaMA-Factory dataset folders "
                 "(corevla export --format llamafactory-sft|llamafactory-dpo)";
        return std::nullopt;
    }
    for (auto [name, value] : info) {
        bool ranking = false;
        if (value["ranking"].get(ranking)) ranking = false;
        if (ranking != (kind == DataKind::Dpo)) continue;
        Entry e;
        e.file = text(value, "file_name");
        if (std::string f = text(value, "formatting"); f != "sharegpt") continue;  // alpaca has no images
        element columns, tags;
        if (!value["columns"].get(columns)) {
            for (auto [key, member] : {std::pair{"messages", &Entry::messages}, {"images", &Entry::images},
                                       {"chosen", &Entry::chosen}, {"rejected", &Entry::rejected}})
                if (std::string v = text(columns, key); !v.empty()) e.*member = v;
        }
        if (!value["tags"].get(tags)) {
            for (auto [key, member] : {std::pair{"role_tag", &Entry::roleTag}, {"content_tag", &Entry::contentTag},
                                       {"user_tag", &Entry::userTag}, {"assistant_tag", &Entry::assistantTag}})
                if (std::string v = text(tags, key); !v.empty()) e.*member = v;
        }
        if (!e.file.empty()) return e;
    }
    *error = infoFile.string() + ": no sharegpt " + (kind == DataKind::Dpo ? "ranking (DPO)" : "SFT") + " dataset in it";
    return std::nullopt;
}

}  // namespace

std::optional<TrainData> readTrainData(const fs::path& dir, DataKind kind, std::string* error) {
    std::string why;
    auto fail = [&](const std::string& message) -> std::optional<TrainData> {
        *error = message;
        return std::nullopt;
    };
    const auto entry = findEntry(dir, kind, &why);
    if (!entry) return fail(why);
    const dataset::CheckReport report = dataset::checkDataset(dir);
    if (!report.clean()) {
        std::string message = dir.string() + ": the dataset has " + std::to_string(report.problems.size()) + " problem(s):";
        for (std::size_t i = 0; i < report.problems.size() && i < 5; ++i) message += "\n  " + report.problems[i].text();
        return fail(message);
    }
    simdjson::dom::parser parser;
    simdjson::dom::array rows;
    const fs::path file = dir / entry->file;
    if (parser.load(file.string()).get(rows)) return fail(file.string() + ": not a JSON list");

    TrainData data;
    data.file = file.string();
    long index = 0;
    for (element row : rows) {
        const std::string where = entry->file + ": entry " + std::to_string(index++);
        TrainExample base;
        base.where = where;
        base.row = int(index - 1);
        simdjson::dom::array images, messages;
        std::vector<std::string> imageTexts;
        if (!row[entry->images].get(images))
            for (element i : images) {
                std::string_view p;
                if (i.get(p)) return fail(dir.string() + "/" + where + ": an image is not a path");
                imageTexts.emplace_back(p);
                // LLaMA-Factory tries the path under the dataset folder first, then as given.
                const fs::path under = dir / std::string(p);
                base.images.push_back(fs::exists(under) ? under : fs::path(std::string(p)));
            }
        if (row[entry->messages].get(messages)) return fail(dir.string() + "/" + where + ": no " + entry->messages + " list");
        // Each user turn with the assistant turn after it (SFT); the last user turn (DPO).
        std::string user;
        for (element m : messages) {
            const std::string role = text(m, entry->roleTag), content = text(m, entry->contentTag);
            if (role == entry->userTag) {
                user = dataset::questionFromPrompt(content, imageTexts);
            } else if (role == entry->assistantTag && kind == DataKind::Sft && !user.empty()) {
                TrainExample e = base;
                e.prompt = user;
                e.chosen = content;
                data.examples.push_back(std::move(e));
            }
        }
        if (kind == DataKind::Dpo) {
            element chosen, rejected;
            if (row[entry->chosen].get(chosen) || row[entry->rejected].get(rejected))
                return fail(dir.string() + "/" + where + ": chosen or rejected is missing");
            base.prompt = user;
            base.chosen = text(chosen, entry->contentTag);
            base.rejected = text(rejected, entry->contentTag);
            data.examples.push_back(std::move(base));
        }
    }
    if (data.examples.empty()) return fail(file.string() + ": no training examples in it");
    return data;
}

}  // namespace corevla::trainer
