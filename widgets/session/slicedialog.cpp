#include "widgets/session/slicedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>
#include <set>

namespace widgets {

SliceDialog::SliceDialog(std::shared_ptr<const core::analysis::RunResult> run, const QStringList& mapNames, QWidget* parent,
                         std::vector<SliceEntry> saved)
    : QDialog(parent), run_(std::move(run)), name_(new QLineEdit(this)), kinds_(new QTabWidget(this)),
      metric_(new QComboBox(this)), map_(new QComboBox(this)), comparison_(new QComboBox(this)),
      value_(new QDoubleSpinBox(this)), field_(new QComboBox(this)), values_(new QListWidget(this)),
      pattern_(new QLineEdit(this)), caseSensitive_(new QCheckBox(tr("Match case"), this)), saved_(std::move(saved)),
      combination_(new QComboBox(this)), operands_(new QListWidget(this)), problem_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setWindowTitle(tr("New Slice"));
  setObjectName(QStringLiteral("sliceDialog"));
  name_->setPlaceholderText(tr("A name (optional: the definition is used)"));

  auto* threshold = new QWidget(this);
  auto* tf = new QFormLayout(threshold);
  for (const core::analysis::PositionMetricInfo& i : core::analysis::position_metrics()) {
    metric_->addItem(metricLabel(i.metric), int(i.metric));
    metric_->setItemData(metric_->count() - 1, metricDescription(i.metric), Qt::ToolTipRole);
  }
  metric_->setCurrentIndex(metric_->findData(int(Metric::KlBaseTuned)));
  if (run_)
    for (std::size_t m = 0; m < run_->maps.size(); ++m)
      map_->addItem(mapNames.value(int(m), QString::fromStdString(run_->maps[m].name)), int(m));
  map_->setCurrentIndex(std::min(1, map_->count() - 1));
  comparison_->addItem(tr("above"), int(SliceDefinition::Comparison::Above));
  comparison_->addItem(tr("below"), int(SliceDefinition::Comparison::Below));
  value_->setRange(-1e6, 1e6);
  value_->setDecimals(4);
  value_->setValue(0.5);
  tf->addRow(tr("Metric:"), metric_);
  tf->addRow(tr("Of map:"), map_);
  tf->addRow(tr("Keep positions:"), comparison_);
  tf->addRow(tr("Threshold:"), value_);
  kinds_->addTab(threshold, tr("Metric threshold"));

  auto* metadata = new QWidget(this);
  auto* mf = new QFormLayout(metadata);
  std::set<std::string> fields;
  if (run_)
    for (const auto& d : run_->documents)
      for (const auto& [k, v] : d.metadata) fields.insert(k);
  for (const std::string& f : fields) field_->addItem(QString::fromStdString(f));
  mf->addRow(tr("Field:"), field_);
  mf->addRow(tr("Values:"), values_);
  kinds_->addTab(metadata, tr("Metadata"));

  auto* text = new QWidget(this);
  auto* xf = new QFormLayout(text);
  pattern_->setPlaceholderText(tr("e.g. \\b(said|asked)\\b"));
  xf->addRow(tr("Regular expression:"), pattern_);
  xf->addRow(QString(), caseSensitive_);
  xf->addRow(new QLabel(tr("Keeps every token that overlaps a match in the document text."), text));
  kinds_->addTab(text, tr("Text"));

  // Combinations refer to saved slices by name, so editing one of them changes the combination too.
  auto* combine = new QWidget(this);
  auto* cf = new QFormLayout(combine);
  combination_->addItem(tr("all of (and)"), int(SliceDefinition::Kind::And));
  combination_->addItem(tr("any of (or)"), int(SliceDefinition::Kind::Or));
  combination_->addItem(tr("not"), int(SliceDefinition::Kind::Not));
  combination_->setObjectName(QStringLiteral("sliceCombination"));
  operands_->setObjectName(QStringLiteral("sliceOperands"));
  for (const SliceEntry& e : saved_) {
    auto* item = new QListWidgetItem(e.name, operands_);
    item->setToolTip(describeSlice(e.definition));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Unchecked);
  }
  cf->addRow(tr("Keep positions in:"), combination_);
  cf->addRow(tr("Of the slices:"), operands_);
  cf->addRow(new QLabel(tr("Refers to the saved slices by name: renaming one keeps the combination."), combine));
  kinds_->addTab(combine, tr("Combine"));

  problem_->setObjectName(QStringLiteral("sliceProblem"));
  problem_->setStyleSheet(QStringLiteral("color: #c0392b"));
  problem_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  auto* nameRow = new QFormLayout;
  nameRow->addRow(tr("Name:"), name_);
  layout->addLayout(nameRow);
  layout->addWidget(kinds_);
  layout->addWidget(problem_);
  layout->addWidget(buttons_);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(field_, &QComboBox::currentIndexChanged, this, &SliceDialog::fillValues);
  connect(values_, &QListWidget::itemChanged, this, &SliceDialog::validate);
  connect(pattern_, &QLineEdit::textChanged, this, &SliceDialog::validate);
  connect(name_, &QLineEdit::textChanged, this, &SliceDialog::validate);
  connect(kinds_, &QTabWidget::currentChanged, this, &SliceDialog::validate);
  connect(metric_, &QComboBox::currentIndexChanged, this, &SliceDialog::validate);
  connect(map_, &QComboBox::currentIndexChanged, this, &SliceDialog::validate);
  connect(operands_, &QListWidget::itemChanged, this, &SliceDialog::validate);
  connect(combination_, &QComboBox::currentIndexChanged, this, &SliceDialog::validate);
  fillValues();
  validate();
}

