#include "widgets/export/figurefile.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>

#include "widgets/export/figurepainter.h"

namespace widgets {

namespace {

QString caption(const Provenance& provenance, bool shown) { return shown ? provenance.caption() : QString(); }

QString csvField(const QVariant& v) {
  if (v.isNull()) return {};
  if (v.typeId() == QMetaType::Double) return QString::number(v.toDouble(), 'g', 17);
  QString t = v.toString();
  if (t.contains(QLatin1Char(',')) || t.contains(QLatin1Char('"')) || t.contains(QLatin1Char('\n')) ||
      t.contains(QLatin1Char('\r')))
    t = QLatin1Char('"') + t.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
  return t;
}

QString xmlEscaped(const QString& s) { return s.toHtmlEscaped(); }

}  // namespace

core::Result<FigureFormat> figureFormat(const QString& name) {
  const QString n = name.toLower();
  if (n == QLatin1String("png")) return FigureFormat::Png;
  if (n == QLatin1String("svg")) return FigureFormat::Svg;
  if (n == QLatin1String("pdf")) return FigureFormat::Pdf;
  return core::fail(core::ErrorCode::InvalidInput, "unknown figure format \"" + name.toStdString() + "\" (formats: png, svg, pdf)");
}

QString figureFormatName(FigureFormat format) {
  switch (format) {
    case FigureFormat::Png: return QStringLiteral("png");
    case FigureFormat::Svg: return QStringLiteral("svg");
    case FigureFormat::Pdf: return QStringLiteral("pdf");
  }
  return {};
}

QImage figureImage(const Figure& figure, const QString& text, int dpi) {
  const double scale = double(std::clamp(dpi, 24, 1200)) / 96.0;
  const QSize logical(figure.size.width(), figureHeightWithCaption(figure, text));
  QImage image(QSize(int(std::ceil(logical.width() * scale)), int(std::ceil(logical.height() * scale))),
               QImage::Format_RGB32);
  image.fill(Qt::white);
  image.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
  image.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
  QPainter painter(&image);
  painter.scale(scale, scale);
  paintFigure(painter, figure, text);
  return image;
}

QByteArray figureBytes(const Figure& figure, const Provenance& runProvenance, const FigureExportOptions& options) {
  const Provenance provenance = withFigureProvenance(runProvenance, figure.provenance);
  const QString text = caption(provenance, options.caption);
  const QSize logical(figure.size.width(), figureHeightWithCaption(figure, text));
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  switch (options.format) {
    case FigureFormat::Png: {
      QImage image = figureImage(figure, text, options.dpi);
      image.setText(QStringLiteral("Title"), figure.title);
      image.setText(QStringLiteral("Description"), provenance.caption());
      image.setText(QStringLiteral("Software"), provenance.exportedBy);
      image.save(&buffer, "PNG");
      break;
    }
    case FigureFormat::Svg: {
      QSvgGenerator svg;
      svg.setOutputDevice(&buffer);
      svg.setSize(logical);
      svg.setViewBox(QRect(QPoint(0, 0), logical));
      svg.setResolution(96);
      // QSvgGenerator 6.4 writes <title> and <desc> as given, unescaped: a territory's text in a
      // figure's title (a document name, a token) became markup in every SVG and HTML report.
      svg.setTitle(xmlEscaped(figure.title));
      svg.setDescription(xmlEscaped(provenance.caption()));
      QPainter painter(&svg);
      paintFigure(painter, figure, text, options.maxVectorPoints);
      break;
    }
    case FigureFormat::Pdf: {
      QPdfWriter pdf(&buffer);
      pdf.setResolution(96);
      pdf.setPageSize(QPageSize(QSizeF(logical.width() * 0.75, logical.height() * 0.75), QPageSize::Point,
                                figure.name, QPageSize::ExactMatch));
      pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
      pdf.setTitle(figure.title);
      pdf.setCreator(provenance.exportedBy);
      pdf.setDocumentXmpMetadata(
          QStringLiteral("<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
                         "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
                         "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
                         "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>%1</rdf:li></rdf:Alt></dc:title>"
                         "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>%2</rdf:li></rdf:Alt></dc:description>"
                         "<dc:creator><rdf:Seq><rdf:li>%3</rdf:li></rdf:Seq></dc:creator>"
                         "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>")
              .arg(xmlEscaped(figure.title), xmlEscaped(provenance.caption()), xmlEscaped(provenance.exportedBy))
              .toUtf8());
      QPainter painter(&pdf);
      paintFigure(painter, figure, text, options.maxVectorPoints);
      break;
    }
  }
  buffer.close();
  return bytes;
}

QByteArray sidecarCsv(const Figure& figure) {
  QString out;
  QStringList header;
  for (const QString& c : figure.data.columns) header << csvField(c);
  out += header.join(QLatin1Char(',')) + QLatin1Char('\n');
  for (const QVariantList& row : figure.data.rows) {
    QStringList fields;
    for (const QVariant& v : row) fields << csvField(v);
    out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
  }
  return out.toUtf8();
}

QByteArray sidecarJson(const Figure& figure, const Provenance& runProvenance) {
  const Provenance provenance = withFigureProvenance(runProvenance, figure.provenance);
  QJsonArray rows;
  for (const QVariantList& row : figure.data.rows) {
    QJsonObject o;
    for (qsizetype c = 0; c < figure.data.columns.size() && c < row.size(); ++c) {
      const QVariant& v = row[c];
      const bool finite = v.typeId() != QMetaType::Double || std::isfinite(v.toDouble());
      o.insert(figure.data.columns[c], v.isNull() || !finite ? QJsonValue() : QJsonValue::fromVariant(v));
    }
    rows.append(o);
  }
  QJsonObject doc{{QStringLiteral("figure"), figure.name},
                  {QStringLiteral("title"), figure.title},
                  {QStringLiteral("columns"), QJsonArray::fromStringList(figure.data.columns)},
                  {QStringLiteral("rows"), rows},
                  {QStringLiteral("provenance"), provenance.toJson()}};
  return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QStringList sidecarPaths(const QString& path) {
  const QFileInfo info(path);
  const QString base = info.dir().filePath(info.completeBaseName());
  return {base + QStringLiteral(".csv"), base + QStringLiteral(".json")};
}

core::Result<void> checkWritable(const QString& path, bool overwrite) {
  const QFileInfo info(path);
  if (path.isEmpty()) return core::fail(core::ErrorCode::InvalidInput, "no output file given");
  if (info.isDir()) return core::fail(core::ErrorCode::InvalidInput, "is a folder: give a file name", path.toStdString());
  if (info.exists() && !overwrite)
    return core::fail(core::ErrorCode::InvalidInput, "the file exists already (use --force to replace it)", path.toStdString());
  if (!info.dir().exists())
    return core::fail(core::ErrorCode::NotFound, "the folder to write into does not exist", info.dir().path().toStdString());
  return {};
}

core::Result<void> saveFileAtomically(const QString& path, const QByteArray& bytes, bool overwrite) {
  if (auto ok = checkWritable(path, overwrite); !ok) return ok;
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return core::fail(core::ErrorCode::Io, "cannot write here", path.toStdString(), file.errorString().toStdString());
  if (file.write(bytes) != bytes.size()) {
    file.cancelWriting();
    return core::fail(core::ErrorCode::Io, "writing failed (disk full?); nothing was written", path.toStdString(),
                      file.errorString().toStdString());
  }
  if (!file.commit())
    return core::fail(core::ErrorCode::Io, "writing failed (disk full?); nothing was written", path.toStdString(),
                      file.errorString().toStdString());
  return {};
}

core::Result<QStringList> exportFigure(const Figure& figure, const Provenance& provenance, const QString& path,
                                       const FigureExportOptions& options) {
  QStringList paths = {path};
  if (options.sidecars) paths << sidecarPaths(path);
  for (const QString& p : paths)
    if (auto ok = checkWritable(p, options.overwrite); !ok) return std::unexpected(ok.error());
  const QList<QByteArray> contents = {figureBytes(figure, provenance, options), sidecarCsv(figure),
                                      sidecarJson(figure, provenance)};
  for (qsizetype i = 0; i < paths.size(); ++i)
    if (auto ok = saveFileAtomically(paths[i], contents[i], options.overwrite); !ok) return std::unexpected(ok.error());
  return paths;
}

}  // namespace widgets
