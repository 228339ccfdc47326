#pragma once
// widgets::TopKModel: every map's k most probable next tokens at one position, side by side (one
// column per map, one row per rank); the ground-truth token is marked wherever it appears.
// GUI thread only; reads the run it is given.
#include <QAbstractTableModel>
#include <memory>
#include <vector>

#include "core/analysis/run_result.h"

namespace widgets {

class TopKModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Role { TokenIdRole = Qt::UserRole + 1, ProbabilityRole, IsTruthRole };

  explicit TopKModel(QObject* parent = nullptr);
  // `doc`: run's document `document` with its tracks (core::analysis::document_with_tracks).
  void setPosition(std::shared_ptr<const core::analysis::RunResult> run,
                   std::shared_ptr<const core::analysis::DocumentResult> doc, int document, int position);
  void setColumns(const std::vector<int>& maps, const QStringList& names);
  int document() const { return document_; }
  int position() const { return position_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  int truth() const;  // the ground-truth token id at the position, -1 when none
  std::shared_ptr<const core::analysis::RunResult> run_;
  std::shared_ptr<const core::analysis::DocumentResult> doc_;  // with its tracks
  int document_ = -1, position_ = -1;
  std::vector<int> maps_;
  QStringList names_;
};

// The same comparison as an HTML table for tooltips: per map the truth's log p and rank, then the top-k.
QString topKHtml(const core::analysis::RunResult& run, const core::analysis::DocumentResult& doc, int position, const std::vector<int>& maps,
                 const QStringList& names);

// A token's text for display: newlines and tabs made visible, quotes around leading/trailing spaces.
QString displayToken(const core::analysis::RunResult& run, std::int32_t id);

}  // namespace widgets
