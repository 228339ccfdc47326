#pragma once
// The About dialog: what Cartograph is and every library version it runs on (copyable).
#include <QDialog>

namespace widgets {

class AboutDialog : public QDialog {
  Q_OBJECT
 public:
  explicit AboutDialog(QWidget* parent = nullptr);
};

}  // namespace widgets
