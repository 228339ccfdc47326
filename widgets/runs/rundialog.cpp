#include "widgets/runs/rundialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFuture>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/territory/jsonl_fields.h"
#include "widgets/preferences/preferences.h"
#include "widgets/runs/settingboxes.h"

namespace widgets {
namespace {

bool isJsonl(const QString& territory) {
  const QString suffix = QFileInfo(territory).suffix().toLower();
  return suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson");
}

}  // namespace

RunDialog::RunDialog(const std::vector<CheckpointEntry>& checkpoints, const std::vector<PromptEntry>& prompts,
                     QWidget* parent)
    : QDialog(parent), probe_(PathProbe::fileSystem()), name_(new QLineEdit(this)), base_(new QComboBox(this)),
      tuned_(new QListWidget(this)), tokenizer_(new QLineEdit(this)), territory_(new QLineEdit(this)), nameField_(new QComboBox(this)),
      prompt_(new QComboBox(this)),
      topK_(new QSpinBox(this)), window_(new QSpinBox(this)), stride_(new QSpinBox(this)), threads_(new QSpinBox(this)),
      device_(new QComboBox(this)), dtype_(new QComboBox(this)), batch_(new QSpinBox(this)), problems_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setWindowTitle(tr("New Run"));
  setObjectName(QStringLiteral("runDialog"));
  setUpCheckpointFields(checkpoints);
  setUpTerritoryFields(prompts);
  setUpSettingFields();
  setUpProblemsAndButtons();
  layOut();
  connectFields();
  refresh();
}

void RunDialog::setUpCheckpointFields(const std::vector<CheckpointEntry>& checkpoints) {
  name_->setPlaceholderText(tr("made up from the maps and the territory"));
  base_->setEditable(true);
  base_->setObjectName(QStringLiteral("runBase"));
  base_->setToolTip(tr("The map every other checkpoint is compared with"));
  tuned_->setObjectName(QStringLiteral("runTuned"));
  tuned_->setDragDropMode(QAbstractItemView::InternalMove);
  tuned_->setToolTip(tr("Tick the tuned checkpoints; drag to put them in lineage order (SFT before RL …)"));
  tuned_->setMinimumHeight(110);
  tokenizer_->setObjectName(QStringLiteral("runTokenizer"));
  tokenizer_->setPlaceholderText(tr("each checkpoint's own"));
  tokenizer_->setToolTip(tr("A tokenizer.json, tokenizer.model or GGUF file for every map, when a checkpoint "
                            "has none of its own or the wrong one"));
  for (const CheckpointEntry& c : checkpoints) {
    if (c.role == core::analysis::MapRole::Base) base_->insertItem(0, c.name, c.path);
    else base_->addItem(c.name, c.path);
  }
  for (const CheckpointEntry& c : checkpoints)
    if (c.role != core::analysis::MapRole::Base) addTuned(c.path, c.name, true);
  base_->setCurrentIndex(base_->count() > 0 ? 0 : -1);
}

void RunDialog::setUpTerritoryFields(const std::vector<PromptEntry>& prompts) {
  territory_->setObjectName(QStringLiteral("runTerritory"));
  territory_->setPlaceholderText(tr("corpus.jsonl, a .txt file, or a folder of .txt/.md files"));
  nameField_->setObjectName(QStringLiteral("runNameField"));
  nameField_->setEditable(true);
  nameField_->addItem(tr("(guess: name, title, id, else first words)"));
  nameField_->setToolTip(tr("The JSONL field whose value names each document in the views and exports"));
  prompt_->setEditable(true);
  prompt_->addItem(QString());
  for (const PromptEntry& p : prompts) prompt_->addItem(p.text);
  prompt_->setToolTip(tr("A conditioning prompt for the base map (zoom); leave empty for none"));
}

