#include "widgets/studio/shiftview.h"

#include <QComboBox>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <map>

#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/studio/promptpieces.h"
#include "widgets/studio/shiftmodel.h"

namespace widgets {
namespace {

const QColor kMarginal(250, 205, 100), kShifted(205, 60, 50);

QLabel* legendSwatch(const QColor& color, const QString& text, QWidget* parent) {
  auto* label = new QLabel(parent);
  const QString fill = color.isValid() ? color.name() : parent->palette().color(QPalette::Base).name();
  label->setText(QStringLiteral("<span style='background:%1; border: 1px solid gray'>&nbsp;&nbsp;&nbsp;&nbsp;</span> %2")
                     .arg(fill, text));
  return label;
}

}  // namespace

ShiftView::ShiftView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new ShiftModel(this)) {
  setObjectName(QStringLiteral("shiftView"));
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("shiftFractions"));
  table_->setModel(model_);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->horizontalHeader()->setSectionResizeMode(ShiftModel::MapColumn, QHeaderView::Stretch);
  for (int c = ShiftModel::PositionsColumn; c < ShiftModel::ColumnCount; ++c) table_->setColumnWidth(c, 110);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setMinimumHeight(120);

  shifts_ = new QComboBox(this);
  shifts_->setObjectName(QStringLiteral("shiftRecords"));
  shifts_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  stripPrompt_ = new QComboBox(this);
  stripPrompt_->setObjectName(QStringLiteral("shiftStripPrompt"));
  stripPrompt_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  strip_ = new QWidget;
  strip_->setObjectName(QStringLiteral("shiftStrip"));
  stripLayout_ = new QVBoxLayout(strip_);
  auto* stripScroll = new QScrollArea(this);
  stripScroll->setWidget(strip_);
  stripScroll->setWidgetResizable(true);

  auto* results = new QWidget(this);
  auto* resultsLayout = new QVBoxLayout(results);
  auto* recordRow = new QHBoxLayout;
  recordRow->addWidget(new QLabel(tr("Recorded &shift:"), results));
  recordRow->addWidget(shifts_);
  recordRow->addStretch();
  static_cast<QLabel*>(recordRow->itemAt(0)->widget())->setBuddy(shifts_);
  resultsLayout->addLayout(recordRow);
  resultsLayout->addWidget(table_, 1);
  auto* stripRow = new QHBoxLayout;
  auto* stripLabel = new QLabel(tr("Generated tokens for &prompt:"), results);
  stripLabel->setBuddy(stripPrompt_);
  stripRow->addWidget(stripLabel);
  stripRow->addWidget(stripPrompt_);
  stripRow->addSpacing(16);
  stripRow->addWidget(legendSwatch(QColor(), tr("unshifted (base rank 1)"), results));
  stripRow->addWidget(legendSwatch(kMarginal, tr("marginal (rank 2–3)"), results));
  stripRow->addWidget(legendSwatch(kShifted, tr("shifted (rank > 3)"), results));
  stripRow->addStretch();
  resultsLayout->addLayout(stripRow);
  resultsLayout->addWidget(stripScroll, 3);

  auto* splitter = new QSplitter(this);
  splitter->addWidget(createControls());
  splitter->addWidget(results);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 3);
  splitter->setSizes({340, 1000});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);

  connect(shifts_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (index >= 0) showShift(index);
  });
  connect(stripPrompt_, &QComboBox::currentIndexChanged, this, &ShiftView::fillStrip);
  connect(session_, &Session::promptsChanged, this, &ShiftView::fillPrompts);
  connect(session_, &Session::shiftsChanged, this, &ShiftView::fillShifts);
  connect(session_->jobs(), &JobsModel::dataChanged, this, &ShiftView::onJobProgress);
  fillPrompts();
  fillShifts();
}

