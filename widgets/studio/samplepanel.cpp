#include "widgets/studio/samplepanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/studio/samplecolumns.h"

namespace widgets {

namespace {
constexpr int kAlphaSteps = 20;  // slider units per 1.0 of α
}

SamplePanel::SamplePanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
  prompt_ = new QPlainTextEdit(this);
  prompt_->setPlaceholderText(tr("The text every map continues (empty: from the beginning of a document)"));
  prompt_->setMaximumHeight(60);
  zoom_ = new QComboBox(this);
  zoom_->setEditable(true);
  zoom_->setToolTip(tr("The conditioning prompt of the base + prompt column (a prompt of the session, or any "
                       "text); empty: no such column"));
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setRange(0, 5);
  temperature_->setSingleStep(0.1);
  temperature_->setValue(1.0);
  temperature_->setToolTip(tr("0 is greedy: every map takes its most probable token"));
  topP_ = new QDoubleSpinBox(this);
  topP_->setRange(0.01, 1);
  topP_->setSingleStep(0.05);
  topP_->setValue(0.9);
  seed_ = new QSpinBox(this);
  seed_->setRange(0, 1 << 30);
  seed_->setValue(1);
  seed_->setToolTip(tr("Every column draws with this seed: the same seed gives the same text"));
  maxTokens_ = new QSpinBox(this);
  maxTokens_->setRange(1, 4096);
  maxTokens_->setValue(48);
  amplified_ = new QComboBox(this);
  alpha_ = new QSlider(Qt::Horizontal, this);
  alpha_->setRange(-kAlphaSteps, 4 * kAlphaSteps);
  alpha_->setPageStep(kAlphaSteps / 4);
  alpha_->setValue(2 * kAlphaSteps);
  alpha_->setToolTip(tr("Amplification α: logits = base + α (tuned − base). 0 is the base map, 1 the tuned map, "
                        "above 1 magnifies what tuning changed, below 0 reverses it"));
  alphaLabel_ = new QLabel(this);
  alphaLabel_->setMinimumWidth(60);
  sampleButton_ = new QPushButton(tr("Sample"), this);
  sampleButton_->setDefault(true);
  cancelButton_ = new QPushButton(tr("Cancel"), this);
  cancelButton_->setEnabled(false);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setTextVisible(false);
  progress_->setMaximumWidth(160);
  progress_->setVisible(false);
  stored_ = new QComboBox(this);
  stored_->setToolTip(tr("Sample sets stored in the session; choosing one shows it as it was sampled"));
  stored_->setMinimumContentsLength(30);
  deleteButton_ = new QPushButton(tr("Delete Set…"), this);
  deleteButton_->setToolTip(tr("Deletes the chosen stored sample set from the session file"));
  deleteButton_->setEnabled(false);
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  message_->setStyleSheet(QStringLiteral("color: #b2182b"));
  message_->setVisible(false);
  columns_ = new SampleColumnsView(this);

