// SPDX-License-Identifier: MIT
// corevla-workstation: the GUI. Usage: corevla-workstation [--runs] [PROJECT.corevla]
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

#include "ui/main_window.h"
#include "ui/runs_panel.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("CoReVLA Workstation");
    QApplication::setOrganizationName("CoReVLA");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser parser;
    parser.setApplicationDescription("Review, annotate and refine VLA driving recordings.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("project", "The project file (.corevla) to open.");
    const QCommandLineOption runs("runs", "Show the Runs panel with the project's two newest runs compared.");
    parser.addOption(runs);
    parser.process(app);

    corevla::ui::MainWindow window;
    const QStringList args = parser.positionalArguments();
    const QString project = args.isEmpty() ? QSettings().value("project/last").toString() : args.first();
    if (!project.isEmpty()) window.openProject(project, !args.isEmpty());
    window.show();
    if (parser.isSet(runs)) {
        window.runs()->focusPanel();
        window.runs()->selectNewestRuns(2);
    }
    return app.exec();
}
