#pragma once
// The workbench binary's headless subcommands (app/gui/main.cpp runs them before any window exists,
// on the offscreen platform, so they work with no display):
//   cartograph export-figure --session S --run ID --figure NAME [--format png|svg|pdf] --out F
//              [--slice NAME] [--dpi N] [--no-caption] [--no-sidecars] [--force]
//              [--document N] [--start N] [--length N] [--position N] [--metric KEY] [--map N] [--field F]
//   cartograph export-figure --list
//   cartograph report --session S --run ID --out report.html|report.md [--slice NAME] [--force]
// Exit codes as the CLI's (docs/ARCHITECTURE.md, "Command line"): 0 ok, 1 bad input or a failure
// (one `error:` line on stderr), 2 usage error. Runs on the calling thread (there is no event loop
// to keep responsive); needs a QGuiApplication for fonts.
#include <QStringList>

class QTextStream;

namespace widgets {

// Whether `word` (argv[1]) names a headless subcommand.
bool isExportCommand(const QString& word);

// `arguments` as argv: the program, then the subcommand and its options.
int runExportCommand(const QStringList& arguments, QTextStream& out, QTextStream& err);

}  // namespace widgets