void SliceDialog::fillValues() {
  values_->clear();
  std::set<std::string> seen;
  const std::string field = field_->currentText().toStdString();
  if (run_)
    for (const auto& d : run_->documents) {
      const auto it = d.metadata.find(field);
      if (it != d.metadata.end()) seen.insert(it->second);
    }
  for (const std::string& v : seen) {
    auto* item = new QListWidgetItem(QString::fromStdString(v), values_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Unchecked);
  }
  validate();
}

SliceDefinition SliceDialog::definition() const {
  SliceDefinition d;
  switch (kinds_->currentIndex()) {
    case 0:
      d.kind = SliceDefinition::Kind::Threshold;
      d.metric = Metric(metric_->currentData().toInt());
      d.map_index = map_->currentData().toInt();
      if (run_ && d.map_index >= 0 && std::size_t(d.map_index) < run_->maps.size())
        d.map = run_->maps[std::size_t(d.map_index)].name;
      d.comparison = SliceDefinition::Comparison(comparison_->currentData().toInt());
      d.value = value_->value();
      break;
    case 1:
      d.kind = SliceDefinition::Kind::Metadata;
      d.field = field_->currentText().toStdString();
      for (int i = 0; i < values_->count(); ++i)
        if (values_->item(i)->checkState() == Qt::Checked) d.values.push_back(values_->item(i)->text().toStdString());
      break;
    case 2:
      d.kind = SliceDefinition::Kind::Regex;
      d.pattern = pattern_->text().toStdString();
      d.case_sensitive = caseSensitive_->isChecked();
      break;
    default:
      d.kind = SliceDefinition::Kind(combination_->currentData().toInt());
      for (int i = 0; i < operands_->count(); ++i)
        if (operands_->item(i)->checkState() == Qt::Checked) {
          SliceDefinition operand;
          operand.kind = SliceDefinition::Kind::Reference;
          operand.reference = operands_->item(i)->text().toStdString();
          d.operands.push_back(std::move(operand));
        }
  }
  return d;
}

QString SliceDialog::name() const { return name_->text().trimmed().isEmpty() ? describeSlice(definition()) : name_->text().trimmed(); }

QString SliceDialog::problem() const {
  const SliceDefinition d = definition();
  switch (d.kind) {
    case SliceDefinition::Kind::Threshold:
      if (map_->count() == 0) return tr("Open a run first: a threshold needs its maps.");
      if (metricNeedsBase(d.metric) && d.map_index == 0)
        return tr("%1 compares a map with the base: choose a tuned map.").arg(metricLabel(d.metric));
      return {};
    case SliceDefinition::Kind::Metadata:
      if (field_->count() == 0) return tr("The territory of this run has no metadata fields.");
      if (d.values.empty()) return tr("Tick at least one value of %1.").arg(QString::fromStdString(d.field));
      return {};
    case SliceDefinition::Kind::Regex: {
      if (d.pattern.empty()) return tr("Type a regular expression.");
      // The engine that evaluates the slice judges it (PCRE2's message names the offset).
      const auto valid = core::analysis::check_pattern(d);
      if (!valid) return tr("Not a valid regular expression: %1.").arg(QString::fromStdString(valid.error().detail));
      return {};
    }
    case SliceDefinition::Kind::And:
    case SliceDefinition::Kind::Or:
    case SliceDefinition::Kind::Not: {
      if (saved_.empty()) return tr("Save a slice first: a combination is made of saved slices.");
      if (d.kind == SliceDefinition::Kind::Not && d.operands.size() != 1) return tr("Tick exactly one slice to negate.");
      if (d.kind != SliceDefinition::Kind::Not && d.operands.size() < 2) return tr("Tick at least two slices to combine.");
      // The same check evaluation makes: every operand must resolve (no slice that refers to a missing one).
      core::analysis::NamedSlices named;
      for (const SliceEntry& e : saved_) named.emplace(e.name.toStdString(), e.definition);
      const auto resolved = core::analysis::resolve_references(d, named, name_->text().trimmed().toStdString());
      if (!resolved) return tr("Cannot combine these slices: %1").arg(QString::fromStdString(resolved.error().message));
      return {};
    }
    case SliceDefinition::Kind::Lasso:
    case SliceDefinition::Kind::Reference: return {};
  }
  return {};
}

void SliceDialog::validate() {
  const QString p = problem();
  problem_->setText(p);
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(p.isEmpty());
}

}  // namespace widgets
