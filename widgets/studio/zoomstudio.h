#pragma once
// widgets::ZoomStudio: the zoom half of the studio. Pick prompts from the session's library, zoom the
// current run's base map with them over the territory (a JobsModel job: core::store::execute_zoom,
// which reuses the stored run and records the zoom run in the session), rank prompt × map, see the
// best prompt per document or per metadata value, and zoom at the token selected in the Territory
// view (core::analysis::TokenZoomer on a worker: maps loaded and the prompt cached once, the document
// prepared once, each click only the heads).
// GUI thread only; reads the Session, selects nothing, edits nothing but what the zoom job records.
#include <QWidget>
#include <memory>

#include "core/store/execute_zoom.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace widgets {

class RankingModel;
class Session;
class ZoomBars;
struct TokenZoomState;

class ZoomStudio : public QWidget {
  Q_OBJECT
 public:
  explicit ZoomStudio(Session* session, QWidget* parent = nullptr);
  ~ZoomStudio() override;

  // Zooms the current run with the checked prompts (all when none is checked); asynchronous:
  // zoomFinished() or an issue on the Session.
  void runZoom();
  void checkAllPrompts(bool checked);
  // Which groups the best-prompt table shows: "" = per document, else a metadata field.
  void setGrouping(const QString& field);
  // The prompt zoomed at the token (index into the last zoom run's prompts).
  void setTokenPrompt(int prompt);
  int tokenPrompt() const;  // -1: none

  std::shared_ptr<const core::store::ExecutedZoom> lastZoom() const { return zoom_; }
  RankingModel* ranking() const { return ranking_; }
  RankingModel* best() const { return best_; }
  ZoomBars* bars() const { return bars_; }
  QTableView* rankingView() const { return rankingView_; }

 Q_SIGNALS:
  void zoomFinished();
  void tokenZoomed();

 private:
  void reloadPrompts();
  void showZoom();
  void zoomAtToken();
  std::vector<core::analysis::ZoomPrompt> checkedPrompts() const;

  Session* session_;
  QListWidget* prompts_;
  QPushButton* run_;
  QComboBox* grouping_;
  QComboBox* tokenPrompt_;
  QLabel* status_;
  RankingModel* ranking_;
  RankingModel* best_;
  QSortFilterProxyModel* rankingSort_;
  QSortFilterProxyModel* bestSort_;
  QTableView* rankingView_;
  QTableView* bestView_;
  ZoomBars* bars_;
  std::shared_ptr<const core::store::ExecutedZoom> zoom_;
  std::shared_ptr<TokenZoomState> tokenState_;  // shared with the token-zoom worker
  int tokenRequest_ = 0;
};

}  // namespace widgets
