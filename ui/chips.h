// SPDX-License-Identifier: MIT
// Meta-action chips: the coloured labels the reasoning panel and the pair
// builder show for a speed and a direction command, in one look.
#pragma once

#include <QColor>
#include <QString>
#include <string>

class QLabel;
class QWidget;

namespace corevla::ui {

// A rounded label style sheet in `background` with `text` colour.
QString chipStyle(const QColor& background, const QColor& text = Qt::white);
// A bold label `scale` times the default font size, as wide as its text.
QLabel* makeChip(QWidget* parent, double scale);
// Shows a meta-action word on a chip: speeds in their palette colour,
// directions in slate, "—" for none.
void showSpeedChip(QLabel* chip, const std::string& speed);
void showDirectionChip(QLabel* chip, const std::string& direction);

}  // namespace corevla::ui
