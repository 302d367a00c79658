// SPDX-License-Identifier: MIT
#include "model/checkpoint.h"

#include <simdjson.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "model/file_io.h"
#include "storage/hash.h"
#include "storage/json_writer.h"

namespace corevla::model {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "checkpoint.json";
constexpr const char* kTensors = "model.pt";
constexpr const char* kTokenizer = "tokenizer.json";

}  // namespace

std::string saveCheckpoint(const fs::path& dir, VlaModel& model, const Tokenizer& tokenizer,
                           const std::map<std::string, std::string>& extra, const std::string& meta) {
    std::map<std::string, std::string> files = extra;
    try {
        std::ostringstream tensors;
        torch::serialize::OutputArchive archive;
        // Saved from the CPU so a checkpoint made on a GPU loads anywhere.
        for (const auto& p : model->named_parameters()) archive.write(p.key(), p.value().detach().to(torch::kCPU));
        for (const auto& b : model->named_buffers()) archive.write(b.key(), b.value().detach().to(torch::kCPU), true);
        archive.save_to(tensors);
        files[kTensors] = tensors.str();
    } catch (const std::exception& e) {
        return dir.string() + ": cannot serialise the model: " + e.what();
    }
    files[kTokenizer] = tokenizer.toJson();

    JsonWriter w;
    w.beginObject().key("format").str("corevla-checkpoint").key("format_version").integer(kCheckpointFormat);
    w.key("model").raw(model->config().toJson()).key("vocab_size").integer(model->vocabSize());
    w.key("files").beginObject();
    for (const auto& [name, bytes] : files)
        w.key(name).beginObject().key("size").integer(static_cast<long long>(bytes.size())).key("hash").str(hashToHex(hashBytes(bytes.data(), bytes.size()))).endObject();
    w.endObject().key("meta").raw(meta.empty() ? "{}" : meta).endObject();

    std::error_code ec;
    const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    fs::create_directories(parent, ec);
    const fs::path partial = parent / (dir.filename().string() + ".partial-" + std::to_string(::getpid()));
    fs::remove_all(partial, ec);
    if (!fs::create_directory(partial, ec)) return partial.string() + ": cannot create: " + ec.message();
    for (const auto& [name, bytes] : files)
        if (!writeFileDurably(partial / name, bytes)) {
            fs::remove_all(partial, ec);
            return (partial / name).string() + ": cannot write (disk full?)";
        }
    // The manifest last: a directory with one is complete.
    if (!writeFileDurably(partial / kManifest, w.take() + "\n") || !syncDirectory(partial)) {
        fs::remove_all(partial, ec);
        return (partial / kManifest).string() + ": cannot write (disk full?)";
    }
    // Replace an older checkpoint of the same name only once the new one is whole.
    const fs::path old = parent / (dir.filename().string() + ".old-" + std::to_string(::getpid()));
    if (fs::exists(dir)) {
        fs::remove_all(old, ec);
        fs::rename(dir, old, ec);
        if (ec) return dir.string() + ": cannot replace: " + ec.message();
    }
    fs::rename(partial, dir, ec);
    if (ec) return dir.string() + ": cannot rename into place: " + ec.message();
    syncDirectory(parent);
    fs::remove_all(old, ec);
    return {};
}

std::optional<Checkpoint> loadCheckpoint(const fs::path& dir, const torch::Device& device, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<Checkpoint> {
        if (error) *error = "checkpoint " + dir.string() + ": " + why;
        return std::nullopt;
    };
    if (!fs::is_directory(dir)) return fail(fs::exists(dir) ? "is not a directory" : "does not exist");
    const auto manifestText = readWholeFile(dir / kManifest);
    if (!manifestText) return fail(std::string(kManifest) + " is missing: not a checkpoint, or one that was never finished");
    simdjson::dom::parser parser;
    simdjson::dom::object manifest;
    if (parser.parse(*manifestText).get(manifest)) return fail(std::string(kManifest) + " is not valid JSON (truncated?)");
    std::string_view format;
    int64_t version = 0, vocab = 0;
    if (manifest["format"].get(format) || format != "corevla-checkpoint") return fail("not a CoReVLA checkpoint");
    if (manifest["format_version"].get(version)) return fail("no format_version");
    if (version > kCheckpointFormat)
        return fail("format version " + std::to_string(version) + " is newer than this build reads (" +
                    std::to_string(kCheckpointFormat) + "); update CoReVLA Workstation to load it");
    simdjson::dom::element modelJson, filesJson, metaJson;
    if (manifest["model"].get(modelJson) || manifest["vocab_size"].get(vocab) || manifest["files"].get(filesJson))
        return fail("the manifest lacks model, vocab_size or files");
    Checkpoint c;
    std::string why;
    const auto config = ModelConfig::fromJson(simdjson::minify(modelJson), &why);
    if (!config) return fail(why);
    c.config = *config;
    if (!manifest["meta"].get(metaJson)) c.meta = simdjson::minify(metaJson);

    std::map<std::string, std::string> files;
    simdjson::dom::object fileList;
    if (filesJson.get(fileList)) return fail("files is not an object");
    for (auto [name, info] : fileList) {
        int64_t size = 0;
        std::string_view hash;
        if (info["size"].get(size) || info["hash"].get(hash)) return fail("files." + std::string(name) + " lacks size or hash");
        const std::string file(name);
        if (file.find('/') != std::string::npos || file == "..") return fail("file name " + file + " is not a plain name");
        auto bytes = readWholeFile(dir / file);
        if (!bytes) return fail(file + " is missing");
        if (std::int64_t(bytes->size()) != size)
            return fail(file + " is " + std::to_string(bytes->size()) + " bytes, the manifest says " + std::to_string(size) + " (truncated?)");
        if (hashToHex(hashBytes(bytes->data(), bytes->size())) != hash) return fail(file + " is corrupt (its hash differs from the manifest's)");
        files.emplace(file, std::move(*bytes));
    }
    if (!files.count(kTensors) || !files.count(kTokenizer)) return fail("model.pt or tokenizer.json is not listed");
    auto tok = Tokenizer::fromJson(files[kTokenizer], &why);
    if (!tok) return fail("tokenizer.json: " + why);
    if (tok->size() != vocab) return fail("the tokenizer has " + std::to_string(tok->size()) + " ids, the model " + std::to_string(vocab));
    c.tokenizer = std::move(*tok);
    try {
        c.model = VlaModel(c.config, int(vocab));
        torch::serialize::InputArchive archive;
        std::istringstream in(files[kTensors]);
        archive.load_from(in);
        torch::NoGradGuard noGrad;
        for (auto& p : c.model->named_parameters()) {
            torch::Tensor t;
            if (!archive.try_read(p.key(), t)) return fail("model.pt has no tensor " + p.key());
            if (t.sizes() != p.value().sizes()) return fail("model.pt: " + p.key() + " has the wrong shape");
            p.value().copy_(t);
        }
        c.model->to(device);
        c.model->eval();
    } catch (const std::exception& e) {
        return fail(std::string("model.pt cannot be read: ") + e.what());
    }
    files.erase(kTensors);
    files.erase(kTokenizer);
    c.extra = std::move(files);
    return c;
}

}  // namespace corevla::model
