// SPDX-License-Identifier: MIT
// The Library panel on a real project file: model invariants, sorting,
// filtering, opening a recording, and import through the main window.
#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>
#include <QTimer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <stdexcept>

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

    // An import that throws on its worker: the dialog closes, the error is
    // reported, the window stays up and the next import works.
    void anExceptionInTheImportWorkerIsReported() {
        ui::MainWindow window;
        window.show();
        QVERIFY(window.openProject(m_dir.filePath("throws.corevla"), true));
        QSignalSpy done(&window, &ui::MainWindow::importFinished);
        window.importPaths({m_sample}, [](Project&, const std::vector<std::filesystem::path>&,
                                          const importers::ImportOptions&) -> importers::ImportReport {
            throw std::runtime_error("injected failure");
        });
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QVERIFY(window.isVisible());
        QVERIFY2(window.statusBar()->currentMessage().contains("stopped with an error"),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(window.findChildren<QProgressDialog*>().isEmpty() ||
                !window.findChildren<QProgressDialog*>().first()->isVisible());
        window.importPaths({m_sample});
        QVERIFY(done.wait(120000));
        QCOMPARE(done.at(1).at(0).toBool(), true);
        QCOMPARE(window.library()->model()->rowCount(), 7);
    }

    // Deleting asks first, naming what goes with the recording (a person's
    // bookmark among it); Cancel keeps everything.
    void deleteAsksAndCountsWhatGoes() {
        const QString path = m_dir.filePath("delete.corevla");
        ui::MainWindow window;
        window.show();
        QVERIFY(window.openProject(path, true));
        QSignalSpy done(&window, &ui::MainWindow::importFinished);
        window.importPaths({m_sample});
        QVERIFY(done.wait(120000));
        const std::int64_t id = window.library()->firstVisibleId();
        {
            Project p;
            QVERIFY(p.open(path.toStdString(), Project::Mode::OpenExisting));
            QVERIFY(p.addEvent(id, Event{EventKind::Bookmark, 0, 0, "", "keep me", {}, {}, {}}));
        }
        QString asked;
        const auto answer = [&](const QString& button) {
            QTimer::singleShot(0, [&, button] {
                auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                QVERIFY(box);
                QCOMPARE(box->objectName(), QString("confirmDelete"));
                asked = box->text();
                for (QAbstractButton* b : box->buttons())
                    if (b->text().remove('&') == button) b->click();
            });
        };
        answer("Cancel");
        window.deleteRecording(id);
        QVERIFY2(asked.contains("1 bookmark(s) or note(s) a person made"), qPrintable(asked));
        QVERIFY(asked.contains("frame(s)"));
        QCOMPARE(window.library()->model()->rowCount(), 7);

        answer("Delete");
        window.deleteRecording(id);
        QCOMPARE(window.library()->model()->rowCount(), 6);
        QCOMPARE(window.library()->model()->rowOfId(id), -1);
    }
};

QTEST_MAIN(TestLibrary)
#include "tst_library.moc"
