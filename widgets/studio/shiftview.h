#pragma once
// widgets::ShiftView: token shift (URIAL; docs/ARCHITECTURE.md, "Token shift") in the Studio. The user
// ticks library prompts and the tokens to decode per prompt; Run computes, on a JobsModel worker with
// progress and cancel, the shift of every tuned map of the session against its base map, and the
// Session records it in the session file. The view shows a recorded shift: the unshifted / marginal /
// shifted fractions per tuned map, and, for a chosen prompt, each tuned map's greedy tokens as a
// strip with the shifted ones marked. Recorded shifts reopen with the session, never recomputed.
// GUI thread only.
#include <QWidget>

#include "widgets/studio/shiftjob.h"

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QVBoxLayout;

namespace widgets {

class Session;
class ShiftModel;

class ShiftView : public QWidget {
  Q_OBJECT
 public:
  explicit ShiftView(Session* session, QWidget* parent = nullptr);

  // What Run would compute now: the session's base and tuned maps, the ticked prompts.
  ShiftRequest request() const;
  // Starts the job (returns its id, 0 when the request is refused: the reason is in statusLabel()).
  int run();
  void cancel();
  bool running() const { return job_ != 0; }
  // Shows the recorded shift at `index` of Session::shifts() (the newest when -1).
  void showShift(int index);

  QListWidget* promptList() const { return prompts_; }
  QSpinBox* tokensBox() const { return tokens_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* cancelButton() const { return cancel_; }
  QTableView* fractionsView() const { return table_; }
  ShiftModel* model() const { return model_; }
  QComboBox* shiftBox() const { return shifts_; }
  QComboBox* stripPromptBox() const { return stripPrompt_; }
  QLabel* statusLabel() const { return status_; }
  QWidget* strip() const { return strip_; }

 Q_SIGNALS:
  void finished(bool ok);

 private:
  QWidget* createControls();
  void fillPrompts();
  void fillShifts();
  void fillStrip();
  void onJobProgress();

  Session* session_;
  ShiftModel* model_;
  QListWidget* prompts_ = nullptr;
  QSpinBox* tokens_ = nullptr;
  QPushButton *run_ = nullptr, *cancel_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QComboBox* shifts_ = nullptr;
  QTableView* table_ = nullptr;
  QComboBox* stripPrompt_ = nullptr;
  QWidget* strip_ = nullptr;
  QVBoxLayout* stripLayout_ = nullptr;
  int job_ = 0;
};

}  // namespace widgets
