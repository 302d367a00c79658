// SPDX-License-Identifier: MIT
#include "storage/frame_codec.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace corevla {
namespace {

template <typename T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void putString(std::string& out, const std::string& s) {
    const auto n = static_cast<std::uint8_t>(std::min<std::size_t>(s.size(), 255));
    put(out, n);
    out.append(s.data(), n);
}

// Reads from a blob; a truncated blob yields zeros instead of reading past it.
class Reader {
public:
    explicit Reader(std::string_view data) : m_data(data) {}
    template <typename T>
    T get() {
        T value{};
        if (m_pos + sizeof value <= m_data.size()) std::memcpy(&value, m_data.data() + m_pos, sizeof value);
        m_pos += sizeof value;
        return value;
    }
    std::string getString() {
        const auto n = get<std::uint8_t>();
        std::string s;
        if (m_pos + n <= m_data.size()) s.assign(m_data.data() + m_pos, n);
        m_pos += n;
        return s;
    }
    bool atEnd() const { return m_pos >= m_data.size(); }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
};

}  // namespace

std::string encodeWaypoints(const std::vector<std::pair<float, float>>& points) {
    std::string out;
    out.reserve(points.size() * 8);
    for (const auto& [x, y] : points) {
        put(out, x);
        put(out, y);
    }
    return out;
}

std::vector<std::pair<float, float>> decodeWaypoints(std::string_view blob) {
    std::vector<std::pair<float, float>> points(blob.size() / 8);
    for (std::size_t i = 0; i < points.size(); ++i) {
        std::memcpy(&points[i].first, blob.data() + i * 8, 4);
        std::memcpy(&points[i].second, blob.data() + i * 8 + 4, 4);
    }
    return points;
}

std::string encodeObjects(const std::vector<SceneObject>& objects) {
    std::string out;
    out.reserve(objects.size() * 40);
    put(out, static_cast<std::uint32_t>(objects.size()));
    for (const auto& o : objects) {
        putString(out, o.cls);
        putString(out, o.id);
        for (float v : {o.x, o.y, o.yaw, o.length, o.width, o.speed}) put(out, v);
    }
    return out;
}

std::vector<SceneObject> decodeObjects(std::string_view blob) {
    Reader in(blob);
    const auto count = in.get<std::uint32_t>();
    std::vector<SceneObject> objects;
    objects.reserve(std::min<std::uint32_t>(count, 4096));
    for (std::uint32_t i = 0; i < count && !in.atEnd(); ++i) {
        SceneObject o;
        o.cls = in.getString();
        o.id = in.getString();
        o.x = in.get<float>();
        o.y = in.get<float>();
        o.yaw = in.get<float>();
        o.length = in.get<float>();
        o.width = in.get<float>();
        o.speed = in.get<float>();
        objects.push_back(std::move(o));
    }
    return objects;
}

}  // namespace corevla
