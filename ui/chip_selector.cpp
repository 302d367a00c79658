// SPDX-License-Identifier: MIT
#include "ui/chip_selector.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QGridLayout>
#include <QToolButton>

namespace corevla::ui {
namespace {

QString buttonStyle(const QColor& on) {
    return QStringLiteral(
               "QToolButton { border: 1px solid #9aa3ad; border-radius: 5px; padding: 2px 8px; color: #37414b;"
               " background: palette(base); font-weight: bold; }"
               "QToolButton:checked { background: %1; color: white; border-color: %1; }"
               "QToolButton:focus { border: 2px solid #2f6fde; }")
        .arg(on.name());
}

}  // namespace

ChipSelector::ChipSelector(const QStringList& words, int columns, Colour colour, QWidget* parent)
    : QWidget(parent), m_group(new QButtonGroup(this)), m_words(words) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    m_group->setExclusive(true);
    for (int i = 0; i < words.size(); ++i) {
        auto* chip = new QToolButton(this);
        chip->setText(words[i]);
        chip->setObjectName(words[i]);
        chip->setCheckable(true);
        chip->setFocusPolicy(Qt::TabFocus);
        chip->setStyleSheet(buttonStyle(colour(words[i])));
        chip->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_group->addButton(chip, i);
        grid->addWidget(chip, i / columns, i % columns);
    }
    grid->setColumnStretch(columns, 1);
    connect(m_group, &QButtonGroup::idClicked, this, [this](int id) { Q_EMIT valueChanged(m_words[id]); });
}

QString ChipSelector::value() const {
    const int id = m_group->checkedId();
    return id >= 0 ? m_words[id] : QString();
}

void ChipSelector::setValue(const QString& word) {
    const int id = int(m_words.indexOf(word));
    if (id < 0) {
        // An exclusive group keeps one button checked: lift the rule to clear it.
        m_group->setExclusive(false);
        for (QAbstractButton* b : m_group->buttons()) b->setChecked(false);
        m_group->setExclusive(true);
        return;
    }
    m_group->button(id)->setChecked(true);
}

}  // namespace corevla::ui