void RunDialog::setUpSettingFields() {
  const Preferences preferred = Preferences::load();  // Edit → Preferences…
  setUpRunSettingBoxes(topK_, window_, stride_, threads_);
  topK_->setRange(0, 100000);  // beyond 1..1000 on purpose: validate() names the value
  topK_->setValue(preferred.topK);
  window_->setValue(preferred.window);
  stride_->setValue(preferred.stride);
  threads_->setValue(preferred.threads);
  device_->addItems({QStringLiteral("cpu"), QStringLiteral("cuda")});
  // The weights in memory (docs/ARCHITECTURE.md, "Weight dtypes"): as stored, or widened/narrowed.
  dtype_->setObjectName(QStringLiteral("runDtype"));
  dtype_->addItem(tr("as stored"), QStringLiteral("auto"));
  for (const char* d : {"float32", "float16", "bfloat16"}) dtype_->addItem(QString::fromLatin1(d), QString::fromLatin1(d));
  dtype_->setToolTip(tr("Half-precision weights kept as stored need half the memory; metrics are float32 either way"));
  batch_->setRange(0, 4096);
  batch_->setValue(8);
  batch_->setSuffix(tr(" windows"));
}

void RunDialog::setUpProblemsAndButtons() {
  problems_->setObjectName(QStringLiteral("runProblems"));
  problems_->setWordWrap(true);
  problems_->setStyleSheet(QStringLiteral("color: #c0392b"));
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Start Run"));
}

// One form, top to bottom: name, checkpoints, territory, then the run settings; problems and buttons below.
void RunDialog::layOut() {
  auto* form = form_ = new QFormLayout;
  form->addRow(tr("Name:"), name_);
  addCheckpointRows(form);
  addTerritoryRows(form);
  addSettingRows(form);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(problems_);
  layout->addWidget(buttons_);
  setMinimumWidth(620);
}

QPushButton* RunDialog::browseButton(const QString& text, void (RunDialog::*browse)(bool), bool folder) {
  auto* b = new QPushButton(text, this);
  connect(b, &QPushButton::clicked, this, [this, browse, folder] { (this->*browse)(folder); });
  return b;
}

void RunDialog::addCheckpointRows(QFormLayout* form) {
  auto* baseRow = new QHBoxLayout;
  baseRow->addWidget(base_, 1);
  baseRow->addWidget(browseButton(tr("Folder…"), &RunDialog::browseBase, true));
  baseRow->addWidget(browseButton(tr("File…"), &RunDialog::browseBase, false));
  form->addRow(tr("Base checkpoint:"), baseRow);
  auto* tunedBox = new QVBoxLayout;
  tunedBox->addWidget(tuned_);
  auto* addRow = new QHBoxLayout;
  addRow->addWidget(browseButton(tr("Add Folder…"), &RunDialog::browseTuned, true));
  addRow->addWidget(browseButton(tr("Add File…"), &RunDialog::browseTuned, false));
  addRow->addStretch();
  tunedBox->addLayout(addRow);
  form->addRow(tr("Tuned checkpoints:"), tunedBox);
  auto* tokenizerRow = new QHBoxLayout;
  tokenizerRow->addWidget(tokenizer_, 1);
  tokenizerRow->addWidget(browseButton(tr("File…"), &RunDialog::browseTokenizer, false));
  tokenizerRow->addWidget(browseButton(tr("Folder…"), &RunDialog::browseTokenizer, true));
  form->addRow(tr("Tokenizer:"), tokenizerRow);
}

void RunDialog::addTerritoryRows(QFormLayout* form) {
  auto* territoryRow = new QHBoxLayout;
  territoryRow->addWidget(territory_, 1);
  territoryRow->addWidget(browseButton(tr("File…"), &RunDialog::browseTerritory, false));
  territoryRow->addWidget(browseButton(tr("Folder…"), &RunDialog::browseTerritory, true));
  form->addRow(tr("Territory:"), territoryRow);
  form->addRow(tr("Document names:"), nameField_);
  form->setRowVisible(nameField_, false);
  form->addRow(tr("Prompt (zoom):"), prompt_);
}

void RunDialog::addSettingRows(QFormLayout* form) {
  form->addRow(tr("Top-k:"), topK_);
  form->addRow(tr("Window:"), window_);
  form->addRow(tr("Stride:"), stride_);
  form->addRow(tr("Threads:"), threads_);
  form->addRow(tr("Device:"), device_);
  form->addRow(tr("Weights:"), dtype_);
  form->addRow(tr("Batch:"), batch_);
}

