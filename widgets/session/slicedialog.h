#pragma once
// widgets::SliceDialog: builds a SliceDefinition from a metric threshold, metadata values, a text
// regex, or a combination (and / or / not) of the session's saved slices, which it refers to by name
// (lassos come from the Map view). It only edits a definition; the caller adds it to the
// Session. The choices offered (maps, metadata fields and values) come from the given run.
#include <QDialog>
#include <memory>

#include "core/analysis/run_result.h"
#include "widgets/overview/slice.h"
#include "widgets/session/sessioncontents.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTabWidget;

namespace widgets {

class SliceDialog : public QDialog {
  Q_OBJECT
 public:
  // `mapNames`: display names of the run's maps, by index.
  // `saved`: the session's slices, offered as the operands of a combination.
  SliceDialog(std::shared_ptr<const core::analysis::RunResult> run, const QStringList& mapNames,
              QWidget* parent = nullptr, std::vector<SliceEntry> saved = {});

  SliceDefinition definition() const;
  QString name() const;
  // Why the definition cannot be saved yet; empty when it can.
  QString problem() const;

  // For tests and scripted use: the widgets a user fills in.
  QTabWidget* kinds() const { return kinds_; }
  QComboBox* metric() const { return metric_; }
  QComboBox* map() const { return map_; }
  QComboBox* comparison() const { return comparison_; }
  QDoubleSpinBox* value() const { return value_; }
  QComboBox* field() const { return field_; }
  QListWidget* values() const { return values_; }
  QLineEdit* pattern() const { return pattern_; }
  QLineEdit* nameEdit() const { return name_; }
  QComboBox* combination() const { return combination_; }
  QListWidget* operands() const { return operands_; }

 private:
  void fillValues();
  void validate();

  std::shared_ptr<const core::analysis::RunResult> run_;
  QLineEdit* name_;
  QTabWidget* kinds_;
  QComboBox* metric_;
  QComboBox* map_;
  QComboBox* comparison_;
  QDoubleSpinBox* value_;
  QComboBox* field_;
  QListWidget* values_;
  QLineEdit* pattern_;
  QCheckBox* caseSensitive_;
  std::vector<SliceEntry> saved_;
  QComboBox* combination_;
  QListWidget* operands_;
  QLabel* problem_;
  QDialogButtonBox* buttons_;
};

}  // namespace widgets
