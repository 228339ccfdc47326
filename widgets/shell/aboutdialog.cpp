#include "widgets/shell/aboutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "widgets/shell/qtversions.h"

namespace widgets {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("About Cartograph"));
  setObjectName(QStringLiteral("aboutDialog"));
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("<h2>Cartograph %1</h2><p>See where fine-tuning or reinforcement learning "
                              "redrew a language model's map of its territory.</p>")
                               .arg(QStringLiteral(CARTOGRAPH_VERSION)),
                           this);
  title->setWordWrap(true);
  layout->addWidget(title);
  auto* versions = new QPlainTextEdit(versionsText(), this);
  versions->setObjectName(QStringLiteral("versions"));
  versions->setReadOnly(true);
  versions->setMinimumSize(520, 140);
  layout->addWidget(versions);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

}  // namespace widgets
