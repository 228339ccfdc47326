#include "widgets/lineage/lineageview.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "widgets/charts/lineagechart.h"
#include "widgets/display/mapcolors.h"
#include "widgets/session/session.h"
#include "widgets/overview/summarymodel.h"

namespace widgets {

LineageView::LineageView(Session* session, QWidget* parent) : QWidget(parent), session_(session), header_(new QLabel(this)) {
  setObjectName(QStringLiteral("lineageView"));
  header_->setWordWrap(true);
  struct Step {
    int column;
    QString title, unit;
  };
  const QList<Step> metrics = {
      {SummaryModel::NllColumn, tr("NLL"), tr("nats")},
      {SummaryModel::DeltaNllColumn, tr("Δ NLL vs base"), tr("nats")},
      {SummaryModel::KlBtColumn, tr("KL(base ‖ map)"), tr("nats")},
      {SummaryModel::KlTbColumn, tr("KL(map ‖ base)"), tr("nats")},
      {SummaryModel::EntropyColumn, tr("Entropy"), tr("nats")},
      {SummaryModel::DeltaEntropyColumn, tr("Δ entropy vs base"), tr("nats")},
      {SummaryModel::EceColumn, tr("Expected calibration error"), tr("ECE")},
      {SummaryModel::BrierColumn, tr("Brier score"), tr("Brier")},
      {SummaryModel::Top1Column, tr("Top-1 accuracy"), tr("%")},
      {SummaryModel::TemperatureColumn, tr("Recalibration temperature"), tr("T")},
      {SummaryModel::BitsPerByteColumn, tr("Bits per byte"), tr("bits/byte")},
      {SummaryModel::ZoomRecoveredColumn, tr("Zoom recovered"), tr("%")},
  };
  auto* content = new QWidget;
  auto* grid = new QGridLayout(content);
  for (int i = 0; i < metrics.size(); ++i) {
    auto* chart = new LineageChart(metrics[i].title, content);
    chart->setMinimumSize(320, 250);
    grid->addWidget(chart, i / 3, i % 3);
    charts_ << chart;
    columns_ << metrics[i].column;
    units_ << metrics[i].unit;
  }
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(content);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(header_);
  layout->addWidget(scroll, 1);
  connect(session_, &Session::digestChanged, this, &LineageView::refresh);
  connect(session_, &Session::checkpointsChanged, this, &LineageView::refresh);
  refresh();
}

void LineageView::refresh() {
  const auto digest = session_->digest();
  std::vector<int> steps;
  if (digest)
    for (int m : session_->lineageOrder())
      if (digest->run->maps[std::size_t(m)].role != core::analysis::MapRole::Zoomed) steps.push_back(m);
  QStringList names;
  QList<QColor> colors;
  for (int m : steps) {
    names << session_->mapName(m);
    colors << mapColor(m);
  }
  header_->setText(digest ? tr("Each metric along the lineage %1; reorder checkpoints in the Session dock.")
                                .arg(names.join(QStringLiteral(" → ")))
                          : tr("No run summarised yet."));
  bool zoom = false;
  for (int m : steps) zoom = zoom || digest->summaries[std::size_t(m)].has_zoom;
  for (int i = 0; i < charts_.size(); ++i) {
    const int column = columns_[i];
    QList<qreal> values;
    for (int m : steps) {
      const double v = summaryValue(digest->summaries[std::size_t(m)], column, m == 0);
      values << (column == SummaryModel::Top1Column || column == SummaryModel::ZoomRecoveredColumn ? 100 * v : v);
    }
    charts_[i]->setSteps(names, values, colors, units_[i]);
    charts_[i]->setVisible(column != SummaryModel::ZoomRecoveredColumn || zoom);
  }
}

}  // namespace widgets
