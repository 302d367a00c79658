// SPDX-License-Identifier: MIT
// The JSON writer's strings: escapes, control characters, and text that is
// not UTF-8 (a model's byte-level answer) written as U+FFFD so the output
// stays JSON every parser takes; well-formed UTF-8 passes unchanged.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "storage/json_writer.h"

using namespace corevla;

class TestJsonWriter : public QObject {
    Q_OBJECT

    static std::string written(std::string_view text) {
        JsonWriter w;
        return w.beginObject().key("t").str(text).endObject().take();
    }

private Q_SLOTS:
    void escapes() {
        QCOMPARE(written("a\"b\\c\nd\te\x01"), std::string("{\"t\":\"a\\\"b\\\\c\\nd\\te\\u0001\"}"));
    }

    void wellFormedUtf8PassesUnchanged() {
        const std::string text = "Brems! \xc3\xa4 \xe2\x82\xac \xf0\x9f\x9a\x97";  // ä € 🚗
        QCOMPARE(written(text), "{\"t\":\"" + text + "\"}");
    }

    void brokenUtf8BecomesReplacementCharacters() {
        for (const std::string bad : {std::string("\xff"), std::string("\xc3"), std::string("\xe2\x82"), std::string("\xc0\xaf"),
                                      std::string("\xed\xa0\x80"), std::string("\xf5\x80\x80\x80"), std::string("\x80")}) {
            const std::string json = written("a" + bad + "b");
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
            QVERIFY2(error.error == QJsonParseError::NoError, json.c_str());
            const QString text = doc.object().value("t").toString();
            QVERIFY2(text.startsWith('a') && text.endsWith('b') && text.contains(QChar(0xFFFD)), json.c_str());
            QVERIFY(json.find(bad) == std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_json_writer.moc"
