#include "widgets/territory/territoryview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "core/store/session_file.h"
#include "core/store/zoom_store.h"
#include "widgets/display/colorlegend.h"
#include "widgets/display/scalerange.h"
#include "widgets/territory/documentfilter.h"
#include "widgets/territory/documentsmodel.h"
#include "widgets/display/mapcolors.h"
#include "widgets/session/selection.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/studio/rankingmodel.h"
#include "widgets/territory/tokenstrip.h"
#include "widgets/territory/topkmodel.h"

namespace widgets {

TerritoryView::TerritoryView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new DocumentsModel(session, this)), filter_(new DocumentFilter(this)),
      search_(new QLineEdit(this)), documents_(new QTableView(this)), metric_(new QComboBox(this)),
      statsMap_(new QComboBox(this)), zoomRow_(new QComboBox(this)), range_(new QComboBox(this)),
      rangeMode_(new QComboBox(this)), legend_(new ColorLegend(this)), strip_(new TokenStrip(this)),
      topK_(new TopKModel(this)), topKView_(new QTableView(this)), tokenInfo_(new QLabel(this)),
      documentInfo_(new QLabel(this)) {
  setObjectName(QStringLiteral("territoryView"));
  filter_->setSourceModel(model_);
  search_->setObjectName(QStringLiteral("documentSearch"));
  search_->setPlaceholderText(tr("Search names, metadata and text (/regex)"));
  search_->setClearButtonEnabled(true);
  search_->setToolTip(tr("Filters the documents; start with / for a regular expression"));
  documents_->setObjectName(QStringLiteral("documentTable"));
  documents_->setModel(filter_);
  documents_->setSortingEnabled(true);
  documents_->sortByColumn(DocumentsModel::NameColumn, Qt::AscendingOrder);
  documents_->setSelectionBehavior(QAbstractItemView::SelectRows);
  documents_->setSelectionMode(QAbstractItemView::SingleSelection);
  documents_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  documents_->verticalHeader()->hide();
  documents_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  documents_->horizontalHeader()->setStretchLastSection(true);
  documents_->horizontalHeader()->setDefaultSectionSize(64);
  documents_->setColumnWidth(DocumentsModel::NameColumn, 110);
  documents_->setColumnWidth(DocumentsModel::TokensColumn, 56);
  documents_->setWordWrap(false);
  statsMap_->setObjectName(QStringLiteral("statsMap"));
  statsMap_->setToolTip(tr("Whose document statistics the list shows (the selected map everywhere)"));
  metric_->setObjectName(QStringLiteral("stripMetric"));
  for (const core::analysis::PositionMetricInfo& i : core::analysis::position_metrics()) {
    metric_->addItem(metricLabel(i.metric), int(i.metric));
    metric_->setItemData(metric_->count() - 1, metricDescription(i.metric), Qt::ToolTipRole);
  }
  metric_->setToolTip(tr("What colours the rows under the tokens"));
  zoomRow_->setObjectName(QStringLiteral("zoomRow"));
  zoomRow_->setToolTip(tr("A row for the base map zoomed by a prompt of a zoom run of this run: KL(selected map ‖ "
                          "zoomed base), read beside that map's KL(map ‖ base)"));
  zoomRow_->addItem(tr("No zoom row"));
  zoomRow_->setEnabled(false);
  // Robust by default (issue 19): each map on its own 98th-percentile scale, so a collapsed map's
  // extremes do not wash out a gently tuned one; the choice is remembered.
  range_->setObjectName(QStringLiteral("stripRange"));
  for (double pct : scalePercentiles()) range_->addItem(percentileLabel(pct), pct);
  range_->setToolTip(tr("How far the colours reach: this percentile of |value| gets the end colour; values beyond it "
                        "are drawn at the end colour and marked with a notch"));
  rangeMode_->setObjectName(QStringLiteral("stripRangeMode"));
  rangeMode_->addItem(tr("per map"), true);
  rangeMode_->addItem(tr("shared"), false);
  rangeMode_->setToolTip(tr("Per map: each row's range from its own values, so every map's differences show; "
                            "shared: one range over every row, so equal colours mean equal values"));
  {
    const ScaleRange saved = savedScaleRange();
    range_->setCurrentIndex(std::max(0, range_->findData(saved.percentile)));
    rangeMode_->setCurrentIndex(saved.perMap ? 0 : 1);
    strip_->setScaleRange(saved);
  }
  topKView_->setObjectName(QStringLiteral("topKTable"));
  topKView_->setModel(topK_);
  topKView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  topKView_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  topKView_->verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 4);
  legend_->setTitleVisible(false);
  tokenInfo_->setObjectName(QStringLiteral("tokenInfo"));
  tokenInfo_->setTextFormat(Qt::RichText);
  tokenInfo_->setWordWrap(true);
  documentInfo_->setWordWrap(true);

  // Left: the documents. Right: legend, strip, then the top-k comparison.
  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(search_);
  auto* mapRow = new QHBoxLayout;
  mapRow->addWidget(new QLabel(tr("Statistics of:"), left));
  mapRow->addWidget(statsMap_, 1);
  leftLayout->addLayout(mapRow);
  leftLayout->addWidget(documents_, 1);
  auto* right = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Colour by:"), right));
  controls->addWidget(metric_);
  controls->addWidget(new QLabel(tr("Zoom row:"), right));
  controls->addWidget(zoomRow_);
  controls->addStretch(1);
  // The range and its legend (a line per map) on their own row, so the controls need no more width.
  auto* legendRow = new QHBoxLayout;
  legendRow->addWidget(new QLabel(tr("Range:"), right), 0, Qt::AlignTop);
  legendRow->addWidget(range_, 0, Qt::AlignTop);
  legendRow->addWidget(rangeMode_, 0, Qt::AlignTop);
  legendRow->addWidget(legend_, 1);
  rightLayout->addWidget(documentInfo_);
  rightLayout->addLayout(controls);
  rightLayout->addLayout(legendRow);
  auto* details = new QWidget(right);
  auto* detailsLayout = new QVBoxLayout(details);
  detailsLayout->setContentsMargins(0, 0, 0, 0);
  detailsLayout->addWidget(tokenInfo_);
  detailsLayout->addWidget(topKView_, 1);
  auto* vertical = new QSplitter(Qt::Vertical, right);
  vertical->addWidget(strip_);
  vertical->addWidget(details);
  vertical->setStretchFactor(0, 3);
  vertical->setStretchFactor(1, 2);
  rightLayout->addWidget(vertical, 1);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 5);
  split->setSizes({420, 900});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(split);

  Selection* sel = session_->selection();
  connect(search_, &QLineEdit::textChanged, filter_, &DocumentFilter::setSearch);
  connect(documents_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this, sel](const QModelIndex& current) {
            if (current.isValid()) sel->setDocument(current.data(DocumentsModel::DocumentRole).toInt());
          });
  connect(metric_, &QComboBox::currentIndexChanged, this, [this] {
    strip_->setMetric(Metric(metric_->currentData().toInt()));
    refreshRows();
  });
  connect(zoomRow_, &QComboBox::currentIndexChanged, this, &TerritoryView::applyZoomRow);
  // A zoom run recorded by the studio (or any job) may have added prompts to offer.
  connect(session_->jobs(), &JobsModel::jobFinished, this, [this](int job, JobsModel::State state) {
    // Not after this view's own reads: two of them in flight would start each other forever.
    if (!ownJobs_.remove(job) && state == JobsModel::State::Finished) readZoomRuns();
  });
  connect(statsMap_, &QComboBox::currentIndexChanged, this, [this, sel] {
    if (statsMap_->currentIndex() >= 0) sel->setMap(statsMap_->currentData().toInt());
  });
  connect(range_, &QComboBox::currentIndexChanged, this, &TerritoryView::applyScaleRange);
  connect(rangeMode_, &QComboBox::currentIndexChanged, this, &TerritoryView::applyScaleRange);
  connect(strip_, &TokenStrip::scalesChanged, this, &TerritoryView::refreshLegend);
  connect(strip_, &TokenStrip::tokenClicked, this, [this, sel](int p) { sel->setToken(strip_->document(), p); });
  connect(strip_, &TokenStrip::spanSelected, this, [this, sel](int a, int b) { sel->setSpan(strip_->document(), a, b); });
  connect(strip_, &TokenStrip::annotateRequested, this, &TerritoryView::askForAnnotation);
  connect(session_, &Session::runLoaded, this, [this, sel](qint64 id) {
    if (id == sel->run()) showRun();
  });
  connect(sel, &Selection::runChanged, this, &TerritoryView::showRun);
  connect(sel, &Selection::documentChanged, this, &TerritoryView::showDocument);
  connect(sel, &Selection::tokenChanged, this, &TerritoryView::showToken);
  connect(sel, &Selection::spanChanged, this, [this](const Selection::Span& s) {
    if (s.document == strip_->document()) strip_->setSpan(s.first, s.last);
  });
  connect(sel, &Selection::mapChanged, this, [this](int map) {
    const int i = statsMap_->findData(map);
    if (i >= 0 && i != statsMap_->currentIndex()) statsMap_->setCurrentIndex(i);
    applyZoomRow();
  });
  connect(session_, &Session::digestChanged, this, [this] { strip_->setPositions(session_->positions()); });
  connect(session_, &Session::checkpointsChanged, this, &TerritoryView::refreshRows);
  connect(session_, &Session::annotationsChanged, this, &TerritoryView::refreshAnnotations);
  // The document list is rebuilt when the digest arrives: keep the chosen document visible and selected.
  connect(model_, &QAbstractItemModel::modelReset, this, [this, sel] {
    if (const QModelIndex i = listIndexOf(sel->document()); i.isValid()) {
      const QSignalBlocker block(documents_->selectionModel());
      documents_->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
  });
  showRun();
}

