// SPDX-License-Identifier: MIT
#include "dataset/dataset_file.h"

#include <algorithm>
#include <cctype>

#include "importers/common/file_io.h"

namespace corevla::dataset {

bool forEachExample(const std::filesystem::path& file, const std::function<void(simdjson::dom::element, long)>& fn,
                    const std::function<void(long, const std::string&)>& lineError, std::string* error) {
    const auto text = importers::readFile(file, error);
    if (!text) return false;
    if (std::all_of(text->begin(), text->end(), [](unsigned char c) { return std::isspace(c); })) {
        *error = "is empty";
        return false;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (file.extension() == ".jsonl") {
        long index = 0;
        for (std::size_t start = 0; start < text->size(); ++index) {
            const std::size_t end = std::min(text->find('\n', start), text->size());
            const std::string_view line(text->data() + start, end - start);
            start = end + 1;
            if (std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); })) continue;
            std::string why;
            if (importers::parseJson(parser, line, root, &why)) fn(root, index);
            else lineError(index, why);
        }
        return true;
    }
    if (!importers::parseJson(parser, *text, root, error)) return false;
    simdjson::dom::array list;
    if (root.get(list)) {
        *error = "is not a JSON list of examples";
        return false;
    }
    long index = 0;
    for (simdjson::dom::element example : list) fn(example, index++);
    return true;
}

}  // namespace corevla::dataset
