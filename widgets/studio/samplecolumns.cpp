#include "widgets/studio/samplecolumns.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>
#include <cmath>

namespace widgets {

namespace {
// −log p (nats) drawn at full red: e^-8 ≈ 1 in 3000, a token the base map all but ruled out.
constexpr double kNllExtent = 8.0;
}  // namespace

SampleColumnsView::SampleColumnsView(QWidget* parent) : QWidget(parent), scale_(Metric::Nll, kNllExtent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  legend_ = new QLabel(tr("Tokens are coloured by −log p under the base map: white = what the base map expects, "
                          "red = what it would hardly have written (%1 nats and more). Hover a token for its "
                          "log-prob under every map.")
                           .arg(kNllExtent),
                       this);
  legend_->setWordWrap(true);
  layout->addWidget(legend_);
  empty_ = new QLabel(tr("No samples yet: choose the settings above and press Sample."), this);
  empty_->setAlignment(Qt::AlignCenter);
  layout->addWidget(empty_, 1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* inner = new QWidget(scroll);
  row_ = new QHBoxLayout(inner);
  row_->setContentsMargins(0, 0, 0, 0);
  scroll->setWidget(inner);
  layout->addWidget(scroll, 1);
}

void SampleColumnsView::setSampleSet(std::shared_ptr<const core::analysis::SampleSet> set) {
  set_ = std::move(set);
  for (auto& c : columns_) delete c.frame;
  columns_.clear();
  empty_->setVisible(!set_);
  if (!set_) return;
  for (const auto& sample : set_->columns) {
    Column c;
    c.frame = new QFrame(row_->parentWidget());
    static_cast<QFrame*>(c.frame)->setFrameShape(QFrame::StyledPanel);
    c.frame->setMinimumWidth(170);
    auto* v = new QVBoxLayout(c.frame);
    c.title = new QLabel(c.frame);
    QFont bold = c.title->font();
    bold.setBold(true);
    c.title->setFont(bold);
    c.stats = new QLabel(c.frame);
    c.stats->setWordWrap(true);
    c.text = new QTextEdit(c.frame);
    c.text->setReadOnly(true);
    v->addWidget(c.title);
    v->addWidget(c.stats);
    v->addWidget(c.text, 1);
    fill(c, sample);
    row_->addWidget(c.frame, 1);
    columns_.push_back(c);
  }
}

void SampleColumnsView::fill(Column& column, const core::analysis::SampleColumn& sample) {
  column.title->setText(QString::fromStdString(sample.label));
  double sum = 0;
  if (!sample.logp.empty())
    for (float v : sample.logp[0]) sum += v;
  const QString reason = sample.stop_reason == "stop_token" ? tr("ended")
                         : sample.stop_reason == "context"  ? tr("context full")
                                                            : tr("max tokens");
  column.stats->setText(sample.ids.empty() ? tr("no tokens")
                                           : tr("%n token(s), %1; mean log p under the base map %2", nullptr,
                                                int(sample.ids.size()))
                                                 .arg(reason)
                                                 .arg(sum / double(sample.ids.size()), 0, 'f', 2));
  QTextCursor cursor(column.text->document());
  QTextCharFormat prompt;
  prompt.setForeground(column.text->palette().color(QPalette::PlaceholderText));
  cursor.insertText(QString::fromStdString(set_->settings.prompt), prompt);
  for (std::size_t i = 0; i < sample.ids.size(); ++i) {
    QTextCharFormat f;
    const float logp = sample.logp.empty() ? NAN : sample.logp[0][i];
    f.setBackground(QColor::fromRgb(scale_.color(-logp)));
    f.setForeground(Qt::black);
    f.setToolTip(tooltip(sample, i));
    cursor.insertText(QString::fromStdString(sample.pieces[i]), f);
  }
  column.text->moveCursor(QTextCursor::Start);
}

QString SampleColumnsView::tooltip(const core::analysis::SampleColumn& sample, std::size_t token) const {
  QString tip = QStringLiteral("<b>%1</b>").arg(QString::fromStdString(sample.pieces[token]).toHtmlEscaped());
  for (std::size_t m = 0; m < sample.logp.size() && m < set_->columns.size(); ++m)
    tip += QStringLiteral("<br>%1: log p = %2")
               .arg(QString::fromStdString(set_->columns[m].label).toHtmlEscaped())
               .arg(double(sample.logp[m][token]), 0, 'f', 3);
  return tip;
}

QString SampleColumnsView::columnTitle(int column) const {
  return column >= 0 && column < columnCount() ? columns_[std::size_t(column)].title->text() : QString();
}

QString SampleColumnsView::columnText(int column) const {
  if (!set_ || column < 0 || column >= columnCount()) return {};
  return columns_[std::size_t(column)].text->toPlainText().mid(QString::fromStdString(set_->settings.prompt).size());
}

QTextEdit* SampleColumnsView::columnEdit(int column) const {
  return column >= 0 && column < columnCount() ? columns_[std::size_t(column)].text : nullptr;
}

QColor SampleColumnsView::tokenColor(int column, int token) const {
  if (!set_ || column < 0 || column >= columnCount()) return {};
  const auto& sample = set_->columns[std::size_t(column)];
  if (token < 0 || std::size_t(token) >= sample.ids.size() || sample.logp.empty()) return {};
  return QColor::fromRgb(scale_.color(-sample.logp[0][std::size_t(token)]));
}

}  // namespace widgets
