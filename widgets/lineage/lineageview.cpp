#include "widgets/lineage/lineageview.h"

#include <QGridLayout>
#include <algorithm>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "widgets/charts/lineagechart.h"
#include "widgets/lineage/lineagetree.h"
#include "widgets/lineage/runlineage.h"
#include "widgets/display/deferredrefresh.h"
#include "widgets/display/format.h"
#include "widgets/display/mapcolors.h"
#include "widgets/session/session.h"

namespace widgets {

LineageView::LineageView(Session* session, QWidget* parent)
    : QWidget(parent),
      session_(session),
      refresher_(new DeferredRefresh(this, [this] { refresh(); })),
      header_(new QLabel(this)),
      tree_(new LineageTree(this)) {
  setObjectName(QStringLiteral("lineageView"));
  header_->setWordWrap(true);
  // One chart per column of the summary table that is not a count (core/analysis/fields.h).
  for (const core::analysis::SummaryField& f : core::analysis::summary_fields())
    if (f.in_table && f.format != core::analysis::Format::Count) fields_.push_back(&f);
  auto* content = new QWidget;
  auto* grid = new QGridLayout(content);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const core::analysis::SummaryField& f = *fields_[i];
    auto* chart = new LineageChart(fieldTitle(f), content);
    chart->setMinimumSize(320, 250);
    grid->addWidget(chart, int(i) / 3, int(i) % 3);
    charts_ << chart;
    // The value axis: the unit, or for dimensionless fields "%" (shares) or the field's short label.
    units_ << (!f.unit.empty() ? QString::fromUtf8(f.unit.data(), qsizetype(f.unit.size()))
               : f.format == core::analysis::Format::Percent ? QStringLiteral("%")
                                                             : fieldLabel(f));
  }
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(content);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(header_);
  layout->addWidget(tree_);
  layout->addWidget(scroll, 1);
  connect(session_, &Session::digestChanged, refresher_, &DeferredRefresh::request);
  connect(session_, &Session::checkpointsChanged, refresher_, &DeferredRefresh::request);
  refresh();
}

void LineageView::refresh() {
  const auto digest = session_->digest();
  // The run's maps as a tree (set parents and guesses); each branch is one line in every chart.
  const RunLineage lineage = digest ? runLineage(*session_) : RunLineage{};
  QStringList names;
  QList<QColor> colors;
  QList<int> depths;
  QList<double> lanes;
  for (std::size_t i = 0; i < lineage.maps.size(); ++i) {
    lanes << lineage.layout.row[i];
    names << session_->mapName(lineage.maps[i]);
    colors << mapColor(lineage.maps[i]);
    depths << lineage.layout.depth[i];
  }
  QList<QList<int>> branches;
  for (const auto& b : lineage.layout.branches) {
    QList<int> branch;
    for (std::size_t i : b) branch << int(i);
    branches << branch;
  }
  tree_->setTree(names, colors, lineage.links);
  tree_->setVisible(digest != nullptr);
  const bool guessed = std::any_of(lineage.links.begin(), lineage.links.end(), [](const auto& l) { return l.guessed; });
  header_->setText(!digest ? tr("No run summarised yet.")
                   : guessed ? tr("Each metric along the lineage tree, one line per branch. Dashed links are guessed "
                                  "from the names; set a checkpoint's parent with Tuned From in the Session dock.")
                             : tr("Each metric along the lineage tree, one line per branch; set a checkpoint's parent "
                                  "with Tuned From in the Session dock."));
  bool zoom = false;
  if (digest)
    for (int m = 0; m < int(digest->run->maps.size()); ++m) zoom = zoom || digest->summaries[std::size_t(m)].has_zoom;
  for (int i = 0; i < charts_.size(); ++i) {
    const core::analysis::SummaryField& f = *fields_[std::size_t(i)];
    const double scale = f.format == core::analysis::Format::Percent ? 100 : 1;
    QList<qreal> values;
    for (int m : lineage.maps)
      values << scale * core::analysis::summary_value(f, digest->run->maps[std::size_t(m)],
                                                      digest->summaries[std::size_t(m)]);
    charts_[i]->setTree(names, values, colors, depths, branches, units_[i], lanes);
    charts_[i]->setVisible(f.applies != core::analysis::Applies::Zoom || zoom);
  }
}

}  // namespace widgets