QWidget* ShiftView::createControls() {
  auto* box = new QGroupBox(tr("Token shift"), this);
  auto* explain = new QLabel(tr("Each tuned map decodes greedily from every ticked prompt; each of its tokens is "
                                "ranked under the base map given the same prefix."),
                             box);
  explain->setWordWrap(true);
  prompts_ = new QListWidget(box);
  prompts_->setObjectName(QStringLiteral("shiftPrompts"));
  tokens_ = new QSpinBox(box);
  tokens_->setObjectName(QStringLiteral("shiftTokens"));
  tokens_->setRange(1, 4096);
  tokens_->setValue(64);
  tokens_->setSuffix(tr(" tokens"));
  tokens_->setToolTip(tr("Tokens each tuned map decodes per prompt (fewer at EOS or the end of the window)"));
  run_ = new QPushButton(tr("&Run Token Shift"), box);
  run_->setObjectName(QStringLiteral("runShift"));
  cancel_ = new QPushButton(tr("&Cancel"), box);
  cancel_->setObjectName(QStringLiteral("cancelShift"));
  cancel_->setEnabled(false);
  progress_ = new QProgressBar(box);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  status_ = new QLabel(box);
  status_->setObjectName(QStringLiteral("shiftStatus"));
  status_->setWordWrap(true);
  connect(run_, &QPushButton::clicked, this, [this] { run(); });
  connect(cancel_, &QPushButton::clicked, this, &ShiftView::cancel);

  auto* tokensRow = new QHBoxLayout;
  auto* tokensLabel = new QLabel(tr("&Decode:"), box);
  tokensLabel->setBuddy(tokens_);
  tokensRow->addWidget(tokensLabel);
  tokensRow->addWidget(tokens_, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addWidget(cancel_);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(explain);
  layout->addWidget(new QLabel(tr("Prompts:"), box));
  layout->addWidget(prompts_, 1);
  layout->addLayout(tokensRow);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  return box;
}

void ShiftView::fillPrompts() {
  // Keeps the user's ticks by prompt id; a new prompt starts ticked.
  std::map<qint64, bool> ticked;
  for (int i = 0; i < prompts_->count(); ++i)
    ticked[prompts_->item(i)->data(Qt::UserRole).toLongLong()] = prompts_->item(i)->checkState() == Qt::Checked;
  prompts_->clear();
  for (const PromptEntry& p : session_->prompts()) {
    auto* item = new QListWidgetItem(p.name, prompts_);
    item->setData(Qt::UserRole, p.id);
    item->setToolTip(p.text.left(300));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    const auto it = ticked.find(p.id);
    item->setCheckState(it == ticked.end() || it->second ? Qt::Checked : Qt::Unchecked);
  }
}

ShiftRequest ShiftView::request() const {
  ShiftRequest r;
  for (const CheckpointEntry& c : session_->checkpoints()) {
    if (c.role == core::analysis::MapRole::Base) r.base = {c.name, c.path};
    else r.tuned.push_back({c.name, c.path});
  }
  for (int i = 0; i < prompts_->count(); ++i) {
    const QListWidgetItem* item = prompts_->item(i);
    if (item->checkState() != Qt::Checked) continue;
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    for (const PromptEntry& p : session_->prompts())
      if (p.id == id) r.prompts.push_back({p.id, p.name, p.text});
  }
  r.maxNewTokens = tokens_->value();
  return r;
}

int ShiftView::run() {
  if (job_) return 0;
  const ShiftRequest r = request();
  if (const QString problem = shiftRequestProblem(r); !problem.isEmpty()) {
    status_->setText(problem);
    return 0;
  }
  std::vector<qint64> ids;
  for (const auto& p : r.prompts) ids.push_back(p.id);
  status_->setText(tr("Decoding %n prompt(s) with each tuned map…", nullptr, int(r.prompts.size())));
  progress_->setValue(0);
  run_->setEnabled(false);
  cancel_->setEnabled(true);
  job_ = session_->startTokenShift(
      tr("Token shift of %n map(s)", nullptr, int(r.tuned.size())),
      [r](core::Job& job) { return computeShift(r, job); }, ids,
      [this](const core::Result<core::store::ShiftRecord>& result) {
        job_ = 0;
        run_->setEnabled(true);
        cancel_->setEnabled(false);
        progress_->setValue(result ? 1000 : 0);
        if (result) status_->setText(tr("Recorded in the session."));
        else if (result.error().code == core::ErrorCode::Cancelled) status_->setText(tr("Cancelled."));
        else status_->setText(QString::fromStdString(result.error().what()));
        Q_EMIT finished(result.has_value());
      });
  if (!job_) {
    run_->setEnabled(true);
    cancel_->setEnabled(false);
  }
  return job_;
}

void ShiftView::cancel() {
  if (job_) session_->jobs()->cancel(job_);
}

void ShiftView::onJobProgress() {
  if (!job_) return;
  JobsModel* jobs = session_->jobs();
  for (int row = 0; row < jobs->rowCount(); ++row) {
    const QModelIndex index = jobs->index(row, JobsModel::ProgressColumn);
    if (index.data(JobsModel::JobIdRole).toInt() == job_)
      progress_->setValue(int(index.data(JobsModel::FractionRole).toDouble() * 1000));
  }
}

void ShiftView::fillShifts() {
  const QSignalBlocker block(shifts_);
  shifts_->clear();
  const auto& all = session_->shifts();
  for (const core::store::ShiftRecord& s : all) {
    const int prompts = s.maps.empty() ? 0 : int(s.maps.front().prompts.size());
    QString label = tr("%1 — %n prompt(s), %2 tokens each", nullptr, prompts)
                        .arg(QDateTime::fromMSecsSinceEpoch(s.created_ms).toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                        .arg(s.max_new_tokens);
    // A shard of a token shift, or a partial merge of shards (docs/ARCHITECTURE.md, "Sharded runs"):
    // which shards of the prompt set it lacks, so a partial result is never read as the whole.
    if (s.shard_count > 0 && std::int64_t(s.shards_present.size()) < s.shard_count) {
      QStringList missing;
      for (std::int64_t i = 0; i < s.shard_count; ++i)
        if (std::find(s.shards_present.begin(), s.shards_present.end(), i) == s.shards_present.end())
          missing << QString::number(i);
      label += tr(" — %1 of %2 prompts; missing from %3 shards: %4")
                   .arg(prompts)
                   .arg(s.prompt_count)
                   .arg(s.shard_count)
                   .arg(missing.join(QStringLiteral(", ")));
    }
    shifts_->addItem(label);
  }
  if (all.empty()) {
    model_->setRecord(std::nullopt);
    fillStrip();
    return;
  }
  shifts_->setCurrentIndex(int(all.size()) - 1);
  showShift(int(all.size()) - 1);
}

void ShiftView::showShift(int index) {
  const auto& all = session_->shifts();
  if (index < 0) index = int(all.size()) - 1;
  if (index < 0 || std::size_t(index) >= all.size()) return;
  if (shifts_->currentIndex() != index) {
    const QSignalBlocker block(shifts_);
    shifts_->setCurrentIndex(index);
  }
  model_->setRecord(all[std::size_t(index)]);
  const QSignalBlocker block(stripPrompt_);
  const int previous = std::max(0, stripPrompt_->currentIndex());
  stripPrompt_->clear();
  if (!model_->record()->maps.empty())
    for (const auto& p : model_->record()->maps.front().prompts) stripPrompt_->addItem(QString::fromStdString(p.prompt_name));
  stripPrompt_->setCurrentIndex(std::min(previous, stripPrompt_->count() - 1));
  fillStrip();
}

void ShiftView::fillStrip() {
  while (QLayoutItem* item = stripLayout_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  const auto& record = model_->record();
  const int prompt = stripPrompt_->currentIndex();
  if (!record || prompt < 0) {
    auto* empty = new QLabel(tr("No token shift recorded yet: tick prompts and run one."), strip_);
    stripLayout_->addWidget(empty);
    stripLayout_->addStretch();
    return;
  }
  if (!record->maps.empty() && std::size_t(prompt) < record->maps.front().prompts.size()) {
    const QString text = QString::fromStdString(record->maps.front().prompts[std::size_t(prompt)].prompt_text);
    auto* shown = new QLabel(tr("Prompt: <tt>%1</tt>").arg(PromptPieces::visible(text.left(300)).toHtmlEscaped()), strip_);
    shown->setWordWrap(true);
    shown->setObjectName(QStringLiteral("shiftStripPromptText"));
    stripLayout_->addWidget(shown);
  }
  for (const core::store::ShiftMapRecord& m : record->maps) {
    if (std::size_t(prompt) >= m.prompts.size()) continue;
    const core::store::ShiftPromptRecord& p = m.prompts[std::size_t(prompt)];
    std::int64_t shifted = 0;
    for (auto r : p.base_rank) shifted += r > 3;
    auto* title = new QLabel(tr("<b>%1</b> — %2 of %n token(s) shifted", nullptr, int(p.generated.size()))
                                 .arg(QString::fromStdString(m.name).toHtmlEscaped())
                                 .arg(shifted),
                             strip_);
    stripLayout_->addWidget(title);
    std::vector<PromptPieces::Piece> pieces;
    for (std::size_t i = 0; i < p.generated.size(); ++i) {
      const std::int32_t rank = p.base_rank[i];
      const QColor fill = rank > 3 ? kShifted : rank > 1 ? kMarginal : QColor();
      pieces.push_back({QString::fromStdString(p.tokens[i]), fill,
                        tr("token %1 (id %2): rank %3 under the base map").arg(i + 1).arg(p.generated[i]).arg(rank)});
    }
    auto* row = new PromptPieces(strip_);
    row->setObjectName(QStringLiteral("shiftStripRow"));
    row->setPieces(std::move(pieces));
    stripLayout_->addWidget(row);
  }
  stripLayout_->addStretch();
}

}  // namespace widgets
