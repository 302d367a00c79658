// SPDX-License-Identifier: MIT
// The Library panel on a real project file: model invariants, sorting,
// filtering, opening a recording, and import through the main window.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/common/shared_sample.h"
#include "storage/project.h"
#include "ui/library_model.h"
#include "ui/library_panel.h"
#include "ui/main_window.h"

using namespace corevla;

class TestLibrary : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_sample;

private Q_SLOTS:
    void initTestCase() {
        qputenv("COREVLA_NO_DIALOGS", "1");
        QCoreApplication::setOrganizationName("CoReVLA-tests");
        std::filesystem::path sampleDir;
        const auto made = testing::sharedSmallSample(&sampleDir);
        QVERIFY2(made.ok, made.error.c_str());
        m_sample = QString::fromStdString(sampleDir.string());
    }

    void importsThroughTheWindowAndListsRecordings() {
        ui::MainWindow window;
        QVERIFY(window.openProject(m_dir.filePath("lib.corevla"), true));
        new QAbstractItemModelTester(window.library()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        QSignalSpy done(&window, &ui::MainWindow::importFinished);
        window.importPaths({m_sample});
        QVERIFY(done.wait(120000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        QCOMPARE(window.library()->model()->rowCount(), 7);

        // Sorting by takeovers puts the CAVE session with two takeovers last.
        QTableView* view = window.library()->view();
        view->sortByColumn(ui::LibraryModel::Takeovers, Qt::AscendingOrder);
        const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, ui::LibraryModel::Takeovers);
        QCOMPARE(last.data(Qt::EditRole).toInt(), 2);

        // Filtering narrows the view; the model keeps every row.
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(view->model());
        proxy->setFilterFixedString("CAVE");
        QCOMPARE(proxy->rowCount(), 3);
        proxy->setFilterFixedString(QString());

        QSignalSpy open(window.library(), &ui::LibraryPanel::openRequested);
        view->setFocus();
        view->setCurrentIndex(view->model()->index(0, 1));
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(open.count(), 1);
        QVERIFY(open.at(0).at(0).toLongLong() > 0);
    }
};

QTEST_MAIN(TestLibrary)
#include "tst_library.moc"
