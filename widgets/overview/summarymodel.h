#pragma once
// widgets::SummaryModel: one row per map of the current run (lineage order) over the current slice;
// after the map's name and role, one column per field of the summary table (core/analysis/fields.h,
// `in_table`), the zoom fields only when some map of the run has a prompt. Reads the Session's
// digest. GUI thread only.
#include <QAbstractTableModel>
#include <memory>
#include <string_view>
#include <vector>

#include "core/analysis/fields.h"
#include "widgets/overview/rundigest.h"

namespace widgets {

class Session;

class SummaryModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { MapColumn, RoleColumn, FirstFieldColumn };
  enum Role { ValueRole = Qt::UserRole + 1, MapRole };

  explicit SummaryModel(Session* session, QObject* parent = nullptr);
  // The field shown in `column`; nullptr for the descriptive columns.
  const core::analysis::SummaryField* field(int column) const;
  // The column of the field with `key` ("nll_mean", ...); -1 when it is not shown.
  int column(std::string_view key) const;
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
  std::vector<const core::analysis::SummaryField*> fields_;  // of columns FirstFieldColumn...
};

}  // namespace widgets