void TerritoryView::applyScaleRange() {
  ScaleRange range;
  range.percentile = range_->currentData().toDouble();
  range.perMap = rangeMode_->currentData().toBool();
  saveScaleRange(range);  // also what an exported strip figure uses (ExportActions::currentFigureOptions)
  strip_->setScaleRange(range);
}

// One bar per row, or one for every row when the range is shared; each names its range.
void TerritoryView::refreshLegend() {
  const ScaleRange& range = strip_->scaleRange();
  QList<LegendBar> bars;
  if (!range.perMap || strip_->rowCount() == 0) {
    LegendBar all{strip_->rowCount() > 1 ? tr("every map") : QString(), {}, strip_->scale(),
                  scaleRangeLabel(range, strip_->scale()), false, false};
    for (int r = 0; r < strip_->rowCount(); ++r) {
      const auto [low, high] = strip_->rowClipped(r);
      all.clippedLow = all.clippedLow || low;
      all.clippedHigh = all.clippedHigh || high;
    }
    bars << all;
  } else {
    // A line per row, the zoom row's too (it carries its tuned map's range, so the two read alike).
    const std::vector<int>& maps = strip_->rowMaps();
    for (int r = 0; r < strip_->rowCount(); ++r) {
      const auto [low, high] = strip_->rowClipped(r);
      const int map = r < int(maps.size()) ? maps[std::size_t(r)] : 0;
      bars << LegendBar{strip_->rowName(r), mapColor(map), strip_->rowScale(r), scaleRangeLabel(range, strip_->rowScale(r)), low, high};
    }
  }
  legend_->setBars(bars);
}

