// SPDX-License-Identifier: MIT
// The open-loop text metrics against formats.md §6's worked examples
// (checked there with NLTK 3.8, jieba 0.42.1 and rouge_chinese).
#include <QtTest>

#include "trainer/text_metrics.h"

using namespace corevla::trainer;

class TestTextMetrics : public QObject {
    Q_OBJECT

    static constexpr const char* kRefA = "The ego vehicle should stop at the red light.";
    static constexpr const char* kHypA = "The ego vehicle should slow down at the red light.";
    static constexpr const char* kRefB = "Keep following the lead car at a steady speed.";
    static constexpr const char* kHypB = "Follow the car.";

    static void near(double actual, double expected) {
        QVERIFY2(std::abs(actual - expected) < 5e-4, qPrintable(QString("%1 vs %2").arg(actual, 0, 'f', 6).arg(expected)));
    }

private Q_SLOTS:
    void bleuMatchesTheWorkedExamples() {
        near(bleu4(kHypA, kRefA), 80.7751);
        near(bleu4(kHypB, kRefB), 8.3371);
        near((bleu4(kHypA, kRefA) + bleu4(kHypB, kRefB)) / 2, 44.5561);
        near(bleu4(kRefA, kRefA), 100);
        QCOMPARE(bleu4("", kRefA), 0.0);
        QCOMPARE(bleu4("xyz", "abc"), 0.0);  // no character in common
    }

    void rougeMatchesTheWorkedExamples() {
        near(rouge1(kHypA, kRefA), 85.7143);
        near(rougeL(kHypA, kRefA), 85.7143);
        near(rouge1(kHypB, kRefB), 42.8571);
        near(rougeL(kHypB, kRefB), 42.8571);
        QCOMPARE(rouge1("", kRefA), 0.0);
        QCOMPARE(rougeL(kHypA, "  "), 0.0);
    }

    void wordsKeepNumbersWholeAndSplitPunctuation() {
        const std::vector<std::string> expected{"Slow", "to", "3.5", "m", "/", "s", ",", "20%", "less", "."};
        QCOMPARE(words("Slow to 3.5 m/s, 20% less."), expected);
        QCOMPARE(words("The the").size(), std::size_t(2));  // case kept
    }

    // Characters are code points, not bytes: one accented letter is one.
    void bleuCountsCodePoints() {
        near(bleu4("caf\xc3\xa9", "caf\xc3\xa9"), 100);
        QVERIFY(bleu4("cafe", "caf\xc3\xa9") < bleu4("caf\xc3\xa9", "caf\xc3\xa9"));
    }
};

QTEST_APPLESS_MAIN(TestTextMetrics)
#include "tst_text_metrics.moc"