// Every field that validate() reads re-runs it; OK goes through startRun().
void RunDialog::connectFields() {
  connect(buttons_, &QDialogButtonBox::accepted, this, &RunDialog::startRun);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  for (QSpinBox* s : {topK_, window_, stride_, threads_, batch_}) connect(s, &QSpinBox::valueChanged, this, &RunDialog::refresh);
  connect(base_, &QComboBox::currentTextChanged, this, &RunDialog::refresh);
  connect(territory_, &QLineEdit::textChanged, this, &RunDialog::refresh);
  connect(territory_, &QLineEdit::textChanged, this, &RunDialog::listNameFields);
  connect(tuned_, &QListWidget::itemChanged, this, &RunDialog::refresh);
  connect(tuned_->model(), &QAbstractItemModel::rowsMoved, this, &RunDialog::refresh);
  connect(device_, &QComboBox::currentIndexChanged, this, &RunDialog::refresh);
  connect(dtype_, &QComboBox::currentIndexChanged, this, &RunDialog::refresh);
  connect(tokenizer_, &QLineEdit::textChanged, this, &RunDialog::refresh);
}

void RunDialog::startRun() {
  if (!canStart()) return;
  RunRequest r = request();
  const QStringList scripts = torchScriptCheckpoints(r);
  if (!scripts.isEmpty()) {
    if (!confirmTorchScript(scripts)) return;
    r.trustTorchScript = true;
  }
  Q_EMIT runRequested(r);
  accept();
}

// Loading TorchScript runs code from the file, so the user says yes to these files by name.
bool RunDialog::confirmTorchScript(const QStringList& scripts) {
  QMessageBox box(QMessageBox::Warning, tr("Trust TorchScript?"),
                  tr("Loading a TorchScript module runs the code inside it:\n\n%1\n\n"
                     "Run only checkpoints whose source you trust.")
                      .arg(scripts.join(QLatin1Char('\n'))),
                  QMessageBox::Cancel, this);
  QPushButton* trust = box.addButton(tr("Trust and Run"), QMessageBox::AcceptRole);
  box.setDefaultButton(QMessageBox::Cancel);
  box.exec();
  return box.clickedButton() == trust;
}

