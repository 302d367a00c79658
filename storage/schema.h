// SPDX-License-Identifier: MIT
// Numbered migrations of the project schema. Each runs in its own
// transaction; PRAGMA user_version records the last one applied.
#pragma once

#include <string>

namespace corevla {

class Database;

enum class SchemaStatus { Current, Upgraded, Created, TooNew, NotAProject, Failed };

struct SchemaResult {
    SchemaStatus status = SchemaStatus::Failed;
    int fromVersion = 0, toVersion = 0;
    std::string error;
};

constexpr int kSchemaVersion = 4;
// Written to PRAGMA application_id so a project file is recognised as ours.
constexpr int kApplicationId = 0x43565741;  // "CVWA"

SchemaResult migrate(Database& db);
// The SQL of migration `version` (1..kSchemaVersion), for tests that build an
// old project by hand.
const char* migrationSql(int version);

}  // namespace corevla
