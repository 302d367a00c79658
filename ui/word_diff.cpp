// SPDX-License-Identifier: MIT
#include "ui/word_diff.h"

#include <QRegularExpression>
#include <vector>

namespace corevla::ui {
namespace {

QString key(const QString& word) {
    int first = 0, last = int(word.size());
    while (first < last && !word[first].isLetterOrNumber()) ++first;
    while (last > first && !word[last - 1].isLetterOrNumber()) --last;
    return word.mid(first, last - first).toLower();
}

}  // namespace

WordDiff diffWords(const QString& a, const QString& b) {
    static const QRegularExpression space("\\s+");
    WordDiff d;
    d.a = a.split(space, Qt::SkipEmptyParts);
    d.b = b.split(space, Qt::SkipEmptyParts);
    const int n = int(d.a.size()), m = int(d.b.size());
    QStringList ka, kb;
    for (const QString& w : d.a) ka << key(w);
    for (const QString& w : d.b) kb << key(w);
    // LCS lengths of the suffixes; answers are a few dozen words.
    std::vector<std::vector<int>> len(std::size_t(n) + 1, std::vector<int>(std::size_t(m) + 1, 0));
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            len[i][j] = ka[i] == kb[j] ? len[i + 1][j + 1] + 1 : std::max(len[i + 1][j], len[i][j + 1]);
    d.aShared.fill(false, n);
    d.bShared.fill(false, m);
    for (int i = 0, j = 0; i < n && j < m;) {
        if (ka[i] == kb[j]) d.aShared[i++] = d.bShared[j++] = true;
        else if (len[i + 1][j] >= len[i][j + 1]) ++i;
        else ++j;
    }
    return d;
}

QString markedHtml(const QStringList& words, const QVector<bool>& shared, const QString& highlight) {
    QStringList out;
    for (int i = 0; i < words.size(); ++i) {
        const QString w = words[i].toHtmlEscaped();
        out << (i < shared.size() && shared[i] ? w : QString("<span style='background:%1'>%2</span>").arg(highlight, w));
    }
    return out.join(' ');
}

}  // namespace corevla::ui
