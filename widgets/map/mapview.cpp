#include "widgets/map/mapview.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/display/colorlegend.h"
#include "widgets/display/deferredrefresh.h"
#include "widgets/display/mapcolors.h"
#include "widgets/map/scatterplot.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"

namespace widgets {
namespace {
qint64 key(int document, int position) { return (qint64(document) << 32) | quint32(position); }
}  // namespace

MapView::MapView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), metric_(new QComboBox(this)), map_(new QComboBox(this)),
      lasso_(new QToolButton(this)), legend_(new ColorLegend(this)), plot_(new ScatterPlot(this)), info_(new QLabel(this)) {
  setObjectName(QStringLiteral("mapView"));
  metric_->setObjectName(QStringLiteral("mapMetric"));
  for (const core::analysis::PositionMetricInfo& i : core::analysis::position_metrics()) {
    metric_->addItem(metricLabel(i.metric), int(i.metric));
    metric_->setItemData(metric_->count() - 1, metricDescription(i.metric), Qt::ToolTipRole);
  }
  metric_->setToolTip(tr("What colours the points"));
  map_->setObjectName(QStringLiteral("mapMap"));
  map_->setToolTip(tr("Whose predictions colour the points (the selected map everywhere)"));
  lasso_->setText(tr("Lasso"));
  lasso_->setCheckable(true);
  lasso_->setToolTip(tr("Draw around points to save them as a slice (or hold Shift while dragging)"));
  auto* reset = new QToolButton(this);
  reset->setText(tr("Fit"));
  reset->setToolTip(tr("Show every point again"));
  info_->setWordWrap(true);
  legend_->setTitleVisible(false);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Colour by:"), this));
  controls->addWidget(metric_);
  controls->addWidget(new QLabel(tr("of"), this));
  controls->addWidget(map_);
  controls->addWidget(lasso_);
  controls->addWidget(reset);
  controls->addWidget(legend_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(controls);
  layout->addWidget(plot_, 1);
  layout->addWidget(info_);

  Selection* sel = session_->selection();
  recolorer_ = new DeferredRefresh(this, [this] { recolor(); });
  connect(metric_, &QComboBox::currentIndexChanged, recolorer_, &DeferredRefresh::request);
  connect(map_, &QComboBox::currentIndexChanged, this, [this, sel] {
    if (map_->currentIndex() >= 0) sel->setMap(map_->currentData().toInt());
  });
  connect(lasso_, &QToolButton::toggled, this,
          [this](bool on) { plot_->setTool(on ? ScatterPlot::Tool::Lasso : ScatterPlot::Tool::Pan); });
  connect(reset, &QToolButton::clicked, plot_, &ScatterPlot::resetView);
  connect(plot_, &ScatterPlot::pointClicked, this, [this, sel](int i) {
    const auto& p = run_->projection.points[std::size_t(i)];
    sel->setToken(p.document, p.position);
  });
  connect(plot_, &ScatterPlot::pointActivated, this, [this, sel](int i) {
    const auto& p = run_->projection.points[std::size_t(i)];
    sel->setToken(p.document, p.position);
    Q_EMIT showInTerritoryRequested();
  });
  connect(plot_, &ScatterPlot::lassoFinished, this, &MapView::askForLassoName);
  connect(sel, &Selection::runChanged, this, &MapView::showRun);
  connect(session_, &Session::runLoaded, this, [this, sel](qint64 id) {
    if (id == sel->run()) showRun();
  });
  connect(sel, &Selection::mapChanged, this, [this](int map) {
    const int i = map_->findData(map);
    if (i >= 0 && i != map_->currentIndex()) map_->setCurrentIndex(i);
    recolorer_->request();
  });
  connect(sel, &Selection::tokenChanged, this, [this](int d, int p) {
    plot_->setHighlighted(pointOf(d, p));
    updateInfo();
  });
  connect(session_, &Session::digestChanged, this, &MapView::refreshKept);
  connect(session_, &Session::checkpointsChanged, this, &MapView::refreshMaps);
  showRun();
}

int MapView::pointOf(int document, int position) const { return pointIndex_.value(key(document, position), -1); }

void MapView::refreshMaps() {
  const QSignalBlocker block(map_);
  map_->clear();
  if (!run_) return;
  for (int m : session_->lineageOrder()) {
    map_->addItem(session_->mapName(m), m);
    map_->setItemData(map_->count() - 1, mapColor(m), Qt::DecorationRole);
  }
  const int i = map_->findData(session_->selection()->map());
  map_->setCurrentIndex(i >= 0 ? i : std::min(1, map_->count() - 1));
}

void MapView::showRun() {
  run_ = session_->currentRun();
  pointIndex_.clear();
  std::vector<QPointF> points;
  if (run_) {
    points.reserve(run_->projection.points.size());
    for (std::size_t i = 0; i < run_->projection.points.size(); ++i) {
      const auto& p = run_->projection.points[i];
      points.emplace_back(p.x, p.y);
      pointIndex_.insert(key(p.document, p.position), int(i));
    }
  }
  plot_->setPoints(std::move(points));
  const double ex = run_ ? run_->projection.explained[0] : 0, ey = run_ ? run_->projection.explained[1] : 0;
  plot_->setAxisTitles(tr("PC 1 (%1 % of variance)").arg(100 * ex, 0, 'f', 1),
                       tr("PC 2 (%1 % of variance)").arg(100 * ey, 0, 'f', 1));
  refreshMaps();
  recolorer_->request();
  refreshKept();
  plot_->setHighlighted(pointOf(session_->selection()->document(), session_->selection()->position()));
}

void MapView::recolor() {
  if (!run_) {
    legend_->setScale(ColorScale(Metric(metric_->currentData().toInt()), 1));
    info_->setText(tr("No run loaded."));
    return;
  }
  const Metric metric = Metric(metric_->currentData().toInt());
  const int map = map_->currentIndex() >= 0 ? map_->currentData().toInt() : 0;
  // A run opened from a session reads the points' tracks on a worker (docs/ARCHITECTURE.md, "Lazy tracks").
  if (!core::analysis::tracks_in_memory(*run_)) {
    const auto run = run_;
    const int generation = ++recolorGeneration_;
    session_->jobs()->start<std::vector<float>>(
        tr("Colouring the map"),
        [run, map, metric](core::Job&) { return core::analysis::projection_values(*run, map, metric); }, this,
        [this, run, metric, generation](core::Result<std::vector<float>> values) {
          if (generation != recolorGeneration_ || run != run_ || !values) return;
          applyColors(std::move(*values), metric);
        });
    return;
  }
  auto values = core::analysis::projection_values(*run_, map, metric);
  applyColors(values ? std::move(*values) : std::vector<float>(run_->projection.points.size(), kNoValue), metric);
}

void MapView::applyColors(std::vector<float> values, Metric metric) {
  colored_ = metric;
  const ColorScale scale(metric, robustExtent(values), palette().color(QPalette::Base).lightness() < 128);
  plot_->setValues(std::move(values), scale);
  legend_->setScale(scale);
  updateInfo();
}

void MapView::updateInfo() {
  if (!run_) return;
  const Metric metric = Metric(metric_->currentData().toInt());
  const int map = map_->currentIndex() >= 0 ? map_->currentData().toInt() : 0;
  QString info = tr("%1 positions sampled from the base map's hidden states, projected on their first two principal "
                    "components; colour: %2 of %3.")
                     .arg(run_->projection.points.size())
                     .arg(metricLabel(metric), session_->mapName(map));
  const Selection* sel = session_->selection();
  if (sel->position() >= 0 && pointOf(sel->document(), sel->position()) < 0)
    info += QLatin1Char(' ') + tr("The selected token was not sampled for the projection.");
  info_->setText(info);
}

void MapView::refreshKept() {
  const auto positions = session_->positions();
  if (!run_ || !positions) {
    plot_->setKept({});
    return;
  }
  std::vector<std::uint8_t> kept(run_->projection.points.size());
  for (std::size_t i = 0; i < kept.size(); ++i)
    kept[i] = positions->contains(run_->projection.points[i].document, run_->projection.points[i].position);
  plot_->setKept(std::move(kept));
}

void MapView::changeEvent(QEvent* event) {
  // A new palette (light/dark, or the colour preference) recolours the values the points hold: nothing
  // is read again, and a view not shown yet changes its legend too.
  if (event->type() == QEvent::PaletteChange && recolorer_) applyColors(plot_->values(), colored_);
  QWidget::changeEvent(event);
}

qint64 MapView::saveLasso(const QPolygonF& polygon, const QString& name) {
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Lasso;
  for (const QPointF& p : polygon) d.polygon.push_back({p.x(), p.y()});
  return session_->addSlice(name, d);
}

void MapView::askForLassoName(const QPolygonF& polygon) {
  bool ok = false;
  const QString name = QInputDialog::getText(this, tr("Save Lasso as Slice"), tr("Slice name:"), QLineEdit::Normal,
                                             tr("Lasso %1").arg(session_->slices().size() + 1), &ok);
  if (!ok) return;
  const qint64 id = saveLasso(polygon, name);
  session_->selection()->setSlice(id);
}

}  // namespace widgets
