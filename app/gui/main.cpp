// cartograph: the GUI composition root. Builds the application, loads translations, shows the window.
#include <QApplication>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QTextStream>
#include <cstdio>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include "app/gui/run_engine.h"
#include "core/demo/demo.h"
#include "core/threads.h"
#include "core/version.h"
#include "widgets/export/exportcommand.h"
#include "widgets/preferences/preferences.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/runs/runlauncher.h"

namespace {

// `cartograph export-figure ...` and `cartograph report ...`: no window, so no display is needed; the
// offscreen platform is chosen whatever the environment says (widgets/export/exportcommand.h).
int runHeadless(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  // Read before QGuiApplication, which takes X11 session-management options such as --session.
  QStringList arguments;
  for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
  // The commands' own output is the one `error:` line; Qt's platform notes (no XDG_RUNTIME_DIR on a
  // server) are not for the user of a command line.
  qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg) fprintf(stderr, "%s\n", qPrintable(message));
  });
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("Cartograph"));
  QGuiApplication::setApplicationVersion(QStringLiteral(CARTOGRAPH_VERSION));
  core::configure_threads(0);
  QTextStream out(stdout), err(stderr);
  return widgets::runExportCommand(arguments, out, err);
}

}  // namespace

int main(int argc, char** argv) {
  core::run_with_quiet_thread_pools();  // before anything else: it may run the program again
  core::tune_allocator();
  if (argc > 1 && widgets::isExportCommand(QString::fromLocal8Bit(argv[1]))) return runHeadless(argc, argv);
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Cartograph"));
  QApplication::setApplicationName(QStringLiteral("Cartograph"));
  QApplication::setApplicationVersion(QStringLiteral(CARTOGRAPH_VERSION));
  QApplication::setDesktopFileName(QStringLiteral("org.cartograph.Cartograph"));

  // The demo's cache rule lives in core::demo, which widgets may not link: the Preferences learn it here.
  widgets::Preferences::setDefaultCacheFolder(QString::fromStdString(core::demo::default_demo_root().string()));
  // The language chosen in Edit → Preferences…, else the system's (read once: a change applies at the
  // next start). English is the source language: no translator found means English.
  const QString language = widgets::Preferences::load().language;
  const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
  QLocale::setDefault(locale);
  QTranslator qtTranslator, appTranslator, plurals;
  // English plural forms ("1 map", "2 maps") beneath the chosen language's translation, which wins where
  // it has one (the last installed translator is asked first).
  if (plurals.load(QStringLiteral(":/i18n/cartograph_en"))) QApplication::installTranslator(&plurals);
  if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                        QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QApplication::installTranslator(&qtTranslator);
  if (appTranslator.load(locale, QStringLiteral("cartograph"), QStringLiteral("_"), QStringLiteral(":/i18n")))
    QApplication::installTranslator(&appTranslator);

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "Cartograph workbench"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("session"), QApplication::translate("main", "Session file to open"),
                               QStringLiteral("[session.cartograph]"));
  const QCommandLineOption demoOption(
      QStringLiteral("demo"),
      QApplication::translate("main", "Open the demo session (built on first use, a few minutes; then cached)"));
  parser.addOption(demoOption);
  parser.process(app);

  core::configure_threads(0);  // once per process; a run limits only its own worker (core::ThreadLimit)
  // Sessions are read and written through widgets::StoreBackend (MainWindow's default); runs by the
  // engine; the demo by core::demo, the same builder and cache as `cartograph-cli demo`.
  widgets::MainWindow window;
  window.setRunLauncher(std::make_unique<widgets::EngineRunLauncher>(window.session(), window.jobs(), gui::runEngine));
  window.setDemoBuilder([](core::Job& job) -> core::Result<QString> {
    core::demo::DemoOptions options;
    options.root = widgets::Preferences::load().cacheFolder.toStdString();  // Edit → Preferences…
    auto demo = core::demo::build_demo(options, job);
    if (!demo) return std::unexpected(demo.error());
    return QString::fromStdString(demo->session.string());
  });
  window.show();
  if (!parser.positionalArguments().isEmpty())
    window.openSession(parser.positionalArguments().constFirst());
  else if (parser.isSet(demoOption))
    window.openDemo();
  return app.exec();
}
