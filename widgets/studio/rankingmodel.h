#pragma once
// widgets::RankingModel: the zoom ranking — one row per prompt × tuned map (optionally per group: a
// document or a metadata value, for the best prompt of each), with tokens, K_0, K_P and the share
// recovered. Sorting reads SortRole (numbers as numbers). GUI thread only; holds plain values.
#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "core/analysis/zoom_run.h"

namespace widgets {

class RankingModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { GroupColumn, PromptColumn, MapColumn, TokensColumn, K0Column, KpColumn, RecoveredColumn, ColumnCount };
  enum Role { SortRole = Qt::UserRole + 1, PromptIndexRole, MapIndexRole };
  struct Row {
    QString group;  // empty in the plain ranking
    QString prompt;
    QString map;
    core::analysis::ZoomRow values;
  };

  explicit RankingModel(QObject* parent = nullptr);
  // The group column shows only when `groupTitle` is not empty (e.g. "document", "category").
  void setRows(std::vector<Row> rows, const QString& groupTitle = {});
  const std::vector<Row>& rows() const { return rows_; }

  // Rows of a zoom run: the ranking over the territory or a slice (`rows` from zoom_rows), or its
  // best prompt per group (best_per_document / best_per_value).
  static std::vector<Row> fromRows(const core::analysis::ZoomResult& zoom, const std::vector<core::analysis::ZoomRow>& rows);
  static std::vector<Row> fromBest(const core::analysis::ZoomResult& zoom, const std::vector<core::analysis::BestPrompt>& best);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::vector<Row> rows_;
  QString groupTitle_;
};

// A prompt as one line for a table cell: its name, else its text with newlines shown as ⏎.
QString promptLabel(const core::analysis::ZoomPrompt& prompt);

}  // namespace widgets
