#include "widgets/export/exportcommand.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include "widgets/export/exportrun.h"
#include "widgets/export/figurefile.h"
#include "widgets/export/report.h"

namespace widgets {

namespace {

enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2 };

int failure(QTextStream& err, const core::Error& e) {
  err << "error: " << QString::fromStdString(e.what()) << Qt::endl;
  return kFailure;
}

int usage(QTextStream& err, const QString& command, const QString& message) {
  err << "error: " << message << Qt::endl
      << "usage: see cartograph " << command << " --help" << Qt::endl;
  return kUsage;
}

struct Common {
  QString session, slice, out;
  qint64 run = 0;
  bool force = false;
};

QCommandLineOption opt(const QString& name, const QString& help, const QString& value = {}) {
  return value.isEmpty() ? QCommandLineOption(name, help) : QCommandLineOption(name, help, value);
}

void addCommon(QCommandLineParser& parser) {
  parser.addHelpOption();
  parser.addOption(opt(QStringLiteral("session"), QStringLiteral("The session file (.cartograph)"), QStringLiteral("S")));
  parser.addOption(opt(QStringLiteral("run"), QStringLiteral("The run's id"), QStringLiteral("ID")));
  parser.addOption(opt(QStringLiteral("out"), QStringLiteral("The file to write"), QStringLiteral("F")));
  parser.addOption(opt(QStringLiteral("slice"), QStringLiteral("A slice saved in the session (default: every position)"),
                       QStringLiteral("NAME")));
  parser.addOption(opt(QStringLiteral("force"), QStringLiteral("Replace existing files")));
}

// Parses; returns an exit code when the command is done (help, usage error), -1 to go on.
int parse(QCommandLineParser& parser, const QStringList& args, const QString& command, QTextStream& out, QTextStream& err) {
  if (!parser.parse(args)) return usage(err, command, parser.errorText());
  if (parser.isSet(QStringLiteral("help"))) {
    out << parser.helpText();
    return kOk;
  }
  if (!parser.positionalArguments().isEmpty())
    return usage(err, command, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));
  return -1;
}

int readCommon(QCommandLineParser& parser, const QString& command, Common& c, QTextStream& err) {
  for (const char* name : {"session", "run", "out"})
    if (!parser.isSet(QString::fromLatin1(name)))
      return usage(err, command, QStringLiteral("--%1 is required").arg(QString::fromLatin1(name)));
  c.session = parser.value(QStringLiteral("session"));
  c.out = parser.value(QStringLiteral("out"));
  c.slice = parser.value(QStringLiteral("slice"));
  c.force = parser.isSet(QStringLiteral("force"));
  bool ok = false;
  c.run = parser.value(QStringLiteral("run")).toLongLong(&ok);
  if (!ok) return usage(err, command, QStringLiteral("--run takes a run id (a number), not \"%1\"").arg(parser.value(QStringLiteral("run"))));
  return -1;
}

int intOption(QCommandLineParser& parser, const char* name, int fallback, bool* ok) {
  if (!parser.isSet(QString::fromLatin1(name))) return fallback;
  bool good = false;
  const int v = parser.value(QString::fromLatin1(name)).toInt(&good);
  if (!good) *ok = false;
  return v;
}

core::Result<ExportRun> load(const Common& c) {
  if (!QFileInfo::exists(c.session))
    return core::fail(core::ErrorCode::NotFound, "no such session file", c.session.toStdString());
  core::Job job;
  return loadExportRun(c.session, c.run, c.slice, job);
}

