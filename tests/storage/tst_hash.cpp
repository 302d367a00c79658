// SPDX-License-Identifier: MIT
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "storage/hash.h"

using namespace corevla;

class TestHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void streamingEqualsOneShot() {
        std::string data;
        for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7);
        Hasher h;
        for (std::size_t i = 0; i < data.size(); i += 13) h.update(data.data() + i, std::min<std::size_t>(13, data.size() - i));
        QCOMPARE(h.digest(), hashBytes(data.data(), data.size()));
    }
    // Stored projects keep these digests: if the function changed, every
    // re-import would report every file as changed. The expected values were
    // computed by an independent transcription of the algorithm in Python.
    void knownAnswers() {
        std::string pattern;
        for (int i = 0; i < 1000; ++i) pattern += static_cast<char>(i * 7);
        QCOMPARE(hashToHex(hashBytes("", 0)), std::string("e7157c6bd1493c30"));
        QCOMPARE(hashToHex(hashBytes("a", 1)), std::string("4ddfff95040bd26d"));
        QCOMPARE(hashToHex(hashBytes("hello world", 11)), std::string("374890495b54cd37"));
        QCOMPARE(hashToHex(hashBytes(pattern.data(), pattern.size())), std::string("d5e9916632c28c70"));
    }
    void detectsSmallChanges() {
        std::string a(4096, 'x');
        std::string b = a;
        b[2000] = 'y';
        QVERIFY(hashBytes(a.data(), a.size()) != hashBytes(b.data(), b.size()));
        QVERIFY(hashBytes(a.data(), 10) != hashBytes(a.data(), 11));  // length matters
    }
    void hashesFiles() {
        QTemporaryDir dir;
        const auto path = dir.filePath("f.bin").toStdString();
        std::ofstream(path, std::ios::binary) << "hello world";
        const auto d = hashFile(path);
        QVERIFY(d);
        QCOMPARE(d->size, std::int64_t(11));
        QCOMPARE(d->hash, hashBytes("hello world", 11));
        std::string error;
        QVERIFY(!hashFile(dir.filePath("nope").toStdString(), &error));
        QVERIFY(!error.empty());
    }
};

QTEST_GUILESS_MAIN(TestHash)
#include "tst_hash.moc"
