#include "widgets/territory/documentsmodel.h"

#include <QColor>
#include <QLocale>
#include <QPalette>
#include <cmath>

#include "widgets/display/format.h"
#include "widgets/session/session.h"

namespace widgets {

DocumentsModel::DocumentsModel(Session* session, QObject* parent) : QAbstractTableModel(parent), session_(session) {
  connect(session_, &Session::runLoaded, this, &DocumentsModel::reset);
  connect(session_, &Session::digestChanged, this, &DocumentsModel::reset);
  connect(session_->selection(), &Selection::runChanged, this, &DocumentsModel::reset);
  connect(session_->selection(), &Selection::mapChanged, this, &DocumentsModel::reset);
  connect(session_, &Session::checkpointsChanged, this, [this] {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
  });
  reset();
}

void DocumentsModel::reset() {
  auto run = session_->currentRun();
  const int map = session_->selection()->map();
  // A new digest only changes which rows are kept: keep the search texts unless the run changed.
  ++generation_;
  beginResetModel();
  if (run != run_) search_.clear();
  run_ = std::move(run);
  map_ = run_ && map >= 0 && std::size_t(map) < run_->maps.size() ? map : (run_ && run_->maps.size() > 1 ? 1 : 0);
  endResetModel();
}

int DocumentsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !run_ ? 0 : int(run_->documents.size());
}
int DocumentsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString DocumentsModel::searchText(int row) const {
  if (search_.size() != run_->documents.size()) search_.assign(run_->documents.size(), QString());
  QString& s = search_[std::size_t(row)];
  if (s.isEmpty()) {
    const auto& doc = run_->documents[std::size_t(row)];
    s = QString::fromStdString(doc.name);
    for (const auto& [k, v] : doc.metadata) s += QLatin1Char(' ') + QString::fromStdString(k + "=" + v);
    s += QLatin1Char('\n') + QString::fromStdString(core::analysis::document_text(*run_, doc).text);
  }
  return s;
}

QVariant DocumentsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !run_ || std::size_t(index.row()) >= run_->documents.size()) return {};
  const auto& doc = run_->documents[std::size_t(index.row())];
  if (role == DocumentRole) return index.row();
  if (role == SearchRole) return searchText(index.row());
  const auto positions = session_->positions();
  const bool kept = !positions || positions->contains_document(index.row());
  if (role == KeptRole) return kept;
  if (role == Qt::ForegroundRole && !kept) return QPalette().color(QPalette::Disabled, QPalette::Text);
  const std::size_t m = std::size_t(map_);
  const core::analysis::DocumentStats* s = m < doc.stats.size() ? &doc.stats[m] : nullptr;
  const core::analysis::DocumentStats* b = doc.stats.empty() ? nullptr : &doc.stats[0];
  auto number = [&](int column) -> double {
    if (!s) return std::nan("");
    switch (column) {
      case TokensColumn: return double(s->tokens);
      case NllColumn: return s->nll_mean;
      case DeltaNllColumn: return map_ == 0 || !b ? std::nan("") : s->nll_mean - b->nll_mean;
      case EntropyColumn: return s->entropy_mean;
      case Top1Column: return s->top1_accuracy;
      case KlBtColumn: return map_ == 0 ? std::nan("") : s->kl_bt_mean;
      case KlTbColumn: return map_ == 0 ? std::nan("") : s->kl_tb_mean;
      case JsColumn: return map_ == 0 ? std::nan("") : s->js_mean;
      case KlMaxColumn: return map_ == 0 ? std::nan("") : s->kl_max;
      case BitsPerByteColumn: return s->bits_per_byte;
    }
    return std::nan("");
  };
  const int column = index.column();
  if (role == SortRole) {
    if (column == NameColumn) return QString::fromStdString(doc.name);
    if (column == MetadataColumn) return data(index, Qt::DisplayRole);
    const double v = number(column);
    return std::isfinite(v) ? v : -1e300;
  }
  if (role == Qt::DisplayRole) {
    if (column == NameColumn) return QString::fromStdString(doc.name);
    if (column == MetadataColumn) {
      QStringList parts;
      for (const auto& [k, v] : doc.metadata) parts << QString::fromStdString(k + "=" + v);
      return parts.join(QStringLiteral(", "));
    }
    if (column == TokensColumn) return s ? QLocale().toString(s->tokens) : QString();
    if (column == Top1Column) return s ? QStringLiteral("%1 %").arg(100 * s->top1_accuracy, 0, 'f', 1) : QString();
    return formatValue(number(column));
  }
  if (role == Qt::TextAlignmentRole && column != NameColumn && column != MetadataColumn)
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && column == NameColumn) {
    QString tip = QString::fromStdString(doc.name);
    if (!kept) tip += tr("\nNot in the current slice");
    return tip;
  }
  return {};
}

QVariant DocumentsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  const QString map = session_->mapName(map_);
  if (role == Qt::DisplayRole) {
    switch (section) {
      case NameColumn: return tr("Document");
      case TokensColumn: return tr("Tokens");
      case NllColumn: return tr("NLL");
      case DeltaNllColumn: return tr("Δ NLL");
      case EntropyColumn: return tr("Entropy");
      case Top1Column: return tr("Top-1");
      case KlBtColumn: return tr("KL(b‖m)");
      case KlTbColumn: return tr("KL(m‖b)");
      case JsColumn: return tr("JS");
      case KlMaxColumn: return tr("KL max");
      case BitsPerByteColumn: return tr("Bits/byte");
      case MetadataColumn: return tr("Metadata");
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case NllColumn: return tr("Mean negative log-likelihood of %1 over the document (nats)").arg(map);
      case DeltaNllColumn: return tr("NLL of %1 minus the base map's: > 0 where tuning made the territory less likely").arg(map);
      case EntropyColumn: return tr("Mean entropy of %1's predictions (nats)").arg(map);
      case Top1Column: return tr("Share of positions where %1's most likely token is the truth").arg(map);
      case KlBtColumn: return tr("Mean KL(base ‖ %1) (nats)").arg(map);
      case KlTbColumn: return tr("Mean KL(%1 ‖ base) (nats)").arg(map);
      case JsColumn: return tr("Mean Jensen–Shannon divergence between %1 and the base (nats)").arg(map);
      case KlMaxColumn: return tr("Largest KL(base ‖ %1) at any position").arg(map);
      case BitsPerByteColumn: return tr("Bits per UTF-8 byte under %1").arg(map);
      default: return tr("Click to sort");
    }
  }
  return {};
}

}  // namespace widgets
