// SPDX-License-Identifier: MIT
#include "ui/chips.h"

#include <QLabel>

#include "ui/spans.h"

namespace corevla::ui {

QString chipStyle(const QColor& background, const QColor& text) {
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 5px; padding: 3px 10px; }")
        .arg(background.name(), text.name());
}

QLabel* makeChip(QWidget* parent, double scale) {
    auto* chip = new QLabel(parent);
    QFont f = chip->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(true);  // in the font, not the style sheet, so the size hint knows it
    chip->setFont(f);
    chip->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    return chip;
}

namespace {

// Only what changed: a new style sheet re-polishes the label and lays its
// parent out again, which playback would otherwise pay on every decision.
void setChip(QLabel* chip, const QString& text, const QString& style) {
    if (chip->text() != text) chip->setText(text);
    if (chip->styleSheet() != style) chip->setStyleSheet(style);
}

}  // namespace

void showSpeedChip(QLabel* chip, const std::string& speed) {
    setChip(chip, speed.empty() ? QStringLiteral("—") : QString::fromStdString(speed),
            chipStyle(speed.empty() ? QColor(0xB0, 0xB0, 0xB0) : palette::speedCommand(speed)));
}

void showDirectionChip(QLabel* chip, const std::string& direction) {
    setChip(chip, direction.empty() ? QStringLiteral("—") : QString::fromStdString(direction), chipStyle(QColor(0x45, 0x5A, 0x64)));
}

}  // namespace corevla::ui
