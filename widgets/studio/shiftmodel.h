#pragma once
// widgets::ShiftModel: one recorded token shift as a table, a row per tuned map: positions and the
// unshifted / marginal / shifted fractions (docs/ARCHITECTURE.md, "Token shift"). FractionRole gives
// the exact fraction behind a percentage cell. Read-only; GUI thread only.
#include <QAbstractTableModel>
#include <optional>

#include "core/store/token_shifts.h"

namespace widgets {

class ShiftModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { MapColumn, PositionsColumn, UnshiftedColumn, MarginalColumn, ShiftedColumn, ColumnCount };
  enum Role { FractionRole = Qt::UserRole + 1 };

  explicit ShiftModel(QObject* parent = nullptr);
  void setRecord(std::optional<core::store::ShiftRecord> record);
  const std::optional<core::store::ShiftRecord>& record() const { return record_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::optional<core::store::ShiftRecord> record_;
};

}  // namespace widgets
