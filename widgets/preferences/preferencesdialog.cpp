#include "widgets/preferences/preferencesdialog.h"

#include <QComboBox>
#include <QIcon>
#include <QPixmap>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/runs/settingboxes.h"

namespace widgets {
namespace {

// A strip of the palette as a signed metric shows it (below 0 on the left), for the palette menu.
QIcon swatch(ColorPalette palette) {
  QPixmap pixmap(64, 14);
  QPainter painter(&pixmap);
  for (int x = 0; x < pixmap.width(); ++x) {
    painter.setPen(QColor::fromRgb(ColorScale::swatch(palette, x / double(pixmap.width() - 1))));
    painter.drawLine(x, 0, x, pixmap.height() - 1);
  }
  return QIcon(pixmap);
}

}  // namespace

PreferencesDialog::PreferencesDialog(const Preferences& preferences, QWidget* parent)
    : QDialog(parent), threads_(new QSpinBox(this)), topK_(new QSpinBox(this)), window_(new QSpinBox(this)),
      stride_(new QSpinBox(this)), cacheFolder_(new QLineEdit(this)), palette_(new QComboBox(this)),
      language_(new QComboBox(this)) {
  setWindowTitle(tr("Preferences"));
  setObjectName(QStringLiteral("preferencesDialog"));
  // The same ranges and special values as the Run dialog's fields, which these preset.
  setUpRunSettingBoxes(topK_, window_, stride_, threads_);
  topK_->setRange(1, 1000);
  cacheFolder_->setToolTip(tr("Where Open Demo builds the demo maps and session, and finds them again"));
  palette_->setIconSize(QSize(64, 14));
  palette_->addItem(swatch(ColorPalette::RdBu), tr("Red–blue (ColorBrewer RdBu, colour-blind safe)"),
                    paletteKey(ColorPalette::RdBu));
  palette_->addItem(swatch(ColorPalette::PuOr), tr("Orange–purple (ColorBrewer PuOr, colour-blind safe)"),
                    paletteKey(ColorPalette::PuOr));
  palette_->addItem(swatch(ColorPalette::Viridis), tr("Viridis (perceptually uniform, one hue after another)"),
                    paletteKey(ColorPalette::Viridis));
  const QString system = QLocale::system().nativeLanguageName();  // empty for the C locale
  language_->addItem(system.isEmpty() ? tr("System language") : tr("System (%1)").arg(system), QString());
  // Each language in its own words, whatever the current one.
  for (const QString& code : Preferences::languages())
    language_->addItem(code == QLatin1String("en") ? QStringLiteral("English") : QLocale(code).nativeLanguageName(), code);

  auto* form = new QFormLayout;
  auto* runs = new QLabel(tr("<b>New runs start with</b>"), this);
  form->addRow(runs);
  form->addRow(tr("Threads:"), threads_);
  form->addRow(tr("Top-k:"), topK_);
  form->addRow(tr("Window:"), window_);
  form->addRow(tr("Stride:"), stride_);
  auto* folderRow = new QHBoxLayout;
  folderRow->addWidget(cacheFolder_, 1);
  auto* browse = new QPushButton(tr("Folder…"), this);
  connect(browse, &QPushButton::clicked, this, &PreferencesDialog::browseCacheFolder);
  folderRow->addWidget(browse);
  form->addRow(tr("Demo cache folder:"), folderRow);
  form->addRow(new QLabel(tr("<b>Display</b>"), this));
  form->addRow(tr("Colour palette:"), palette_);
  form->addRow(tr("Language:"), language_);
  auto* languageNote = new QLabel(tr("A new language applies when Cartograph next starts."), this);
  languageNote->setEnabled(false);  // drawn as a quiet note
  form->addRow(QString(), languageNote);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
          [this] { setPreferences(Preferences::defaults()); });
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
  setMinimumWidth(560);
  setPreferences(preferences);
}

Preferences PreferencesDialog::preferences() const {
  Preferences p;
  p.threads = threads_->value();
  p.topK = topK_->value();
  p.window = window_->value();
  p.stride = stride_->value();
  p.cacheFolder = cacheFolder_->text().trimmed();
  if (p.cacheFolder.isEmpty()) p.cacheFolder = Preferences::defaults().cacheFolder;
  p.palette = paletteFromKey(palette_->currentData().toString()).value_or(ColorPalette::RdBu);
  p.language = language_->currentData().toString();
  return p;
}

void PreferencesDialog::setPreferences(const Preferences& p) {
  threads_->setValue(p.threads);
  topK_->setValue(p.topK);
  window_->setValue(p.window);
  stride_->setValue(p.stride);
  cacheFolder_->setText(p.cacheFolder);
  palette_->setCurrentIndex(std::max(0, palette_->findData(paletteKey(p.palette))));
  language_->setCurrentIndex(std::max(0, language_->findData(p.language)));
}

void PreferencesDialog::browseCacheFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Demo Cache Folder"), cacheFolder_->text());
  if (!folder.isEmpty()) cacheFolder_->setText(folder);
}

}  // namespace widgets
