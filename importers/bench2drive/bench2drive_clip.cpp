// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_clip.h"

#include <algorithm>

#include "importers/bench2drive/bench2drive_folder.h"
#include "importers/common/tar_reader.h"
#include "storage/json_writer.h"

namespace corevla::importers {
namespace fs = std::filesystem;
namespace {

// Clip folders at or below dir (an archive holds the clip folder itself, or a
// scenario folder of clips). A clip folder is not searched further.
void findClipFolders(const fs::path& dir, int depth, std::vector<fs::path>& out) {
    if (isClipFolder(dir)) {
        out.push_back(dir);
        return;
    }
    if (depth == 0) return;
    std::vector<fs::path> children;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec) && !it->is_symlink(ec)) children.push_back(it->path());
    std::sort(children.begin(), children.end());
    for (const auto& child : children) findClipFolders(child, depth - 1, out);
}

struct Unpacked {
    fs::path archive, folder;  // empty for a plain folder
    std::string stem;          // the archive's name without .tar.gz
};

// The folder's own name, except that the unpack folder stands for the archive.
std::string nameOf(const fs::path& folder, const Unpacked& unpacked) {
    return !unpacked.folder.empty() && folder == unpacked.folder ? unpacked.stem : folder.filename().string();
}

bool readOneClip(const fs::path& folder, const Unpacked& unpacked, ImportResult& result,
                 const ImportOptions& options, const ProgressFn& progress) {
    Recording rec;
    rec.source = SourceKind::Bench2DriveClip;
    const fs::path absolute = fs::absolute(folder).lexically_normal();
    rec.name = nameOf(absolute, unpacked);
    const bool atTop = !unpacked.folder.empty() && absolute == unpacked.folder;
    const ClipName parsed = parseClipName(rec.name, atTop ? "" : nameOf(absolute.parent_path(), unpacked));
    rec.scenario = parsed.scenario;
    rec.town = parsed.town;
    rec.routeId = parsed.routeId;
    rec.weather = parsed.weather;
    if (!readClipFolder(absolute, rec, result, options, progress)) return false;
    if (rec.frames.empty()) return true;  // the errors say why; nothing to show
    JsonWriter meta;
    meta.beginObject().key("format").str("bench2drive_clip");
    if (!unpacked.archive.empty()) meta.key("archive").str(unpacked.archive.string());
    meta.key("first_frame").integer(rec.frames.front().index);
    meta.key("last_frame").integer(rec.frames.back().index);
    meta.endObject();
    rec.metadataJson = meta.take();
    result.recordings.push_back(std::move(rec));
    return true;
}

}  // namespace

std::string archiveStem(const fs::path& path) {
    const std::string name = path.filename().string();
    for (std::string_view suffix : {".tar.gz", ".tgz"})
        if (name.size() > suffix.size() && name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
    return {};
}

bool Bench2DriveClipImporter::recognises(const fs::path& path) const {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return isClipFolder(path);
    return fs::is_regular_file(path, ec) && !archiveStem(path).empty();
}

static ImportResult readClipPath(const fs::path& path, const ImportOptions& options) {
    ImportResult result;
    std::error_code ec;
    Unpacked unpacked;
    ProgressFn progress = options.progress;
    std::vector<fs::path> clips;
    if (fs::is_regular_file(path, ec)) {
        unpacked.archive = fs::absolute(path).lexically_normal();
        unpacked.stem = archiveStem(path);
        if (unpacked.stem.empty()) {
            result.error(path.string(), "is not a Bench2Drive clip archive (.tar.gz)");
            return result;
        }
        // Without a media folder, unpack beside the archive under a name that
        // cannot collide with an already unpacked copy of the user's own.
        unpacked.folder = options.mediaDir.empty()
                              ? unpacked.archive.parent_path() / (unpacked.stem + ".unpacked")
                              : fs::absolute(options.mediaDir).lexically_normal() / unpacked.stem;
        const UnpackResult unpack =
            unpackTarGz(path, unpacked.folder, progressRange(progress, 0.0, 0.4), options.cancel);
        for (const auto& r : unpack.refused) result.error(path.string(), r);
        for (const auto& s : unpack.skipped) result.warn(path.string(), s);
        if (unpack.cancelled) {
            result.cancelled = true;
            return result;
        }
        if (!unpack.ok) {
            result.error(path.string(), unpack.error);
            return result;
        }
        if (unpack.replaced)
            result.warn(path.string(), "changed since it was last unpacked; " + unpacked.folder.string() +
                                           " now holds its new content only");
        progress = progressRange(progress, 0.4, 1.0);
        findClipFolders(unpacked.folder, 3, clips);
        if (clips.empty()) {
            result.error(path.string(), "holds no Bench2Drive clip (no anno/NNNNN.json.gz files)");
            return result;
        }
    } else if (fs::is_directory(path, ec)) {
        clips.push_back(path);
    } else {
        result.error(path.string(), "does not exist");
        return result;
    }
    for (std::size_t i = 0; i < clips.size(); ++i) {
        const double from = static_cast<double>(i) / clips.size(), to = static_cast<double>(i + 1) / clips.size();
        if (!readOneClip(clips[i], unpacked, result, options, progressRange(progress, from, to))) {
            result.cancelled = true;
            result.recordings.clear();
            return result;
        }
    }
    return result;
}

ImportResult Bench2DriveClipImporter::readPath(const fs::path& path, const ImportOptions& options) const {
    return readClipPath(path, options);
}

}  // namespace corevla::importers