void RunDialog::addTuned(const QString& path, const QString& name, bool checked) {
  auto* item = new QListWidgetItem(name.isEmpty() ? QFileInfo(path).fileName() : name, tuned_);
  item->setData(Qt::UserRole, path);
  item->setToolTip(path);
  item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
  item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

RunRequest RunDialog::request() const {
  RunRequest r;
  r.name = name_->text().trimmed();
  const int i = base_->currentIndex();
  r.base = i >= 0 && base_->itemText(i) == base_->currentText() ? base_->itemData(i).toString() : base_->currentText();
  for (int k = 0; k < tuned_->count(); ++k)
    if (tuned_->item(k)->checkState() == Qt::Checked) r.tuned << tuned_->item(k)->data(Qt::UserRole).toString();
  r.tokenizer = tokenizer_->text().trimmed();
  r.territory = territory_->text().trimmed();
  const QString nameField = nameField_->currentText().trimmed();
  if (isJsonl(r.territory) && nameField != nameField_->itemText(0)) r.nameField = nameField;
  r.prompt = prompt_->currentText();
  r.settings.top_k = topK_->value();
  r.settings.context = window_->value();
  r.settings.stride = stride_->value();
  r.settings.threads = threads_->value();
  r.settings.device = device_->currentText().toStdString();
  r.settings.batch = batch_->value();
  r.settings.dtype = dtype_->currentData().toString().toStdString();
  r.settings.prompt = r.prompt.toStdString();
  return r;
}

void RunDialog::setRequest(const RunRequest& r) {
  name_->setText(r.name);
  const int b = base_->findData(r.base);
  if (b >= 0) base_->setCurrentIndex(b);
  else base_->setEditText(r.base);
  for (int k = 0; k < tuned_->count(); ++k) tuned_->item(k)->setCheckState(Qt::Unchecked);
  for (const QString& t : r.tuned) {
    bool found = false;
    for (int k = 0; k < tuned_->count(); ++k)
      if (tuned_->item(k)->data(Qt::UserRole).toString() == t) {
        tuned_->item(k)->setCheckState(Qt::Checked);
        found = true;
      }
    if (!found) addTuned(t, {}, true);
  }
  tokenizer_->setText(r.tokenizer);
  territory_->setText(r.territory);
  if (r.nameField.isEmpty()) nameField_->setCurrentIndex(0);
  else nameField_->setEditText(r.nameField);
  prompt_->setEditText(r.prompt);
  topK_->setValue(r.settings.top_k);
  window_->setValue(int(r.settings.context));
  stride_->setValue(int(r.settings.stride));
  threads_->setValue(r.settings.threads);
  device_->setCurrentText(QString::fromStdString(r.settings.device));
  batch_->setValue(r.settings.batch);
  const int dtype = dtype_->findData(QString::fromStdString(r.settings.dtype));
  dtype_->setCurrentIndex(dtype >= 0 ? dtype : 0);
  refresh();
}

bool RunDialog::nameFieldShown() const { return form_->isRowVisible(nameField_); }

// The row is shown for a JSONL territory; its fields are read on a worker (a network file may be slow)
// and fill the list behind what the user has chosen or typed.
void RunDialog::listNameFields() {
  const QString path = territory_->text().trimmed();
  const int asked = ++nameFieldsAsked_;
  form_->setRowVisible(nameField_, isJsonl(path));
  if (!isJsonl(path) || !QFileInfo(path).isFile()) return;
  QtConcurrent::run([file = path.toStdString()] { return core::territory::jsonl_fields(file); })
      .then(this, [this, asked](core::Result<std::vector<std::string>> fields) {
        if (asked != nameFieldsAsked_ || !fields) return;  // a newer path asked meanwhile, or unreadable
        const QString chosen = nameField_->currentText();
        const bool guess = nameField_->currentIndex() == 0 && chosen == nameField_->itemText(0);
        while (nameField_->count() > 1) nameField_->removeItem(1);
        for (const std::string& f : *fields) nameField_->addItem(QString::fromStdString(f));
        if (guess) nameField_->setCurrentIndex(0);
        else nameField_->setEditText(chosen);
      });
}

void RunDialog::setPathProbe(PathProbe probe) {
  probe_ = std::move(probe);
  refresh();
}

bool RunDialog::canStart() const { return problems().empty(); }

void RunDialog::refresh() {
  QStringList lines;
  for (const RunRequestProblem& p : problems()) lines << QStringLiteral("• ") + p.message;
  problems_->setText(lines.join(QLatin1Char('\n')));
  problems_->setVisible(!lines.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(lines.isEmpty());
}

// A Hugging Face checkpoint is a folder; GGUF, llama2.c and TorchScript checkpoints are files.
static QString chooseCheckpoint(QWidget* parent, const QString& title, bool folder) {
  return folder ? QFileDialog::getExistingDirectory(parent, title)
                : QFileDialog::getOpenFileName(parent, title, {},
                                               RunDialog::tr("Checkpoints (*.gguf *.bin *.pt *.pth *.ts);;All files (*)"));
}

void RunDialog::browseBase(bool folder) {
  const QString path = chooseCheckpoint(this, tr("Base Checkpoint"), folder);
  if (!path.isEmpty()) base_->setEditText(path);
}

void RunDialog::browseTuned(bool folder) {
  const QString path = chooseCheckpoint(this, tr("Tuned Checkpoint"), folder);
  if (!path.isEmpty()) addTuned(path, {}, true);
  refresh();
}

void RunDialog::browseTerritory(bool folder) {
  const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Territory Folder"))
                              : QFileDialog::getOpenFileName(this, tr("Territory"), {},
                                                             tr("Text and JSONL (*.txt *.md *.jsonl);;All files (*)"));
  if (!path.isEmpty()) territory_->setText(path);
}

void RunDialog::browseTokenizer(bool folder) {
  const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Tokenizer Folder"))
                              : QFileDialog::getOpenFileName(this, tr("Tokenizer"), {},
                                                             tr("Tokenizers (*.json *.model *.gguf *.bin);;All files (*)"));
  if (!path.isEmpty()) tokenizer_->setText(path);
}

}  // namespace widgets
