#include "widgets/overview/overviewview.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>

#include "widgets/charts/barchart.h"
#include "widgets/charts/histogramchart.h"
#include "widgets/charts/reliabilitychart.h"
#include "widgets/display/deferredrefresh.h"
#include "widgets/display/mapcolors.h"
#include "widgets/session/session.h"
#include "widgets/overview/summarymodel.h"

namespace widgets {
using core::analysis::GroupStatistic;

OverviewView::OverviewView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), refresher_(new DeferredRefresh(this, [this] { refresh(); })),
      summary_(new SummaryModel(session, this)), header_(new QLabel(this)),
      table_(new QTableView(this)), deltaNll_(new HistogramChart(tr("Δ NLL per position (map − base)"), this)),
      kl_(new HistogramChart(tr("KL(base ‖ map) per position"), this)),
      entropy_(new HistogramChart(tr("Entropy: base vs tuned"), this)),
      reliability_(new ReliabilityChart(tr("Reliability"), this)), sliceBars_(new BarChart(tr("By metadata"), this)),
      quadrants_(new BarChart(tr("Fidelity quadrants"), this)), field_(new QComboBox(this)),
      fieldMetric_(new QComboBox(this)) {
  setObjectName(QStringLiteral("overviewView"));
  header_->setObjectName(QStringLiteral("overviewHeader"));
  header_->setWordWrap(true);
  header_->setTextFormat(Qt::RichText);
  table_->setObjectName(QStringLiteral("summaryTable"));
  table_->setModel(summary_);
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  table_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
  table_->setToolTip(tr("Every compare field per map over the current slice; hover a header for its definition"));
  field_->setObjectName(QStringLiteral("sliceField"));
  field_->setToolTip(tr("The metadata field whose values the bars compare"));
  fieldMetric_->setObjectName(QStringLiteral("sliceFieldMetric"));
  fieldMetric_->addItem(tr("Mean NLL"), int(GroupStatistic::MeanNll));
  fieldMetric_->addItem(tr("Mean Δ NLL"), int(GroupStatistic::MeanDeltaNll));
  fieldMetric_->addItem(tr("Mean KL(base ‖ map)"), int(GroupStatistic::MeanKlBaseTuned));
  fieldMetric_->addItem(tr("Mean entropy"), int(GroupStatistic::MeanEntropy));
  fieldMetric_->addItem(tr("Top-1 accuracy"), int(GroupStatistic::Top1Percent));
  for (ChartPanel* c : charts()) c->setMinimumSize(480, 320);
  reliability_->setMinimumHeight(380);

  auto* content = new QWidget;
  auto* layout = new QVBoxLayout(content);
  layout->addWidget(header_);
  layout->addWidget(table_);
  auto* grid = new QGridLayout;
  // Two columns, wide enough that legends with every map's name are never elided; the reliability
  // diagram (its legend carries each map's ECE) and the per-value bars get a full row each.
  grid->addWidget(deltaNll_, 0, 0);
  grid->addWidget(kl_, 0, 1);
  grid->addWidget(entropy_, 1, 0);
  grid->addWidget(quadrants_, 1, 1);
  grid->addWidget(reliability_, 2, 0, 1, 2);
  // The per-value bars carry their own choice of field and metric.
  auto* bars = new QWidget(content);
  auto* barsLayout = new QVBoxLayout(bars);
  barsLayout->setContentsMargins(0, 0, 0, 0);
  auto* fieldRow = new QHBoxLayout;
  fieldRow->addWidget(new QLabel(tr("Compare by metadata field:"), bars));
  fieldRow->addWidget(field_);
  fieldRow->addWidget(fieldMetric_);
  fieldRow->addStretch();
  barsLayout->addLayout(fieldRow);
  barsLayout->addWidget(sliceBars_, 1);
  grid->addWidget(bars, 3, 0, 1, 2);
  layout->addLayout(grid, 1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(content);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(scroll);

  for (ChartPanel* c : charts())
    connect(c, &ChartPanel::exported, this, [this](const QString& path, bool ok) {
      Q_EMIT session_->issue(ok ? IssuesModel::Severity::Info : IssuesModel::Severity::Error, path,
                             ok ? tr("Chart exported") : tr("Could not write the chart to this file"));
    });
  connect(session_, &Session::digestChanged, refresher_, &DeferredRefresh::request);
  connect(session_, &Session::checkpointsChanged, refresher_, &DeferredRefresh::request);
  connect(field_, &QComboBox::currentIndexChanged, this, &OverviewView::refreshSliceBars);
  connect(fieldMetric_, &QComboBox::currentIndexChanged, this, &OverviewView::refreshSliceBars);
  refresh();
}

QList<ChartPanel*> OverviewView::charts() const {
  return {deltaNll_, kl_, entropy_, reliability_, sliceBars_, quadrants_};
}

void OverviewView::refresh() {
  const auto digest = session_->digest();
  const auto run = session_->currentRun();
  if (!digest) {
    header_->setText(run || session_->selection()->run() ? tr("<h3>Summarising…</h3>")
                                                         : tr("<h3>No run selected</h3><p>Open a session and "
                                                              "choose a run in the Session dock, or start one "
                                                              "with <b>Run → New Run…</b>.</p>"));
    for (HistogramChart* h : {deltaNll_, kl_, entropy_}) h->setHistograms({}, {}, false);
    reliability_->setCurves({});
    quadrants_->setBars({}, {}, {});
    sliceBars_->setBars({}, {}, {});
    return;
  }
  const RunEntry* entry = session_->runEntry(session_->selection()->run());
  const SliceEntry* slice = session_->slice(session_->selection()->slice());
  std::int64_t total = 0;
  for (const auto& d : digest->run->documents) total += std::int64_t(d.scored());
  const std::int64_t kept = digest->positions ? digest->positions->count : total;
  QString text = tr("<h3>%1</h3>").arg((entry ? entry->name : tr("Run")).toHtmlEscaped());
  text += tr("<p>Territory <b>%1</b>: %2 documents, %3 scored positions.")
              .arg(QString::fromStdString(digest->run->territory.source).toHtmlEscaped())
              .arg(digest->run->documents.size())
              .arg(total);
  if (slice)
    text += tr(" Restricted to slice <b>%1</b> (%2): %3 positions, %4 % of the run.")
                .arg(slice->name.toHtmlEscaped(), describeSlice(slice->definition).toHtmlEscaped())
                .arg(kept)
                .arg(total ? 100.0 * double(kept) / double(total) : 0.0, 0, 'f', 1);
  header_->setText(text + QStringLiteral("</p>"));

  const std::vector<int> order = session_->lineageOrder();
  QList<HistogramSeries> dn, kl, en;
  QList<ReliabilityCurve> curves;
  QStringList mapNames;
  QList<qreal> known, blank, misdrawn;
  for (int m : order) {
    const auto& s = digest->summaries[std::size_t(m)];
    const QString name = session_->mapName(m);
    const QColor color = mapColor(m);
    if (m != 0) {
      const auto& d = digest->delta_nll[std::size_t(m)];
      const auto& k = digest->kl_base_tuned[std::size_t(m)];
      dn << HistogramSeries{name, color, d.lo, d.hi, d.counts};
      kl << HistogramSeries{name, color, k.lo, k.hi, k.counts};
    }
    en << HistogramSeries{name, color, digest->entropy[std::size_t(m)].lo, digest->entropy[std::size_t(m)].hi,
                          digest->entropy[std::size_t(m)].counts};
    ReliabilityCurve curve{name, color, {}, s.ece};
    for (const auto& bin : s.reliability)
      if (bin.count > 0)
        curve.points << QPointF(bin.confidence_sum / double(bin.count), bin.correct_sum / double(bin.count));
    curves << curve;
    mapNames << name;
    const double n = double(std::max<std::int64_t>(1, s.quadrants.known + s.quadrants.blank + s.quadrants.misdrawn));
    auto pct = [n](std::int64_t c) { return std::round(1000.0 * double(c) / n) / 10.0; };
    known << pct(s.quadrants.known);
    blank << pct(s.quadrants.blank);
    misdrawn << pct(s.quadrants.misdrawn);
  }
  deltaNll_->setHistograms(dn, tr("−log p(map) + log p(base) (nats); > 0: map less sure of the truth"), true);
  kl_->setHistograms(kl, tr("KL(base ‖ map) (nats)"), false);
  entropy_->setHistograms(en, tr("Entropy (nats)"), false);
  reliability_->setCurves(curves);
  const auto& t = session_->quadrantThresholds();
  quadrants_->setBars(mapNames,
                      {BarGroup{tr("known (NLL ≤ %1)").arg(t.high_nll), QColor(0x009E73), known},
                       BarGroup{tr("blank (high NLL, H > %1)").arg(t.high_entropy), QColor(0x999999), blank},
                       BarGroup{tr("misdrawn (high NLL, low H)"), QColor(0xD55E00), misdrawn}},
                      tr("% of positions"), true, QStringLiteral("@value"));

  // Metadata fields of this run for the per-value bars (grouped by the digest's worker).
  const QString previous = field_->currentText();
  {
    const QSignalBlocker block(field_);
    field_->clear();
    for (const auto& g : digest->metadata) field_->addItem(QString::fromStdString(g.field));
    const int i = field_->findText(previous);
    if (i >= 0) field_->setCurrentIndex(i);
  }
  field_->setEnabled(!digest->metadata.empty());
  refreshSliceBars();
}

void OverviewView::refreshSliceBars() {
  const auto digest = session_->digest();
  if (!digest || field_->count() == 0) {
    sliceBars_->setTitle(tr("By metadata (this territory has no metadata fields)"));
    sliceBars_->setBars({}, {}, {});
    return;
  }
  const std::size_t chosen = std::size_t(std::max(0, field_->currentIndex()));
  if (chosen >= digest->metadata.size()) return;
  const core::analysis::MetadataGrouping& grouping = digest->metadata[chosen];
  const auto statistic = GroupStatistic(fieldMetric_->currentData().toInt());
  // The most populous values, at most 10, so the bars stay readable.
  const std::size_t shown = std::min<std::size_t>(10, grouping.groups.size());
  QStringList categories;
  for (std::size_t i = 0; i < shown; ++i) categories << QString::fromStdString(grouping.groups[i].value);
  QList<BarGroup> bars;
  for (int m : session_->lineageOrder()) {
    if ((statistic == GroupStatistic::MeanDeltaNll || statistic == GroupStatistic::MeanKlBaseTuned) && m == 0)
      continue;
    BarGroup g{session_->mapName(m), mapColor(m), {}};
    for (std::size_t i = 0; i < shown; ++i)
      g.values << core::analysis::group_statistic(grouping.groups[i], std::size_t(m), statistic);
    bars << g;
  }
  sliceBars_->setTitle(tr("%1 by %2").arg(fieldMetric_->currentText(), field_->currentText()));
  const QString yTitle = statistic == GroupStatistic::Top1Percent ? tr("top-1 accuracy (%)") : fieldMetric_->currentText() + tr(" (nats)");
  sliceBars_->setBars(categories, bars, yTitle);
}

}  // namespace widgets