int exportFigureCommand(const QStringList& args, QTextStream& out, QTextStream& err) {
  const QString command = QStringLiteral("export-figure");
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Export one figure of a run as PNG, SVG or PDF with CSV and JSON sidecars"));
  addCommon(parser);
  parser.addOption(opt(QStringLiteral("list"), QStringLiteral("List the figures and exit")));
  parser.addOption(opt(QStringLiteral("figure"), QStringLiteral("The figure (see --list)"), QStringLiteral("NAME")));
  parser.addOption(opt(QStringLiteral("format"), QStringLiteral("png, svg or pdf (default: from --out)"), QStringLiteral("FORMAT")));
  parser.addOption(opt(QStringLiteral("dpi"), QStringLiteral("PNG resolution (default 200)"), QStringLiteral("N")));
  parser.addOption(opt(QStringLiteral("no-caption"), QStringLiteral("Leave the provenance caption out of the image (it stays in the metadata)")));
  parser.addOption(opt(QStringLiteral("no-sidecars"), QStringLiteral("Write no .csv and .json beside the figure")));
  for (const char* n : {"document", "start", "length", "position", "map", "zoom", "prompt", "sample-set"})
    parser.addOption(opt(QString::fromLatin1(n), QStringLiteral("See --list"), QStringLiteral("N")));
  parser.addOption(opt(QStringLiteral("metric"), QStringLiteral("A position metric key (strip, map)"), QStringLiteral("KEY")));
  parser.addOption(opt(QStringLiteral("field"), QStringLiteral("A metadata field (metadata)"), QStringLiteral("FIELD")));
  parser.addOption(opt(QStringLiteral("percentile"),
                       QStringLiteral("strip: the colour range, this percentile of |value| (90, 95, 98, 99 or 100 = full range; default 98)"),
                       QStringLiteral("P")));
  parser.addOption(opt(QStringLiteral("shared-scale"), QStringLiteral("strip: one colour range over every map (default: each map its own)")));
  if (const int done = parse(parser, args, command, out, err); done >= 0) return done;
  if (parser.isSet(QStringLiteral("list"))) {
    for (const FigureKind& k : figureKinds()) out << k.name << "\t" << k.description << Qt::endl;
    return kOk;
  }
  Common c;
  if (!parser.isSet(QStringLiteral("figure")))
    return usage(err, command, QStringLiteral("--figure is required (figures: %1)").arg(figureNames().join(QStringLiteral(", "))));
  if (const int done = readCommon(parser, command, c, err); done >= 0) return done;
  const QString name = parser.value(QStringLiteral("figure"));
  if (!figureNames().contains(name))
    return failure(err, core::Error{core::ErrorCode::InvalidInput,
                                    "unknown figure \"" + name.toStdString() + "\" (figures: " +
                                        figureNames().join(QStringLiteral(", ")).toStdString() + ")", {}, {}});
  auto format = figureFormat(parser.isSet(QStringLiteral("format")) ? parser.value(QStringLiteral("format")) : QFileInfo(c.out).suffix());
  if (!format) return failure(err, format.error());
  FigureExportOptions options;
  options.format = *format;
  options.overwrite = c.force;
  options.caption = !parser.isSet(QStringLiteral("no-caption"));
  options.sidecars = !parser.isSet(QStringLiteral("no-sidecars"));
  bool ok = true;
  options.dpi = intOption(parser, "dpi", 200, &ok);
  FigureOptions figureOptions;
  figureOptions.document = intOption(parser, "document", -1, &ok);
  figureOptions.start = intOption(parser, "start", -1, &ok);
  figureOptions.length = intOption(parser, "length", 40, &ok);
  figureOptions.position = intOption(parser, "position", -1, &ok);
  figureOptions.map = intOption(parser, "map", 0, &ok);
  figureOptions.zoom = intOption(parser, "zoom", 0, &ok);
  figureOptions.prompt = intOption(parser, "prompt", -1, &ok);
  figureOptions.sampleSet = intOption(parser, "sample-set", 0, &ok);
  figureOptions.metric = parser.value(QStringLiteral("metric"));
  figureOptions.field = parser.value(QStringLiteral("field"));
  figureOptions.scalePerMap = !parser.isSet(QStringLiteral("shared-scale"));
  if (parser.isSet(QStringLiteral("percentile"))) {
    bool number = false;
    figureOptions.scalePercentile = parser.value(QStringLiteral("percentile")).toDouble(&number);
    if (!number || !(figureOptions.scalePercentile > 0 && figureOptions.scalePercentile <= 100))
      return usage(err, command, QStringLiteral("--percentile must be a number above 0 and at most 100 (e.g. 98)"));
  }
  if (!ok)
    return usage(err, command,
                 QStringLiteral("--dpi, --document, --start, --length, --position, --map, --zoom, --prompt and --sample-set take whole numbers"));
  if (options.dpi < 24 || options.dpi > 1200) return usage(err, command, QStringLiteral("--dpi must be between 24 and 1200"));
  // Refuse before loading anything: an existing file or a missing folder fails fast.
  QStringList targets{c.out};
  if (options.sidecars) targets << sidecarPaths(c.out);
  for (const QString& t : targets)
    if (auto writable = checkWritable(t, c.force); !writable) return failure(err, writable.error());
  auto run = load(c);
  if (!run) return failure(err, run.error());
  core::Job job;
  auto figure = buildFigure(name, run->source, figureOptions, job);
  if (!figure) return failure(err, figure.error());
  auto written = exportFigure(*figure, run->provenance, c.out, options);
  if (!written) return failure(err, written.error());
  for (const QString& w : *written) out << w << Qt::endl;
  return kOk;
}

int reportCommand(const QStringList& args, QTextStream& out, QTextStream& err) {
  const QString command = QStringLiteral("report");
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Write a run's report: self-contained HTML, or Markdown with its figures beside it"));
  addCommon(parser);
  if (const int done = parse(parser, args, command, out, err); done >= 0) return done;
  Common c;
  if (const int done = readCommon(parser, command, c, err); done >= 0) return done;
  if (auto format = reportFormatFor(c.out); !format) return failure(err, format.error());
  if (auto writable = checkWritable(c.out, c.force); !writable) return failure(err, writable.error());
  auto run = load(c);
  if (!run) return failure(err, run.error());
  auto written = writeReport(*run, c.out, c.force);
  if (!written) return failure(err, written.error());
  for (const QString& w : *written) out << w << Qt::endl;
  return kOk;
}

}  // namespace

bool isExportCommand(const QString& word) {
  return word == QLatin1String("export-figure") || word == QLatin1String("report");
}

int runExportCommand(const QStringList& arguments, QTextStream& out, QTextStream& err) {
  if (arguments.size() < 2 || !isExportCommand(arguments[1])) {
    err << "error: unknown command (commands: export-figure, report)" << Qt::endl;
    return kUsage;
  }
  // QCommandLineParser wants the program name first: drop the subcommand.
  QStringList args = arguments;
  const QString command = args.takeAt(1);
  return command == QLatin1String("report") ? reportCommand(args, out, err) : exportFigureCommand(args, out, err);
}

}  // namespace widgets
