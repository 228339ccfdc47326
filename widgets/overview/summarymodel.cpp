#include "widgets/overview/summarymodel.h"

#include <QFont>
#include <QLocale>
#include <cmath>

#include "widgets/display/colorlegend.h"
#include "widgets/display/mapcolors.h"
#include "widgets/session/session.h"

namespace widgets {

SummaryModel::SummaryModel(Session* session, QObject* parent) : QAbstractTableModel(parent), session_(session) {
  connect(session_, &Session::digestChanged, this, &SummaryModel::reset);
  connect(session_, &Session::checkpointsChanged, this, &SummaryModel::reset);
  reset();
}

void SummaryModel::reset() {
  beginResetModel();
  digest_ = session_->digest();
  order_ = digest_ ? session_->lineageOrder() : std::vector<int>{};
  endResetModel();
}

bool SummaryModel::hasZoom() const {
  if (!digest_) return false;
  for (const auto& s : digest_->summaries)
    if (s.has_zoom) return true;
  return false;
}

QString SummaryModel::fieldKey(int column) {
  switch (column) {
    case NllColumn: return QStringLiteral("nll_mean");
    case DeltaNllColumn: return QStringLiteral("delta_nll");
    case KlBtColumn: return QStringLiteral("kl_bt_mean");
    case KlTbColumn: return QStringLiteral("kl_tb_mean");
    case EntropyColumn: return QStringLiteral("entropy_mean");
    case DeltaEntropyColumn: return QStringLiteral("delta_entropy");
    case EceColumn: return QStringLiteral("ece");
    case BrierColumn: return QStringLiteral("brier");
    case Top1Column: return QStringLiteral("top1_accuracy");
    case TemperatureColumn: return QStringLiteral("temperature");
    case BitsPerByteColumn: return QStringLiteral("bits_per_byte");
    case ZoomRecoveredColumn: return QStringLiteral("zoom_recovered");
  }
  return {};
}

double summaryValue(const core::analysis::MapSummary& s, int column, bool isBase) {
  const double nan = std::nan("");
  switch (column) {
    case SummaryModel::TokensColumn: return double(s.tokens);
    case SummaryModel::NllColumn: return s.nll_mean;
    case SummaryModel::DeltaNllColumn: return isBase ? nan : s.delta_nll;
    case SummaryModel::KlBtColumn: return isBase ? nan : s.kl_bt_mean;
    case SummaryModel::KlTbColumn: return isBase ? nan : s.kl_tb_mean;
    case SummaryModel::EntropyColumn: return s.entropy_mean;
    case SummaryModel::DeltaEntropyColumn: return isBase ? nan : s.delta_entropy;
    case SummaryModel::EceColumn: return s.ece;
    case SummaryModel::BrierColumn: return s.brier;
    case SummaryModel::Top1Column: return s.top1_accuracy;
    case SummaryModel::TemperatureColumn: return s.temperature;
    case SummaryModel::BitsPerByteColumn: return s.bits_per_byte;
    case SummaryModel::ZoomRecoveredColumn: return s.has_zoom ? s.zoom_recovered : nan;
  }
  return nan;
}

int SummaryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(order_.size()); }
int SummaryModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : (hasZoom() ? ColumnCount : ColumnCount - 1);
}

QVariant SummaryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !digest_ || std::size_t(index.row()) >= order_.size()) return {};
  const int map = order_[std::size_t(index.row())];
  if (std::size_t(map) >= digest_->summaries.size()) return {};
  const auto& s = digest_->summaries[std::size_t(map)];
  const auto roleOfMap = digest_->run->maps[std::size_t(map)].role;
  const bool isBase = roleOfMap == core::analysis::MapRole::Base;
  const int column = index.column();
  if (role == MapRole) return map;
  if (role == ValueRole) return summaryValue(s, column, isBase);
  if (role == Qt::DisplayRole) {
    if (column == MapColumn) return session_->mapName(map);
    if (column == RoleColumn)
      return isBase ? tr("base") : roleOfMap == core::analysis::MapRole::Zoomed ? tr("zoomed") : tr("tuned");
    if (column == TokensColumn) return QLocale().toString(s.tokens);
    const double v = summaryValue(s, column, isBase);
    if (!std::isfinite(v)) return QStringLiteral("—");
    if (column == Top1Column || column == ZoomRecoveredColumn) return QStringLiteral("%1 %").arg(100 * v, 0, 'f', 1);
    if (column == DeltaNllColumn || column == DeltaEntropyColumn)
      return QString((v > 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', 3));
    return QString::number(v, 'f', 3);
  }
  if (role == Qt::TextAlignmentRole && column > RoleColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole && column == MapColumn) return mapColor(map);
  if (role == Qt::FontRole && column == MapColumn) {
    QFont f;
    f.setBold(true);
    return f;
  }
  if (role == Qt::ToolTipRole && (column == TemperatureColumn || column == BitsPerByteColumn) &&
      !std::isfinite(summaryValue(s, column, isBase)))
    return tr("Needs whole documents; this slice keeps only parts of some");
  return {};
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
      case MapColumn: return tr("Map");
      case RoleColumn: return tr("Role");
      case TokensColumn: return tr("Tokens");
      case NllColumn: return tr("NLL");
      case DeltaNllColumn: return tr("Δ NLL");
      case KlBtColumn: return tr("KL(b‖m)");
      case KlTbColumn: return tr("KL(m‖b)");
      case EntropyColumn: return tr("Entropy");
      case DeltaEntropyColumn: return tr("Δ Entropy");
      case EceColumn: return tr("ECE");
      case BrierColumn: return tr("Brier");
      case Top1Column: return tr("Top-1");
      case TemperatureColumn: return tr("Temp.");
      case BitsPerByteColumn: return tr("Bits/byte");
      case ZoomRecoveredColumn: return tr("Zoom recovered");
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case NllColumn: return tr("nll_mean: mean −log p(truth), nats");
      case DeltaNllColumn: return tr("delta_nll: this map's NLL minus the base map's over the same positions");
      case KlBtColumn: return tr("kl_bt_mean: mean KL(base ‖ map), nats");
      case KlTbColumn: return tr("kl_tb_mean: mean KL(map ‖ base), nats");
      case EntropyColumn: return tr("entropy_mean: mean entropy of the predictions, nats");
      case DeltaEntropyColumn: return tr("delta_entropy: entropy minus the base map's; < 0 means the map grew more certain");
      case EceColumn: return tr("ece: expected calibration error over 15 confidence bins");
      case BrierColumn: return tr("brier: mean Brier score of the full distribution");
      case Top1Column: return tr("top1_accuracy: share of positions whose most likely token is the truth");
      case TemperatureColumn: return tr("temperature: the T that minimises NLL of softmax(logits / T)");
      case BitsPerByteColumn: return tr("bits_per_byte: total NLL in bits per UTF-8 byte of text");
      case ZoomRecoveredColumn: return tr("zoom_recovered: 1 − K_P / K_0, the share of the tuning the prompt explains");
    }
  }
  return {};
}

}  // namespace widgets
