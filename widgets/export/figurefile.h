#pragma once
// Writing a Figure to disk: PNG (at a chosen dpi), SVG or PDF (vector), each with the provenance as
// document metadata (SVG <title>/<desc>, PDF title, creator and XMP description, PNG text chunks) and,
// when asked, as a caption under the figure; plus two sidecars beside it, `<name>.csv` and
// `<name>.json`, holding exactly the plotted numbers (the JSON also the provenance). Every file goes
// through QSaveFile (a temporary name, then a rename), so a failure never leaves a half-written file;
// an existing file is an error unless `overwrite`, checked for all three before anything is written.
// Any thread (QImage, QSvgGenerator and QPdfWriter need no GUI thread).
#include <QByteArray>
#include <QImage>
#include <QString>
#include <QStringList>

#include "core/error.h"
#include "widgets/export/figure.h"
#include "widgets/export/provenance.h"

namespace widgets {

enum class FigureFormat { Png, Svg, Pdf };
// "png", "svg" or "pdf"; an error naming them otherwise.
core::Result<FigureFormat> figureFormat(const QString& name);
QString figureFormatName(FigureFormat format);

struct FigureExportOptions {
  FigureFormat format = FigureFormat::Svg;
  int dpi = 200;          // PNG only
  bool caption = true;    // the provenance caption in the image (it is always in the metadata)
  bool sidecars = true;   // the .csv and .json beside the figure
  bool overwrite = false; // replace existing files (--force)
  // SVG and PDF: a scatter of more points is drawn as one embedded image (figurepainter.h); 0 = every
  // point a vector mark. The report sets it so its HTML stays small; the sidecars keep every point.
  int maxVectorPoints = 0;
};

// The files written: the figure first, then the sidecars.
core::Result<QStringList> exportFigure(const Figure& figure, const Provenance& provenance, const QString& path,
                                       const FigureExportOptions& options);

// The figure's bytes in a format (for the report, the clipboard and exportFigure).
QByteArray figureBytes(const Figure& figure, const Provenance& provenance, const FigureExportOptions& options);
QImage figureImage(const Figure& figure, const QString& caption, int dpi);
QByteArray sidecarCsv(const Figure& figure);
QByteArray sidecarJson(const Figure& figure, const Provenance& provenance);
// "<folder>/<base name>.csv" and ".json" for a figure written to `path`.
QStringList sidecarPaths(const QString& path);

// Writes `bytes` through QSaveFile; an existing file without `overwrite`, a missing folder or a failed
// write (a full disk) is one error naming the file.
core::Result<void> saveFileAtomically(const QString& path, const QByteArray& bytes, bool overwrite);
core::Result<void> checkWritable(const QString& path, bool overwrite);

}  // namespace widgets
