// SPDX-License-Identifier: MIT
// The playback clock: shuttle keys, stepping, limits, and real playback time.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include "ui/transport.h"

using corevla::ui::Transport;

class TestTransport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepsAndClamps() {
        Transport t;
        QSignalSpy frames(&t, &Transport::frameChanged);
        t.setRange(100, 10);
        QCOMPARE(frames.count(), 1);
        t.step(1);
        t.step(1);
        QCOMPARE(t.frame(), 2);
        t.step(-5);
        QCOMPARE(t.frame(), 0);
        t.seek(1000);
        QCOMPARE(t.frame(), 99);
        QCOMPARE(t.time(), 9.9);
    }

    void shuttleDoublesAndReverses() {
        Transport t;
        t.setRange(1000, 10);
        t.seek(500);
        t.shuttleForward();
        QVERIFY(t.isPlaying());
        QCOMPARE(t.rate(), 1.0);
        t.shuttleForward();
        t.shuttleForward();
        t.shuttleForward();
        t.shuttleForward();  // capped
        QCOMPARE(t.rate(), 8.0);
        t.shuttleReverse();  // direction change starts again at 1x
        QCOMPARE(t.rate(), -1.0);
        t.shuttleReverse();
        QCOMPARE(t.rate(), -2.0);
        t.pause();
        QVERIFY(!t.isPlaying());
        t.setRate(0.01);
        QCOMPARE(t.rate(), 0.25);
        t.slower();
        QCOMPARE(t.rate(), 0.25);
        t.faster();
        QCOMPARE(t.rate(), 0.5);
    }

    void playsInRealTimeAndStopsAtTheEnd() {
        Transport t;
        t.setRange(30, 10);
        t.setRate(4);  // 30 frames at 40 frames/s: 0.75 s
        QElapsedTimer clock;
        clock.start();
        t.play();
        QTRY_VERIFY_WITH_TIMEOUT(!t.isPlaying(), 5000);
        QCOMPARE(t.frame(), 29);
        QVERIFY2(clock.elapsed() >= 650, qPrintable(QString::number(clock.elapsed())));
    }

    // Inside a loop playback wraps at either end instead of stopping, and
    // play() outside it starts at its beginning.
    void loopsInsideARange() {
        Transport t;
        QSignalSpy looping(&t, &Transport::loopChanged);
        t.setRange(100, 10);
        t.seek(90);
        t.setLoop(20, 29);
        QCOMPARE(looping.count(), 1);
        t.setRate(8);
        QSignalSpy frames(&t, &Transport::frameChanged);
        t.play();
        QCOMPARE(t.frame(), 20);
        QTest::qWait(600);  // 10 frames at 80 frames/s: several rounds
        QVERIFY(t.isPlaying());
        int wraps = 0, previous = -1;
        for (const auto& args : frames) {
            const int f = args.at(0).toInt();
            QVERIFY2(f >= 20 && f <= 29, qPrintable(QString::number(f)));
            wraps += f < previous;
            previous = f;
        }
        QVERIFY(wraps >= 2);
        t.pause();
        t.setRate(-8);  // backwards it wraps from the start to the end
        frames.clear();
        t.play();
        QTest::qWait(400);
        for (const auto& args : frames) QVERIFY(args.at(0).toInt() >= 20 && args.at(0).toInt() <= 29);
        t.clearLoop();
        QCOMPARE(looping.count(), 2);
        QVERIFY(!t.isLooping());
        t.setLoop(95, 200);  // clamped to the recording
        QCOMPARE(t.loopLast(), 99);
        t.setRange(50, 10);  // another recording: no loop
        QVERIFY(!t.isLooping());
    }

    void playsBackwards() {
        Transport t;
        t.setRange(30, 10);
        t.seek(20);
        t.setRate(-8);
        t.play();
        QTRY_VERIFY_WITH_TIMEOUT(!t.isPlaying(), 5000);
        QCOMPARE(t.frame(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"
