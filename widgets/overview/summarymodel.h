#pragma once
// widgets::SummaryModel: one row per map of the current run (lineage order) with every `compare` field
// (docs/ARCHITECTURE.md, "Command line"), over the current slice: nll_mean, delta_nll, kl_bt_mean, kl_tb_mean, entropy_mean,
// delta_entropy, ece, brier, top1_accuracy, temperature, bits_per_byte, and zoom_recovered when the
// run has a prompt. Reads the Session's digest. GUI thread only.
#include <QAbstractTableModel>
#include <memory>
#include <vector>

#include "widgets/overview/rundigest.h"

namespace widgets {

class Session;

class SummaryModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    MapColumn, RoleColumn, TokensColumn, NllColumn, DeltaNllColumn, KlBtColumn, KlTbColumn, EntropyColumn,
    DeltaEntropyColumn, EceColumn, BrierColumn, Top1Column, TemperatureColumn, BitsPerByteColumn,
    ZoomRecoveredColumn, ColumnCount
  };
  enum Role { ValueRole = Qt::UserRole + 1, MapRole };

  explicit SummaryModel(Session* session, QObject* parent = nullptr);
  // The `compare` key of a column ("nll_mean", ...), empty for the descriptive columns.
  static QString fieldKey(int column);
  bool hasZoom() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  void reset();
  Session* session_;
  std::shared_ptr<const RunDigest> digest_;
  std::vector<int> order_;
};

// The value of a summary column for one map's summary (NaN where it does not apply).
double summaryValue(const core::analysis::MapSummary& s, int column, bool isBase);

}  // namespace widgets