void TerritoryView::refreshRows() {
  const auto run = session_->currentRun();
  std::vector<int> rows;
  QStringList names;
  if (run) rows = session_->lineageOrder();
  for (int m : rows) names << session_->mapName(m);
  topK_->setColumns(rows, names);
  // A metric measured against the base has nothing to show on the base's own row.
  std::vector<int> stripRows;
  QStringList stripNames;
  const bool againstBase = metricNeedsBase(Metric(metric_->currentData().toInt()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!(againstBase && run && run->maps[std::size_t(rows[i])].role == core::analysis::MapRole::Base)) {
      stripRows.push_back(rows[i]);
      stripNames << names[int(i)];
    }
  strip_->setRows(stripRows, stripNames);
  const QSignalBlocker block(statsMap_);
  statsMap_->clear();
  for (int m : rows) {
    statsMap_->addItem(names[statsMap_->count()], m);
    statsMap_->setItemData(statsMap_->count() - 1, mapColor(m), Qt::DecorationRole);
  }
  const int i = statsMap_->findData(session_->selection()->map());
  statsMap_->setCurrentIndex(i >= 0 ? i : std::min(1, statsMap_->count() - 1));
}

void TerritoryView::showRun() {
  refreshRows();
  readZoomRuns();
  const auto run = session_->currentRun();
  Selection* sel = session_->selection();
  if (run && sel->document() < 0 && !run->documents.empty()) {
    sel->setDocument(0);  // something to look at at once; emits documentChanged -> showDocument
    return;
  }
  showDocument(sel->document());
}

// The zoom runs stored for the current run, read from the session file on a worker.
void TerritoryView::readZoomRuns() {
  const qint64 runId = session_->selection()->run();
  const QString path = session_->path();
  if (runId != zoomsOfRun_) fillZoomRowBox({});
  if (runId <= 0 || path.isEmpty() || !session_->currentRun()) return;
  using Zooms = std::vector<std::shared_ptr<const core::analysis::ZoomResult>>;
  ownJobs_ << session_->jobs()->start<Zooms>(
      tr("Reading zoom runs"),
      [path, runId](core::Job&) -> core::Result<Zooms> {
        auto file = core::store::SessionFile::open(path.toStdString(), core::store::OpenMode::ReadOnly);
        if (!file) return std::unexpected(file.error());
        core::store::ZoomStore store(*file);
        auto listed = store.list(runId);
        if (!listed) return std::unexpected(listed.error());
        Zooms out;
        for (const core::store::ZoomListing& z : *listed) {
          auto zoom = store.load(z.id);
          if (!zoom) return std::unexpected(zoom.error());
          out.push_back(std::make_shared<const core::analysis::ZoomResult>(std::move(*zoom)));
        }
        return out;
      },
      this,
      [this, runId](core::Result<Zooms> zooms) {
        if (runId != session_->selection()->run()) return;  // another run was chosen meanwhile
        zoomsOfRun_ = runId;
        fillZoomRowBox(zooms ? std::move(*zooms) : Zooms{});
      });
}

// One entry per prompt of every zoom run; the choice is kept when that prompt is still offered.
void TerritoryView::fillZoomRowBox(std::vector<std::shared_ptr<const core::analysis::ZoomResult>> zooms) {
  const QString chosen = zoomRow_->currentIndex() > 0 ? zoomRow_->currentText() : QString();
  zooms_ = std::move(zooms);
  {
    const QSignalBlocker block(zoomRow_);
    zoomRow_->clear();
    zoomRow_->addItem(tr("No zoom row"));
    for (std::size_t z = 0; z < zooms_.size(); ++z)
      for (std::size_t p = 0; p < zooms_[z]->prompts.size(); ++p) {
        QString label = tr("base + %1").arg(promptLabel(zooms_[z]->prompts[p]));
        if (zooms_.size() > 1) label += tr(" (zoom run %1)").arg(z + 1);
        zoomRow_->addItem(label, QPoint(int(z), int(p)));
        zoomRow_->setItemData(zoomRow_->count() - 1, QString::fromStdString(zooms_[z]->prompts[p].text), Qt::ToolTipRole);
      }
    const int keep = chosen.isEmpty() ? -1 : zoomRow_->findText(chosen);
    zoomRow_->setCurrentIndex(keep > 0 ? keep : 0);
  }
  zoomRow_->setEnabled(zoomRow_->count() > 1);
  applyZoomRow();
}

// The strip's zoom row for the chosen prompt, against the selected tuned map (else the first).
void TerritoryView::applyZoomRow() {
  const QVariant data = zoomRow_->currentData();
  if (zoomRow_->currentIndex() <= 0 || !data.isValid()) {
    if (strip_->hasZoomRow()) strip_->setZoomRow(nullptr, 0, 1, {});
    return;
  }
  const QPoint at = data.toPoint();
  const auto& zoom = zooms_[std::size_t(at.x())];
  const int selected = session_->selection()->map();
  const int tuned = selected >= 1 && std::size_t(selected) <= zoom->map_names.size() ? selected : 1;
  QString prompt = promptLabel(zoom->prompts[std::size_t(at.y())]);
  if (prompt.size() > 18) prompt = prompt.left(17) + QStringLiteral("…");
  strip_->setZoomRow(zoom, at.y(), tuned, tr("%1 + %2").arg(session_->mapName(0), prompt));
}

QModelIndex TerritoryView::listIndexOf(int document) const {
  // The model knows each document's row; the filter maps it (invalid when the search hides it).
  const int row = model_->rowOf(document);
  return row < 0 ? QModelIndex() : filter_->mapFromSource(model_->index(row, 0));
}

// A run opened from a session holds no tracks (docs/ARCHITECTURE.md, "Lazy tracks"): the document's are
// read on a worker, and the strip keeps showing what it showed until they arrive. Documents read last are
// kept, so going back to one shows it at once.
void TerritoryView::showDocument(int document) {
  const auto run = session_->currentRun();
  if (!run || document < 0 || std::size_t(document) >= run->documents.size()) {
    displayDocument(run, -1, nullptr);
    return;
  }
  if (auto ready = core::analysis::document_if_ready(*run, std::size_t(document))) {
    displayDocument(run, document, std::move(ready));
    return;
  }
  using DocumentPtr = std::shared_ptr<const core::analysis::DocumentResult>;
  ownJobs_ << session_->jobs()->start<DocumentPtr>(
      tr("Reading document %1").arg(QString::fromStdString(run->documents[std::size_t(document)].name)),
      [run, document](core::Job&) { return core::analysis::document_with_tracks(*run, std::size_t(document)); },
      this,
      [this, run, document](core::Result<DocumentPtr> read) {
        if (run != session_->currentRun() || document != session_->selection()->document()) return;  // moved on
        if (!read) {
          documentInfo_->setText(tr("The tracks of this document cannot be read: %1")
                                     .arg(QString::fromStdString(read.error().message).toHtmlEscaped()));
          return;
        }
        displayDocument(run, document, std::move(*read));
      });
}

void TerritoryView::displayDocument(const std::shared_ptr<const core::analysis::RunResult>& run, int document,
                                    std::shared_ptr<const core::analysis::DocumentResult> tracks) {
  strip_->setDocument(run, document, std::move(tracks));
  strip_->setPositions(session_->positions());
  refreshAnnotations();
  if (run && document >= 0 && std::size_t(document) < run->documents.size()) {
    const auto& doc = run->documents[std::size_t(document)];
    QStringList md;
    for (const auto& [k, v] : doc.metadata) md << QString::fromStdString(k + ": " + v).toHtmlEscaped();
    documentInfo_->setText(tr("<b>%1</b> — %2 scored tokens%3")
                               .arg(QString::fromStdString(doc.name).toHtmlEscaped())
                               .arg(doc.scored())
                               .arg(md.isEmpty() ? QString() : QStringLiteral(" — ") + md.join(QStringLiteral(", "))));
    if (const QModelIndex i = listIndexOf(document); i.isValid() && documents_->currentIndex().row() != i.row()) {
      documents_->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
      documents_->scrollTo(i);
    }
  } else {
    documentInfo_->setText(run ? tr("Choose a document on the left.") : tr("No run loaded."));
  }
  showToken(document, session_->selection()->position());
}

void TerritoryView::showToken(int document, int position) {
  const auto run = session_->currentRun();
  if (document != strip_->document()) return;
  strip_->setCurrent(position);
  const Selection::Span span = session_->selection()->span();
  if (span.document == document) strip_->setSpan(span.first, span.last);
  strip_->ensureVisible(position);
  topK_->setPosition(run, strip_->shown(), document, position);
  if (!run || position < 0) {
    tokenInfo_->setText(tr("Click a token to compare every map's top-%1 there.").arg(run ? run->settings.top_k : 10));
    return;
  }
  const auto& doc = run->documents[std::size_t(document)];
  tokenInfo_->setText(tr("Token %1 <b>%2</b>: each map's most probable next tokens (the truth in bold)")
                          .arg(position + 1)
                          .arg(displayToken(*run, doc.tokens[std::size_t(position) + 1]).toHtmlEscaped()));
}

void TerritoryView::refreshAnnotations() {
  std::vector<std::pair<int, int>> spans;
  QStringList notes;
  for (const AnnotationEntry& a : session_->annotationsOf(strip_->document())) {
    const auto tokens = session_->annotationTokens(a);  // this run's tokens over the note's text
    if (!tokens) continue;
    spans.emplace_back(tokens->first, tokens->second);
    notes << (a.textBegin < 0 ? tr("%1 (pinned to token positions: it may sit on other words under this tokenizer)").arg(a.note)
                              : a.note);
  }
  strip_->setAnnotations(spans, notes);
}

qint64 TerritoryView::annotateSelection(const QString& note) {
  const Selection::Span span = session_->selection()->span();
  if (!span.isValid()) return 0;
  return session_->addAnnotation(span.document, span.first, span.last, note);
}

void TerritoryView::promptForAnnotation() {
  const Selection::Span span = session_->selection()->span();
  if (span.isValid() && span.document == strip_->document()) askForAnnotation(span.first, span.last);
}

void TerritoryView::askForAnnotation(int first, int last) {
  Selection* sel = session_->selection();
  if (!(sel->span() == Selection::Span{strip_->document(), first, last})) sel->setSpan(strip_->document(), first, last);
  bool ok = false;
  const QString note = QInputDialog::getMultiLineText(this, tr("Annotate Span"),
                                                      tr("Note on tokens %1–%2:").arg(first + 1).arg(last + 1), {}, &ok);
  if (ok && !note.trimmed().isEmpty()) annotateSelection(note.trimmed());
}

}  // namespace widgets
