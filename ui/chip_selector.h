// SPDX-License-Identifier: MIT
// One meta-action word chosen from its vocabulary as a set of toggle chips
// (exclusive): the annotator clicks, or tabs to a chip and presses Space.
// The checked chip takes the word's colour, like the read-only chips.
#pragma once

#include <QColor>
#include <QStringList>
#include <QWidget>
#include <functional>

class QButtonGroup;

namespace corevla::ui {

class ChipSelector : public QWidget {
    Q_OBJECT
public:
    using Colour = std::function<QColor(const QString& word)>;
    // words laid out `columns` to a row.
    ChipSelector(const QStringList& words, int columns, Colour colour, QWidget* parent = nullptr);

    QString value() const;  // empty: none checked
    void setValue(const QString& word);  // unknown or empty: none; no valueChanged

Q_SIGNALS:
    void valueChanged(const QString& word);  // the person picked a chip

private:
    QButtonGroup* m_group;
    QStringList m_words;
};

}  // namespace corevla::ui
