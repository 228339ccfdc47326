#pragma once
// SamplePanel: the studio's "Sampling" view. Shared settings (prompt, conditioning prompt for the
// base + prompt column, temperature, top-p, seed, max tokens, which tuned map to amplify and α from
// −1 to 4), a Sample button that runs sampleRequest on a JobsModel worker (progress and cancel in the
// Jobs dock and here), the columns (SampleColumnsView) and the sample sets stored in the session,
// reopened without recomputing. Reads the Session's checkpoints and prompts; edits nothing in it.
// GUI thread only.
#include <QWidget>
#include <memory>

#include "core/analysis/sample_set.h"
#include "widgets/studio/samplejob.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;

namespace widgets {

class Session;
class SampleColumnsView;

class SamplePanel : public QWidget {
  Q_OBJECT
 public:
  explicit SamplePanel(Session* session, QWidget* parent = nullptr);

  // The request the current settings make (what Sample would start); an error names what is missing.
  core::Result<SampleRequest> request() const;
  void sample();  // starts a sampling job (ignored while one runs)
  void cancel();
  void refreshStoredSets();  // reads the session's stored sets on a worker
  void showStoredSet(qint64 id);  // reads one on a worker and shows it
  // Deletes a stored set on a worker (the Delete button asks first), then lists the sets again; the
  // columns are cleared when they showed it.
  void deleteStoredSet(qint64 id);
  bool busy() const { return jobId_ != 0; }
  qint64 shownSetId() const { return shownId_; }

  // α as the slider holds it: steps of 0.05 from −1 to 4.
  double amplification() const;
  void setAmplification(double a);

  QPlainTextEdit* promptEdit() const { return prompt_; }
  QComboBox* zoomPromptBox() const { return zoom_; }
  QDoubleSpinBox* temperatureBox() const { return temperature_; }
  QDoubleSpinBox* topPBox() const { return topP_; }
  QSpinBox* seedBox() const { return seed_; }
  QSpinBox* maxTokensBox() const { return maxTokens_; }
  QComboBox* amplifiedMapBox() const { return amplified_; }
  QSlider* amplificationSlider() const { return alpha_; }
  QPushButton* sampleButton() const { return sampleButton_; }
  QPushButton* cancelButton() const { return cancelButton_; }
  QComboBox* storedSetsBox() const { return stored_; }
  QPushButton* deleteSetButton() const { return deleteButton_; }
  QLabel* messageLabel() const { return message_; }
  SampleColumnsView* columns() const { return columns_; }

 Q_SIGNALS:
  void sampleSetShown(qint64 id);  // 0: a set not stored (no session file)
  void sampleFailed(const QString& message);
  void storedSetsRefreshed();
  void storedSetDeleted(qint64 id);

 private:
  void refreshMaps();
  void refreshPrompts();
  void updateAlphaLabel();
  void showSet(const StoredSampleSet& stored);
  void showError(const QString& message);
  void confirmDelete();

  Session* session_;
  QPlainTextEdit* prompt_;
  QComboBox* zoom_;
  QDoubleSpinBox* temperature_;
  QDoubleSpinBox* topP_;
  QSpinBox* seed_;
  QSpinBox* maxTokens_;
  QComboBox* amplified_;
  QSlider* alpha_;
  QLabel* alphaLabel_;
  QPushButton* sampleButton_;
  QPushButton* cancelButton_;
  QProgressBar* progress_;
  QComboBox* stored_;
  QPushButton* deleteButton_;
  QLabel* message_;
  SampleColumnsView* columns_;
  int jobId_ = 0;
  qint64 shownId_ = 0;
};

}  // namespace widgets
