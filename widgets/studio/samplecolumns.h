#pragma once
// SampleColumnsView: a sample set's columns side by side, one per map (base, base + prompt, each
// tuned map, the amplified map). Every token is coloured by how implausible the base map finds it
// (−log p under the base map: white = expected, red = the base map would hardly have written it);
// its tooltip gives its log-prob under every map. Shows an immutable SampleSet; edits nothing.
// GUI thread only.
#include <QWidget>
#include <memory>
#include <vector>

#include "core/analysis/sample_set.h"
#include "widgets/display/colorscale.h"

class QHBoxLayout;
class QLabel;
class QTextEdit;

namespace widgets {

class SampleColumnsView : public QWidget {
  Q_OBJECT
 public:
  explicit SampleColumnsView(QWidget* parent = nullptr);

  void setSampleSet(std::shared_ptr<const core::analysis::SampleSet> set);
  std::shared_ptr<const core::analysis::SampleSet> sampleSet() const { return set_; }

  int columnCount() const { return int(columns_.size()); }
  QString columnTitle(int column) const;
  QString columnText(int column) const;  // the continuation as shown (without the prompt)
  QTextEdit* columnEdit(int column) const;
  // The colour a token of a column is drawn with (its background).
  QColor tokenColor(int column, int token) const;
  const ColorScale& scale() const { return scale_; }

 private:
  struct Column {
    QWidget* frame = nullptr;
    QLabel* title = nullptr;
    QLabel* stats = nullptr;
    QTextEdit* text = nullptr;
  };
  void fill(Column& column, const core::analysis::SampleColumn& sample);
  QString tooltip(const core::analysis::SampleColumn& sample, std::size_t token) const;

  std::shared_ptr<const core::analysis::SampleSet> set_;
  std::vector<Column> columns_;
  QHBoxLayout* row_;
  QLabel* legend_;
  QLabel* empty_;
  ColorScale scale_;
};

}  // namespace widgets
