// SPDX-License-Identifier: MIT
#include "storage/database.h"

#include <sqlite3.h>

namespace corevla {

Database::~Database() { close(); }

bool Database::open(const std::string& path, bool create) {
    close();
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        m_error = path + ": " + (m_db ? sqlite3_errmsg(m_db) : "cannot open database");
        close();
        return false;
    }
    sqlite3_busy_timeout(m_db, 5000);
    sqlite3_extended_result_codes(m_db, 1);
    return true;
}

void Database::close() {
    if (m_db) sqlite3_close_v2(m_db);
    m_db = nullptr;
}

bool Database::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        m_error = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        return false;
    }
    return true;
}

std::int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

Statement::Statement(Database& db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        db.setError(std::string(sqlite3_errmsg(db.handle())) + " in: " + std::string(sql));
        m_stmt = nullptr;
        m_failed = true;
    }
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::int64_t value) {
    if (m_stmt) sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (m_stmt) sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (m_stmt) sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindBlob(int index, const void* data, int size) {
    if (m_stmt) sqlite3_bind_blob(m_stmt, index, data, size, SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (m_stmt) sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::step() {
    if (!m_stmt) return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
        m_failed = true;
        m_db.setError(sqlite3_errmsg(m_db.handle()));
    }
    return false;
}

bool Statement::run() {
    step();
    reset();
    return !m_failed;
}

void Statement::reset() {
    if (!m_stmt) return;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::string_view Statement::blob(int column) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string_view();
}

std::optional<double> Statement::optReal(int column) const {
    if (isNull(column)) return std::nullopt;
    return real(column);
}

Transaction::Transaction(Database& db, Kind kind) : m_db(db), m_nested(sqlite3_get_autocommit(db.handle()) == 0) {
    m_active = db.exec(m_nested ? "SAVEPOINT nested" : kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
    if (!m_active || sqlite3_get_autocommit(m_db.handle()) != 0) return;
    const std::string cause = m_db.lastError();  // keep the error that made us roll back
    m_db.exec(m_nested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
    m_db.setError(cause);
}

bool Transaction::commit() {
    if (!m_active) return false;
    if (m_nested) {
        m_active = false;
        return m_db.exec("RELEASE nested");
    }
    if (m_db.exec("COMMIT")) {
        m_active = false;
        return true;
    }
    // Still inside the transaction: the destructor's ROLLBACK ends it and
    // keeps COMMIT's error. Roll back now so the caller sees a clean state.
    const std::string cause = m_db.lastError();
    if (sqlite3_get_autocommit(m_db.handle()) == 0) m_db.exec("ROLLBACK");
    m_db.setError(cause);
    m_active = false;
    return false;
}

}  // namespace corevla
