// SPDX-License-Identifier: MIT
// Test-local writer of small Bench2Drive clips: gzip'd anno JSON (zlib) and
// tiny JPEGs (OpenCV). Independent of the sample generator on purpose.
#pragma once

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

namespace fixture {

namespace fs = std::filesystem;

struct Anno {
    double x = 0, y = 0;
    std::string theta = "1.5707963267948966";  // JSON text: a number, "NaN" or "null"
    std::string speed = "5.0";                 // JSON text, "null" allowed
    double throttle = 0.5, steer = -0.1, brake = 0.0;
    double accelX = 1.25;
    int vehicles = 2;                          // boxes besides the ego
};

inline std::string sensorJson(const char* id, double fov) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "\"%s\":{\"location\":[1,2,1.6],\"rotation\":[0,0,0],"
                  "\"intrinsic\":[[1142.5,0,800],[0,1142.5,450],[0,0,1]],"
                  "\"world2cam\":[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]],"
                  "\"cam2ego\":[[1,0,0,0.8],[0,1,0,0],[0,0,1,1.6],[0,0,0,1]],"
                  "\"fov\":%g,\"image_size_x\":1600,\"image_size_y\":900}",
                  id, fov);
    return buf;
}

inline std::string annoJson(const Anno& a) {
    char head[512];
    std::snprintf(head, sizeof head,
                  "{\"x\":%.3f,\"y\":%.3f,\"theta\":%s,\"speed\":%s,\"throttle\":%g,\"steer\":%g,\"brake\":%g,"
                  "\"reverse\":false,\"command_near\":4,\"acceleration\":[%g,0.1,9.81],",
                  a.x, a.y, a.theta.c_str(), a.speed.c_str(), a.throttle, a.steer, a.brake, a.accelX);
    std::string json = head;
    json += "\"sensors\":{" + sensorJson("CAM_FRONT", 70) + "," + sensorJson("CAM_BACK_LEFT", 70) + "," +
            sensorJson("CAM_BACK", 110) + "," + sensorJson("TOP_DOWN", 110) +
            ",\"LIDAR_TOP\":{\"location\":[0,0,1.8],\"rotation\":[0,0,0]}},";
    char box[512];
    std::snprintf(box, sizeof box,
                  "\"bounding_boxes\":[{\"class\":\"ego_vehicle\",\"id\":\"241\",\"location\":[%.3f,%.3f,0],"
                  "\"rotation\":[0,0,0],\"extent\":[2.4,1.1,0.8],\"speed\":5.0}",
                  a.x, a.y);
    json += box;
    for (int i = 0; i < a.vehicles; ++i) {
        std::snprintf(box, sizeof box,
                      ",{\"class\":\"vehicle\",\"state\":\"dynamic\",\"id\":%d,\"type_id\":\"vehicle.audi.a2\","
                      "\"location\":[%.3f,%.3f,0],\"rotation\":[0,0,90],\"extent\":[1.9,0.9,0.8],"
                      "\"distance\":10,\"speed\":4.0,\"num_points\":310}",
                      300 + i, a.x + 10 + i, a.y + 1);
        json += box;
    }
    json += ",{\"class\":\"traffic_light\",\"id\":\"900\",\"location\":[5,5,0],\"rotation\":[0,0,0],"
            "\"extent\":[0.5,0.5,2],\"state\":0,\"affects_ego\":true}]}";
    return json;
}

inline bool writeGz(const fs::path& path, const std::string& data) {
    fs::create_directories(path.parent_path());
    gzFile gz = gzopen(path.c_str(), "wb");
    if (!gz) return false;
    const int written = gzwrite(gz, data.data(), static_cast<unsigned>(data.size()));
    return gzclose(gz) == Z_OK && written == static_cast<int>(data.size());
}

inline void writeText(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

inline bool writeJpeg(const fs::path& path) {
    fs::create_directories(path.parent_path());
    cv::Mat image(18, 32, CV_8UC3, cv::Scalar(40, 80, 120));
    return cv::imwrite(path.string(), image);
}

inline std::string number5(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%05d", i);
    return buf;
}

// A clip of n frames: ego moving 1 m per frame along x from (100, -20);
// cameras rgb_front, rgb_back_left and the debug rgb_top_down.
inline void writeClip(const fs::path& root, int n, const std::vector<std::string>& cameras =
                                                       {"rgb_front", "rgb_back_left", "rgb_top_down"}) {
    for (int i = 0; i < n; ++i) {
        Anno a;
        a.x = 100 + i;
        a.y = -20;
        writeGz(root / "anno" / (number5(i) + ".json.gz"), annoJson(a));
        for (const auto& camera : cameras) writeJpeg(root / "camera" / camera / (number5(i) + ".jpg"));
    }
}

}  // namespace fixture
