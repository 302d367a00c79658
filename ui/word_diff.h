// SPDX-License-Identifier: MIT
// A word-level diff of two answers: the words of each that are not in their
// longest common subsequence of words, which the live comparison marks, so
// two models' reasoning can be read against each other at a glance.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace corevla::ui {

struct WordDiff {
    QStringList a, b;               // the words, split at white space
    QVector<bool> aShared, bShared;  // per word: in the common subsequence
};

// Words compare without case and without the punctuation around them, so
// "Stop." and "stop" are the same word.
WordDiff diffWords(const QString& a, const QString& b);

// The words as HTML, the unshared ones on `highlight`; escaped.
QString markedHtml(const QStringList& words, const QVector<bool>& shared, const QString& highlight);

}  // namespace corevla::ui
