// SPDX-License-Identifier: MIT
// Bench2Drive dataset clips: a folder with anno/*.json.gz (and usually
// camera/rgb_*), or the clip's .tar.gz, which is unpacked into
// ImportOptions::mediaDir/<archive name>/ first (<archive name>.unpacked/
// beside the archive when mediaDir is empty) and reused when already unpacked.
#pragma once

#include "importers/importer.h"

namespace corevla::importers {

class Bench2DriveClipImporter : public Importer {
public:
    const char* name() const override { return "bench2drive_clip"; }
    bool recognises(const std::filesystem::path& path) const override;
    // One recording per clip folder (an archive may hold several). A corrupt
    // anno is an error naming the file; the recording keeps the other frames.

protected:
    ImportResult readPath(const std::filesystem::path& path, const ImportOptions& options) const override;
};

// "X.tar.gz" / "X.tgz" → "X"; empty when path is not such an archive name.
std::string archiveStem(const std::filesystem::path& path);

}  // namespace corevla::importers
