#pragma once
// widgets::RunDialog: lets the user compose a RunRequest (checkpoints: the base and tuned maps in
// lineage order, territory, the field naming a JSONL territory's documents, prompt, top-k, window/stride,
// threads, device, batch) and shows what validate() finds. It holds no rules of its own; accepting emits
// runRequested(). The settings start from the user's Preferences.
#include <QDialog>
#include <vector>

#include "widgets/runs/runrequest.h"
#include "widgets/session/sessioncontents.h"

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace widgets {

class RunDialog : public QDialog {
  Q_OBJECT
 public:
  RunDialog(const std::vector<CheckpointEntry>& checkpoints, const std::vector<PromptEntry>& prompts,
            QWidget* parent = nullptr);

  RunRequest request() const;
  void setRequest(const RunRequest& request);
  void setPathProbe(PathProbe probe);
  std::vector<RunRequestProblem> problems() const { return validate(request(), probe_); }
  bool canStart() const;

  QComboBox* base() const { return base_; }
  QListWidget* tuned() const { return tuned_; }
  QLineEdit* territory() const { return territory_; }
  QLineEdit* tokenizer() const { return tokenizer_; }
  QComboBox* dtype() const { return dtype_; }
  // Shown for a JSONL territory: the fields of its first lines, after the guess (empty choice).
  QComboBox* nameField() const { return nameField_; }
  bool nameFieldShown() const;
  QLabel* problemsLabel() const { return problems_; }

 Q_SIGNALS:
  void runRequested(const widgets::RunRequest& request);

 private:
  // The constructor's steps: each group of fields, the layout, the connections.
  void setUpCheckpointFields(const std::vector<CheckpointEntry>& checkpoints);
  void setUpTerritoryFields(const std::vector<PromptEntry>& prompts);
  void setUpSettingFields();
  void setUpProblemsAndButtons();
  void layOut();
  void addCheckpointRows(QFormLayout* form);
  void addTerritoryRows(QFormLayout* form);
  void addSettingRows(QFormLayout* form);
  QPushButton* browseButton(const QString& text, void (RunDialog::*browse)(bool), bool folder);
  void connectFields();

  void startRun();
  bool confirmTorchScript(const QStringList& scripts);
  void refresh();
  void addTuned(const QString& path, const QString& name, bool checked);
  void browseBase(bool folder);
  void browseTuned(bool folder);
  void browseTerritory(bool folder);
  void browseTokenizer(bool folder);
  void listNameFields();

  PathProbe probe_;
  QLineEdit* name_;
  QComboBox* base_;
  QListWidget* tuned_;
  QLineEdit* tokenizer_;
  QLineEdit* territory_;
  QComboBox* nameField_;
  int nameFieldsAsked_ = 0;  // the latest listing asked of a worker; older answers are dropped
  QFormLayout* form_ = nullptr;
  QComboBox* prompt_;
  QSpinBox* topK_;
  QSpinBox* window_;
  QSpinBox* stride_;
  QSpinBox* threads_;
  QComboBox* device_;
  QComboBox* dtype_;
  QSpinBox* batch_;
  QLabel* problems_;
  QDialogButtonBox* buttons_;
};

}  // namespace widgets
