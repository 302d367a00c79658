// SPDX-License-Identifier: MIT
#include "dataset/export_manifest.h"

#include "storage/hash.h"
#include "storage/json_writer.h"

namespace corevla::dataset {

std::uint64_t contentHash(const std::vector<DatasetFile>& files) {
    Hasher h;
    std::string line;
    for (const DatasetFile& f : files) {
        line.assign(f.relPath).append(1, '\0').append(std::to_string(f.size)).append(1, '\0');
        line.append(hashToHex(f.hash)).append(1, '\n');
        h.update(line.data(), line.size());
    }
    return h.digest();
}

std::string manifestJson(const Manifest& m) {
    JsonWriter w;
    w.beginObject().key("corevla_export").integer(1).key("format").str(exportFormatName(m.format));
    w.key("filter").beginObject();
    if (m.fromFrames) {
        w.key("from").str("frames").key("every_s").number(m.everyS, 6).key("exclude_segments").boolean(m.excludeSegments);
        w.key("recording").integer(m.recording);
    } else {
        w.key("status").str(m.status);
    }
    w.endObject().key("counts").beginObject().key(m.fromFrames ? "examples" : "pairs");
    w.integer(static_cast<long long>(m.fromFrames ? m.frames.size() : m.pairIds.size()));
    w.key("images").integer(m.images).key("escaped_tokens").integer(m.escapedTokens).endObject();
    w.key("files").beginArray();
    for (const std::string& f : m.files) w.str(f);
    w.endArray().key(m.fromFrames ? "frames" : "pair_ids").beginArray();
    for (std::int64_t id : m.pairIds) w.integer(id);
    for (const auto& [recording, frame] : m.frames) w.beginArray().integer(recording).integer(frame).endArray();
    w.endArray().key("content_hash").str(hashToHex(m.contentHash)).endObject();
    return w.take() + "\n";
}

}  // namespace corevla::dataset
