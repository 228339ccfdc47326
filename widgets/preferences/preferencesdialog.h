#pragma once
// widgets::PreferencesDialog: edits a Preferences value (Edit → Preferences…). It holds no rules: the
// fields' ranges are the Run dialog's, and the caller stores and applies what OK returns.
#include <QDialog>

#include "widgets/preferences/preferences.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace widgets {

class PreferencesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit PreferencesDialog(const Preferences& preferences, QWidget* parent = nullptr);

  Preferences preferences() const;
  void setPreferences(const Preferences& preferences);

  QSpinBox* topK() const { return topK_; }
  QComboBox* palette() const { return palette_; }
  QComboBox* language() const { return language_; }
  QLineEdit* cacheFolder() const { return cacheFolder_; }

 private:
  void browseCacheFolder();

  QSpinBox* threads_;
  QSpinBox* topK_;
  QSpinBox* window_;
  QSpinBox* stride_;
  QLineEdit* cacheFolder_;
  QComboBox* palette_;
  QComboBox* language_;
};

}  // namespace widgets
