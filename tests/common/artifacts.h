// SPDX-License-Identifier: MIT
// Where tests leave what a person should look at (screenshots):
// $COREVLA_ARTIFACTS/<sub>, made if needed.
#pragma once

#include <QDir>
#include <QString>

namespace corevla::testing {

inline QString artifactsDir(const QString& sub) {
    const QString dir = qEnvironmentVariable("COREVLA_ARTIFACTS", QDir::tempPath()) + "/" + sub;
    QDir().mkpath(dir);
    return dir;
}

}  // namespace corevla::testing
