// SPDX-License-Identifier: MIT
#include "importers/common/file_io.h"

#include <cstring>
#include <fstream>
#include <system_error>

#include <libdeflate.h>

namespace corevla::importers {

std::optional<std::string> readFile(const std::filesystem::path& path, std::string* error) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        if (error) *error = "does not exist";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = std::string("cannot be read: ") + std::strerror(errno);
        return std::nullopt;
    }
    std::string data;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) {
        if (error) *error = "cannot be read (not a regular file?)";
        return std::nullopt;
    }
    data.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(data.data(), size);
    if (!in) {
        if (error) *error = "read error";
        return std::nullopt;
    }
    return data;
}

bool gunzip(std::string_view compressed, std::string& out, std::string* error) {
    // The gzip trailer holds the uncompressed size (mod 2^32): size the buffer
    // once instead of guessing and retrying.
    if (compressed.size() < 18 || static_cast<unsigned char>(compressed[0]) != 0x1f ||
        static_cast<unsigned char>(compressed[1]) != 0x8b) {
        if (error) *error = compressed.empty() ? "is empty" : "is not gzip data";
        return false;
    }
    std::uint32_t isize;
    std::memcpy(&isize, compressed.data() + compressed.size() - 4, 4);
    // Deflate expands at most ~1032:1; a larger claim is a damaged trailer and
    // must not make us allocate gigabytes.
    if (isize > compressed.size() * 1032 + 1024) {
        if (error) *error = "is truncated or corrupt (impossible uncompressed size)";
        return false;
    }
    thread_local struct Decompressor {
        libdeflate_decompressor* d = libdeflate_alloc_decompressor();
        ~Decompressor() { libdeflate_free_decompressor(d); }
    } decompressor;
    out.resize(isize + simdjson::SIMDJSON_PADDING);
    size_t actual = 0;
    const auto rc = libdeflate_gzip_decompress(decompressor.d, compressed.data(), compressed.size(), out.data(),
                                               isize, &actual);
    if (rc != LIBDEFLATE_SUCCESS) {
        if (error) *error = "is truncated or corrupt (gzip data does not inflate)";
        return false;
    }
    out.resize(actual);
    return true;
}

bool parseJson(simdjson::dom::parser& parser, std::string_view text, simdjson::dom::element& out,
               std::string* error) {
    auto result = parser.parse(text.data(), text.size(), true);
    if (result.error()) {
        if (error) *error = std::string("malformed JSON: ") + simdjson::error_message(result.error());
        return false;
    }
    out = result.value_unsafe();
    return true;
}

double numberOr(simdjson::dom::element object, std::string_view key, double fallback) {
    return optNumber(object, key).value_or(fallback);
}

std::optional<double> optNumber(simdjson::dom::element object, std::string_view key) {
    auto field = object[key];
    if (field.error()) return std::nullopt;
    double value;
    if (field.get_double().get(value) == simdjson::SUCCESS) return value;
    int64_t integer;
    if (field.get_int64().get(integer) == simdjson::SUCCESS) return static_cast<double>(integer);
    uint64_t unsignedInteger;
    if (field.get_uint64().get(unsignedInteger) == simdjson::SUCCESS) return static_cast<double>(unsignedInteger);
    return std::nullopt;
}

std::string stringOr(simdjson::dom::element object, std::string_view key, std::string fallback) {
    std::string_view value;
    if (object[key].get_string().get(value) == simdjson::SUCCESS) return std::string(value);
    return fallback;
}

}  // namespace corevla::importers
