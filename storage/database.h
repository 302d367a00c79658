// SPDX-License-Identifier: MIT
// Thin RAII wrapper over SQLite: a connection, prepared statements that bind
// by index and finalize in their destructor, and a transaction that rolls
// back unless committed. Errors are values (bool + lastError()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace corevla {

class Database {
public:
    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    bool open(const std::string& path, bool create);
    void close();
    // Runs one or more statements without results.
    bool exec(std::string_view sql);
    const std::string& lastError() const { return m_error; }
    void setError(std::string message) { m_error = std::move(message); }
    std::int64_t lastInsertId() const;
    int changes() const;  // rows the last INSERT, UPDATE or DELETE changed
    sqlite3* handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
    std::string m_error;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return m_stmt != nullptr; }
    // A step failed (or the statement did not prepare): the rows read so far
    // are not the whole answer.
    bool failed() const { return m_failed; }
    // Binding is 1-based like SQLite's; returns *this to chain.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bindBlob(int index, const void* data, int size);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Advances to the next row: true while there is one. On error returns
    // false, sets failed() and the database's lastError().
    bool step();
    // For statements without results: step once, then reset for reuse.
    bool run();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::string text(int column) const;
    std::string_view blob(int column) const;
    std::optional<double> optReal(int column) const;

private:
    Database& m_db;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_failed = false;
};

// BEGIN IMMEDIATE (write: takes the write lock at once, so checks made inside
// hold until COMMIT) or BEGIN DEFERRED (read: one consistent snapshot).
// Inside another transaction it is a savepoint of it: all-or-nothing within,
// and committed with the outer one.
class Transaction {
public:
    enum class Kind { Write, Read };
    explicit Transaction(Database& db, Kind kind = Kind::Write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    bool ok() const { return m_active; }
    // A COMMIT that fails (disk full, a deferred constraint) is rolled back:
    // the connection never stays inside a transaction nobody owns.
    bool commit();

private:
    Database& m_db;
    bool m_active = false;
    bool m_nested = false;
};

}  // namespace corevla
