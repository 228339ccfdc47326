#include "widgets/studio/rankingmodel.h"

#include <cmath>

namespace widgets {

QString promptLabel(const core::analysis::ZoomPrompt& prompt) {
  QString s = QString::fromStdString(prompt.name.empty() ? prompt.text : prompt.name);
  s.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
  return s;
}

RankingModel::RankingModel(QObject* parent) : QAbstractTableModel(parent) {}

void RankingModel::setRows(std::vector<Row> rows, const QString& groupTitle) {
  beginResetModel();
  rows_ = std::move(rows);
  groupTitle_ = groupTitle;
  endResetModel();
}

std::vector<RankingModel::Row> RankingModel::fromRows(const core::analysis::ZoomResult& zoom,
                                                      const std::vector<core::analysis::ZoomRow>& rows) {
  std::vector<Row> out;
  for (const auto& r : rows)
    out.push_back({{}, promptLabel(zoom.prompts[std::size_t(r.prompt)]),
                   QString::fromStdString(zoom.map_names[std::size_t(r.map - 1)]), r});
  return out;
}

std::vector<RankingModel::Row> RankingModel::fromBest(const core::analysis::ZoomResult& zoom,
                                                      const std::vector<core::analysis::BestPrompt>& best) {
  std::vector<Row> out;
  for (const auto& b : best)
    out.push_back({QString::fromStdString(b.group), promptLabel(zoom.prompts[std::size_t(b.best.prompt)]),
                   QString::fromStdString(zoom.map_names[std::size_t(b.map - 1)]), b.best});
  return out;
}

int RankingModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }
int RankingModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RankingModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(rows_.size())) return {};
  const Row& r = rows_[std::size_t(index.row())];
  const auto& v = r.values;
  const auto number = [](double x) { return std::isfinite(x) ? QVariant(x) : QVariant(); };
  if (role == PromptIndexRole) return v.prompt;
  if (role == MapIndexRole) return v.map;
  if (role == SortRole) {
    switch (index.column()) {
      case GroupColumn: return r.group;
      case PromptColumn: return r.prompt;
      case MapColumn: return r.map;
      case TokensColumn: return qlonglong(v.tokens);
      case K0Column: return number(v.k0);
      case KpColumn: return number(v.kp);
      case RecoveredColumn: return number(v.zoom_recovered);
    }
  }
  if (role == Qt::TextAlignmentRole && index.column() >= TokensColumn)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && index.column() == PromptColumn) return r.prompt;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case GroupColumn: return r.group;
    case PromptColumn: return r.prompt;
    case MapColumn: return r.map;
    case TokensColumn: return QString::number(v.tokens);
    case K0Column: return QString::number(v.k0, 'f', 4);
    case KpColumn: return QString::number(v.kp, 'f', 4);
    case RecoveredColumn:
      return std::isfinite(v.zoom_recovered) ? QString::number(100 * v.zoom_recovered, 'f', 1) + QStringLiteral(" %")
                                              : QStringLiteral("—");
  }
  return {};
}

QVariant RankingModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case GroupColumn: return groupTitle_;
    case PromptColumn: return tr("Prompt");
    case MapColumn: return tr("Tuned map");
    case TokensColumn: return tr("Tokens");
    case K0Column: return tr("K₀ (nats)");
    case KpColumn: return tr("K_P (nats)");
    case RecoveredColumn: return tr("Recovered");
  }
  return {};
}

}  // namespace widgets