  auto* form = new QFormLayout;
  form->addRow(tr("&Prompt:"), prompt_);
  form->addRow(tr("&Zoom prompt:"), zoom_);
  auto* numbers = new QHBoxLayout;
  const auto add = [&](const QString& label, QWidget* w) {
    auto* l = new QLabel(label, this);
    l->setBuddy(w);
    numbers->addWidget(l);
    numbers->addWidget(w);
  };
  add(tr("&Temperature:"), temperature_);
  add(tr("Top-&p:"), topP_);
  add(tr("S&eed:"), seed_);
  add(tr("Max &tokens:"), maxTokens_);
  numbers->addStretch(1);
  form->addRow(tr("Settings:"), numbers);
  auto* amp = new QHBoxLayout;
  amp->addWidget(amplified_);
  amp->addWidget(alpha_, 1);
  amp->addWidget(alphaLabel_);
  auto* ampLabel = new QLabel(tr("&Amplify:"), this);
  ampLabel->setBuddy(amplified_);
  form->addRow(ampLabel, amp);
  auto* actions = new QHBoxLayout;
  actions->addWidget(sampleButton_);
  actions->addWidget(cancelButton_);
  actions->addWidget(progress_);
  actions->addStretch(1);
  actions->addWidget(new QLabel(tr("Stored sets:"), this));
  actions->addWidget(stored_);
  actions->addWidget(deleteButton_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(actions);
  layout->addWidget(message_);
  layout->addWidget(columns_, 1);

  updateAlphaLabel();
  connect(alpha_, &QSlider::valueChanged, this, &SamplePanel::updateAlphaLabel);
  connect(sampleButton_, &QPushButton::clicked, this, &SamplePanel::sample);
  connect(cancelButton_, &QPushButton::clicked, this, &SamplePanel::cancel);
  connect(deleteButton_, &QPushButton::clicked, this, &SamplePanel::confirmDelete);
  connect(stored_, &QComboBox::activated, this, [this](int index) {
    if (const qint64 id = stored_->itemData(index).toLongLong(); id > 0 && id != shownId_) showStoredSet(id);
  });
  connect(session_, &Session::opened, this, [this] {
    refreshMaps();
    refreshPrompts();
    refreshStoredSets();
  });
  connect(session_, &Session::closed, this, [this] {
    columns_->setSampleSet(nullptr);
    shownId_ = 0;
    refreshMaps();
    refreshPrompts();
    stored_->clear();
    deleteButton_->setEnabled(false);
  });
  connect(session_, &Session::checkpointsChanged, this, &SamplePanel::refreshMaps);
  connect(session_, &Session::promptsChanged, this, &SamplePanel::refreshPrompts);
  JobsModel* jobs = session_->jobs();
  connect(jobs, &QAbstractItemModel::dataChanged, this, [this, jobs](const QModelIndex& from, const QModelIndex& to) {
    for (int row = from.row(); jobId_ && row <= to.row(); ++row)
      if (jobs->index(row, 0).data(JobsModel::JobIdRole).toInt() == jobId_)
        progress_->setValue(int(1000 * jobs->index(row, 0).data(JobsModel::FractionRole).toDouble()));
  });
  refreshMaps();
  refreshPrompts();
}

double SamplePanel::amplification() const { return double(alpha_->value()) / kAlphaSteps; }

void SamplePanel::setAmplification(double a) { alpha_->setValue(int(std::lround(a * kAlphaSteps))); }

void SamplePanel::updateAlphaLabel() { alphaLabel_->setText(tr("α = %1").arg(amplification(), 0, 'f', 2)); }

void SamplePanel::refreshMaps() {
  const QString current = amplified_->currentText();
  amplified_->clear();
  for (const auto& c : session_->checkpoints())
    if (c.role == core::analysis::MapRole::Tuned) amplified_->addItem(c.name, c.id);
  amplified_->addItem(tr("(no amplified column)"), qint64(0));
  if (const int i = amplified_->findText(current); i >= 0) amplified_->setCurrentIndex(i);
}

void SamplePanel::refreshPrompts() {
  const QString current = zoom_->currentText();
  zoom_->clear();
  zoom_->addItem(QString());
  for (const auto& p : session_->prompts()) zoom_->addItem(p.text);
  zoom_->setCurrentText(current);
}

core::Result<SampleRequest> SamplePanel::request() const {
  SampleRequest r;
  r.sessionPath = session_->path();
  int amplifiedIndex = -1;
  for (const auto& c : session_->checkpoints()) {
    if (c.role == core::analysis::MapRole::Base && r.basePath.isEmpty()) {
      r.baseName = c.name;
      r.basePath = c.path;
    } else if (c.role == core::analysis::MapRole::Tuned) {
      if (c.id == amplified_->currentData().toLongLong()) amplifiedIndex = int(r.tunedPaths.size());
      r.tunedNames << c.name;
      r.tunedPaths << c.path;
    }
  }
  if (r.basePath.isEmpty())
    return core::fail(core::ErrorCode::InvalidInput, tr("The session has no base map to sample: add checkpoints first").toStdString());
  auto& s = r.settings;
  s.prompt = prompt_->toPlainText().toStdString();
  s.zoom_prompt = zoom_->currentText().toStdString();
  s.temperature = temperature_->value();
  s.top_p = topP_->value();
  s.seed = std::uint64_t(seed_->value());
  s.max_new_tokens = maxTokens_->value();
  s.amplified_tuned = amplifiedIndex;
  s.amplification = amplification();
  return r;
}

void SamplePanel::sample() {
  if (jobId_) return;
  auto r = request();
  if (!r) return showError(QString::fromStdString(r.error().message));
  message_->setVisible(false);
  sampleButton_->setEnabled(false);
  cancelButton_->setEnabled(true);
  progress_->setValue(0);
  progress_->setVisible(true);
  const SampleRequest req = *r;
  jobId_ = session_->jobs()->start<StoredSampleSet>(
      tr("Sampling %n map(s) side by side", nullptr, int(req.tunedPaths.size()) + 1),
      [req](core::Job& job) { return runSampleRequest(req, job); }, this,
      [this](core::Result<StoredSampleSet> result) {
        jobId_ = 0;
        sampleButton_->setEnabled(true);
        cancelButton_->setEnabled(false);
        progress_->setVisible(false);
        if (!result) {
          if (result.error().code != core::ErrorCode::Cancelled) showError(QString::fromStdString(result.error().what()));
          return;
        }
        showSet(*result);
        if (result->id) refreshStoredSets();
      });
}

void SamplePanel::cancel() {
  if (jobId_) session_->jobs()->cancel(jobId_);
}

void SamplePanel::refreshStoredSets() {
  const QString path = session_->path();
  if (path.isEmpty()) return;
  session_->jobs()->start<std::vector<core::store::SampleSetEntry>>(
      tr("Reading the stored sample sets"), [path](core::Job&) { return listSampleSets(path); }, this,
      [this](core::Result<std::vector<core::store::SampleSetEntry>> list) {
        stored_->clear();
        if (!list) return showError(QString::fromStdString(list.error().what()));
        for (const auto& e : *list) {
          const QString when = QDateTime::fromMSecsSinceEpoch(e.created_ms).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
          const QString prompt = QString::fromStdString(e.prompt).simplified().left(40);
          stored_->addItem(tr("#%1 %2 “%3”").arg(e.id).arg(when, prompt), qint64(e.id));
        }
        if (const int i = stored_->findData(shownId_); i >= 0) stored_->setCurrentIndex(i);
        deleteButton_->setEnabled(stored_->count() > 0);
        Q_EMIT storedSetsRefreshed();
      });
}

void SamplePanel::showStoredSet(qint64 id) {
  const QString path = session_->path();
  session_->jobs()->start<StoredSampleSet>(
      tr("Reading sample set %1").arg(id), [path, id](core::Job&) { return loadSampleSet(path, id); }, this,
      [this](core::Result<StoredSampleSet> result) {
        if (!result) return showError(QString::fromStdString(result.error().what()));
        showSet(*result);
      });
}

void SamplePanel::confirmDelete() {
  const int index = stored_->currentIndex();
  if (index < 0) return;
  const qint64 id = stored_->itemData(index).toLongLong();
  const auto answer = QMessageBox::question(
      this, tr("Delete Sample Set"),
      tr("Delete the stored sample set %1 from the session file? This cannot be undone.").arg(stored_->itemText(index)),
      QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
  if (answer == QMessageBox::Yes) deleteStoredSet(id);
}

void SamplePanel::deleteStoredSet(qint64 id) {
  const QString path = session_->path();
  if (path.isEmpty() || id <= 0) return;
  deleteButton_->setEnabled(false);
  session_->jobs()->start<bool>(
      tr("Deleting sample set %1").arg(id),
      [path, id](core::Job&) -> core::Result<bool> {
        if (auto done = deleteSampleSet(path, id); !done) return std::unexpected(done.error());
        return true;
      },
      this, [this, id](core::Result<bool> done) {
        refreshStoredSets();
        if (!done) return showError(QString::fromStdString(done.error().what()));
        if (shownId_ == id) {
          columns_->setSampleSet(nullptr);
          shownId_ = 0;
        }
        Q_EMIT storedSetDeleted(id);
      });
}

void SamplePanel::showSet(const StoredSampleSet& stored) {
  message_->setVisible(false);
  shownId_ = stored.id;
  const auto& s = stored.set->settings;
  // The settings the set was sampled with, so Sample again reproduces it.
  prompt_->setPlainText(QString::fromStdString(s.prompt));
  zoom_->setCurrentText(QString::fromStdString(s.zoom_prompt));
  temperature_->setValue(s.temperature);
  topP_->setValue(s.top_p);
  seed_->setValue(int(s.seed));
  maxTokens_->setValue(int(s.max_new_tokens));
  setAmplification(s.amplification);
  // The amplified map by name: the tuned column the set amplified (its index counts tuned columns only).
  int tuned = 0;
  QString amplified;
  for (const auto& c : stored.set->columns)
    if (c.kind == core::analysis::ColumnKind::Tuned && tuned++ == s.amplified_tuned) amplified = QString::fromStdString(c.label);
  const int ampIndex = s.amplified_tuned < 0 ? amplified_->findData(qint64(0)) : amplified_->findText(amplified);
  if (ampIndex >= 0) amplified_->setCurrentIndex(ampIndex);
  columns_->setSampleSet(stored.set);
  if (const int i = stored_->findData(stored.id); i >= 0) stored_->setCurrentIndex(i);
  Q_EMIT sampleSetShown(stored.id);
}

void SamplePanel::showError(const QString& message) {
  message_->setText(message);
  message_->setVisible(true);
  Q_EMIT sampleFailed(message);
}

}  // namespace widgets
