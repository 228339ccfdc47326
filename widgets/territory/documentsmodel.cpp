#include "widgets/territory/documentsmodel.h"

#include <QColor>
#include <QLocale>
#include <QPalette>
#include <cmath>

#include "widgets/display/format.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/territory/documentorder.h"

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
  const int asked = session_->selection()->map();
  const int map = run && asked >= 0 && std::size_t(asked) < run->maps.size() ? asked : (run && run->maps.size() > 1 ? 1 : 0);
  // A new digest only changes which rows are kept: the order and the search texts stay unless the run
  // changed, and the order also when another map's statistics come into a column sorted by one.
  const bool runChanged = run != run_;
  const bool reorder = runChanged || (map != map_ && sortColumn_ != NameColumn && sortColumn_ != MetadataColumn);
  beginResetModel();
  if (runChanged) {
    search_.clear();
    order_.clear();
    rowOf_.clear();
  }
  run_ = std::move(run);
  map_ = map;
  endResetModel();
  if (reorder) requestOrder();
}

void DocumentsModel::sort(int column, Qt::SortOrder order) {
  if (column < 0 || column >= ColumnCount) return;
  sortColumn_ = column;
  sortOrder_ = order;
  requestOrder();
}

void DocumentsModel::requestOrder() {
  const quint64 request = ++orderRequest_;
  if (sortJob_ != 0) session_->jobs()->cancel(sortJob_);
  sortJob_ = 0;
  if (!run_ || int(run_->documents.size()) < sortOnWorkerFrom_) {
    applyOrder(run_ ? *documentOrder(*run_, map_, sortColumn_, sortOrder_) : std::vector<int>());
    return;
  }
  // A million documents take a second or so to sort: on a worker, the rows keeping their order meanwhile.
  auto run = run_;
  const int map = map_, column = sortColumn_;
  const Qt::SortOrder order = sortOrder_;
  sortJob_ = session_->jobs()->start<std::vector<int>>(
      tr("Sorting %n documents", nullptr, int(run->documents.size())),
      [run, map, column, order](core::Job& job) -> core::Result<std::vector<int>> {
        auto rows = documentOrder(*run, map, column, order, &job.token());
        if (!rows) return core::fail(core::ErrorCode::Cancelled, "sorting the documents was cancelled");
        return std::move(*rows);
      },
      this, [this, request](core::Result<std::vector<int>> rows) {
        if (request != orderRequest_) return;  // a later sort or run replaced this one
        sortJob_ = 0;
        if (rows) applyOrder(std::move(*rows));
      });
}

void DocumentsModel::applyOrder(std::vector<int> order) {
  bool identity = true;
  for (std::size_t r = 0; r < order.size() && identity; ++r) identity = order[r] == int(r);
  if (identity) order.clear();
  if (order != order_) {
    // The rows move; what was selected (persistent indexes, through the filter above) moves with them.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    std::vector<int> rowOf(order.size());
    for (std::size_t r = 0; r < order.size(); ++r) rowOf[std::size_t(order[r])] = int(r);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex& i : from) {
      const int document = documentAt(i.row());
      to << index(rowOf.empty() ? document : rowOf[std::size_t(document)], i.column());
    }
    order_ = std::move(order);
    rowOf_ = std::move(rowOf);
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
  }
  Q_EMIT sorted();
}

int DocumentsModel::documentAt(int row) const { return order_.empty() ? row : order_[std::size_t(row)]; }

int DocumentsModel::rowOf(int document) const {
  if (!run_ || document < 0 || std::size_t(document) >= run_->documents.size()) return -1;
  return rowOf_.empty() ? document : rowOf_[std::size_t(document)];
}

int DocumentsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !run_ ? 0 : int(run_->documents.size());
}
int DocumentsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString DocumentsModel::searchText(int document) const {
  if (search_.size() != run_->documents.size()) search_.assign(run_->documents.size(), QString());
  QString& s = search_[std::size_t(document)];
  if (s.isEmpty()) {
    const auto& doc = run_->documents[std::size_t(document)];
    s = QString::fromStdString(doc.name);
    for (const auto& [k, v] : doc.metadata) s += QLatin1Char(' ') + QString::fromStdString(k + "=" + v);
    s += QLatin1Char('\n') + QString::fromStdString(core::analysis::document_text(*run_, doc).text);
  }
  return s;
}

QVariant DocumentsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !run_ || std::size_t(index.row()) >= run_->documents.size()) return {};
  const int document = documentAt(index.row());
  const auto& doc = run_->documents[std::size_t(document)];
  if (role == DocumentRole) return document;
  if (role == SearchRole) return searchText(document);
  const auto positions = session_->positions();
  const bool kept = !positions || positions->contains_document(document);
  if (role == KeptRole) return kept;
  if (role == Qt::ForegroundRole && !kept) return QPalette().color(QPalette::Disabled, QPalette::Text);
  const bool hasStats = std::size_t(map_) < doc.stats.size();
  const int column = index.column();
  if (role == SortRole) {
    if (column == NameColumn) return QString::fromStdString(doc.name);
    if (column == MetadataColumn) return documentMetadataText(doc);
    const double v = documentStatistic(doc, map_, column);
    return std::isfinite(v) ? v : -1e300;
  }
  if (role == Qt::DisplayRole) {
    if (column == NameColumn) return QString::fromStdString(doc.name);
    if (column == MetadataColumn) return documentMetadataText(doc);
    if (column == TokensColumn) return hasStats ? QLocale().toString(doc.stats[std::size_t(map_)].tokens) : QString();
    if (column == Top1Column)
      return hasStats ? QStringLiteral("%1 %").arg(100 * doc.stats[std::size_t(map_)].top1_accuracy, 0, 'f', 1) : QString();
    return formatValue(documentStatistic(doc, map_, column));
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
