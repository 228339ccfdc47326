#include "widgets/overview/summarymodel.h"

#include <QFont>
#include <cmath>

#include "widgets/display/format.h"
#include "widgets/display/mapcolors.h"
#include "widgets/session/session.h"

namespace widgets {

namespace analysis = core::analysis;

SummaryModel::SummaryModel(Session* session, QObject* parent) : QAbstractTableModel(parent), session_(session) {
  connect(session_, &Session::digestChanged, this, &SummaryModel::reset);
  connect(session_, &Session::checkpointsChanged, this, &SummaryModel::reset);
  reset();
}

void SummaryModel::reset() {
  beginResetModel();
  digest_ = session_->digest();
  order_ = digest_ ? session_->lineageOrder() : std::vector<int>{};
  fields_.clear();
  const bool zoom = hasZoom();
  for (const analysis::SummaryField& f : analysis::summary_fields())
    if (f.in_table && (zoom || f.applies != analysis::Applies::Zoom)) fields_.push_back(&f);
  endResetModel();
}

bool SummaryModel::hasZoom() const {
  if (!digest_) return false;
  for (const auto& s : digest_->summaries)
    if (s.has_zoom) return true;
  return false;
}

const analysis::SummaryField* SummaryModel::field(int column) const {
  const int i = column - FirstFieldColumn;
  return i >= 0 && std::size_t(i) < fields_.size() ? fields_[std::size_t(i)] : nullptr;
}

int SummaryModel::column(std::string_view key) const {
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i]->key == key) return FirstFieldColumn + int(i);
  return -1;
}

int SummaryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(order_.size()); }
int SummaryModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : FirstFieldColumn + int(fields_.size());
}

QVariant SummaryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !digest_ || std::size_t(index.row()) >= order_.size()) return {};
  const int map = order_[std::size_t(index.row())];
  if (std::size_t(map) >= digest_->summaries.size()) return {};
  const auto& s = digest_->summaries[std::size_t(map)];
  const analysis::MapInfo& info = digest_->run->maps[std::size_t(map)];
  const int column = index.column();
  const analysis::SummaryField* f = field(column);
  if (role == MapRole) return map;
  if (role == ValueRole) return f ? analysis::summary_value(*f, info, s) : std::nan("");
  if (role == Qt::DisplayRole) {
    if (column == MapColumn) return session_->mapName(map);
    if (column == RoleColumn)
      return info.role == analysis::MapRole::Base     ? tr("base")
             : info.role == analysis::MapRole::Zoomed ? tr("zoomed")
                                                      : tr("tuned");
    return f ? formatField(*f, analysis::summary_value(*f, info, s)) : QVariant();
  }
  if (role == Qt::TextAlignmentRole && column > RoleColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole && column == MapColumn) return mapColor(map);
  if (role == Qt::FontRole && column == MapColumn) {
    QFont f;
    f.setBold(true);
    return f;
  }
  // A field that applies but has no value: temperature and bits per byte are defined over whole
  // documents only.
  if (role == Qt::ToolTipRole && f && analysis::applies(*f, info, s) && !std::isfinite(f->get(s)))
    return tr("Needs whole documents; this slice keeps only parts of some");
  return {};
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  const analysis::SummaryField* f = field(section);
  if (role == Qt::DisplayRole) {
    if (section == MapColumn) return tr("Map");
    if (section == RoleColumn) return tr("Role");
    if (f) return fieldLabel(*f);
  }
  if (role == Qt::ToolTipRole && f) return fieldDescription(*f);
  return {};
}

}  // namespace widgets
