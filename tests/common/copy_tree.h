// SPDX-License-Identifier: MIT
// A folder copied whole, as a user copies a recording or a dataset before
// changing it; tests then break the copy, never the shared original.
#pragma once

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

namespace corevla::testing {

inline void copyTree(const QString& from, const QString& to) {
    QDir().mkpath(to);
    for (const QFileInfo& e : QDir(from).entryInfoList(QDir::NoDotAndDotDot | QDir::AllEntries)) {
        if (e.isDir()) copyTree(e.filePath(), to + "/" + e.fileName());
        else QFile::copy(e.filePath(), to + "/" + e.fileName());
    }
}

}  // namespace corevla::testing
