// Colour ranges (issue 19): the percentile extent on closed-form cases, a scale's clipping at its end
// colours, and the Territory view's range choice on a run whose RL map moves ±17 nats and whose SFT
// map moves ±0.5: per map, the SFT map's extremes are saturated; shared, they are nearly neutral; a
// value beyond the range is marked in its cell and on the legend; the choice is remembered and
// reaches the exported strip figure.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QImage>
#include <QSettings>
#include <QTest>
#include <cmath>
#include <limits>

#include "tests/gui/gui_helpers.h"
#include "widgets/display/colorlegend.h"
#include "widgets/display/metric.h"
#include "widgets/display/scalerange.h"
#include "widgets/export/exportactions.h"
#include "widgets/export/figures.h"
#include "widgets/session/session.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"

namespace {

using widgets::ColorScale;
using widgets::Metric;
using widgets::robustExtent;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::vector<float> oneTo(int n) {
  std::vector<float> v;
  for (int i = 1; i <= n; ++i) v.push_back(float(i));
  return v;
}

// ColorBrewer RdBu's ends and middle, as published (colorbrewer2.org, 11 classes).
constexpr QRgb kDarkRed = 0x67001f, kDarkBlue = 0x053061, kWhite = 0xf7f7f7;

double distance(QRgb a, QRgb b) {
  return std::hypot(double(qRed(a) - qRed(b)), double(qGreen(a) - qGreen(b)), double(qBlue(a) - qBlue(b)));
}

}  // namespace

TEST(RobustExtent, IsTheNearestRankPercentileOfMagnitudes) {
  EXPECT_EQ(robustExtent(oneTo(100)), 98.0) << "98th percentile of 1..100 by nearest rank";
  EXPECT_EQ(robustExtent(oneTo(100), 90), 90.0);
  EXPECT_EQ(robustExtent(oneTo(100), 99), 99.0);
  EXPECT_EQ(robustExtent(oneTo(100), 100), 100.0) << "100: the largest";
  EXPECT_EQ(robustExtent(oneTo(10), 95), 10.0) << "rank ceil(9.5) = 10";
  EXPECT_EQ(robustExtent(oneTo(10), 90), 9.0);
  std::vector<float> negative;
  for (float v : oneTo(100)) negative.push_back(-v);
  EXPECT_EQ(robustExtent(negative), 98.0) << "magnitudes: the sign does not matter";
}

TEST(RobustExtent, IgnoresWhatIsNotFinite) {
  std::vector<float> values = oneTo(100);
  values.insert(values.begin(), {kNaN, kNaN, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()});
  EXPECT_EQ(robustExtent(values), 98.0);
  EXPECT_EQ(robustExtent({kNaN, kNaN}), 1.0) << "nothing finite: 1, so a scale never divides by 0";
  EXPECT_EQ(robustExtent({}), 1.0);
  EXPECT_EQ(robustExtent({0.f, 0.f, 0.f}), 1.0) << "an extent of 0 would colour nothing";
  EXPECT_EQ(robustExtent({2.5f}, 90), 2.5);
}

TEST(ColorScale, AValueBeyondTheRangeGetsExactlyTheEndColourAndIsClipped) {
  const ColorScale signedScale(Metric::DeltaLogp, 2.0);
  EXPECT_EQ(signedScale.color(2.0f) & 0xffffff, kDarkBlue);
  EXPECT_EQ(signedScale.color(5.0f) & 0xffffff, kDarkBlue);
  EXPECT_EQ(signedScale.color(-2.0f) & 0xffffff, kDarkRed);
  EXPECT_EQ(signedScale.color(-1e6f) & 0xffffff, kDarkRed);
  EXPECT_LT(distance(signedScale.color(0.0f), kWhite), 4) << "0 is the neutral middle (to the 256-entry table's step)";
  EXPECT_EQ(signedScale.clipped(5.0f), 1);
  EXPECT_EQ(signedScale.clipped(-5.0f), -1);
  EXPECT_EQ(signedScale.clipped(2.0f), 0) << "the range's own end is inside it";
  EXPECT_EQ(signedScale.clipped(-1.9f), 0);
  EXPECT_EQ(signedScale.clipped(kNaN), 0) << "NaN is grey, not clipped";
  // Non-negative metrics use the white-to-red half: above the range is red, a rounding error below 0 is 0.
  const ColorScale nll(Metric::Nll, 4.0);
  EXPECT_EQ(nll.color(9.0f) & 0xffffff, kDarkRed);
  EXPECT_EQ(nll.clipped(9.0f), 1);
  EXPECT_EQ(nll.clipped(4.0f), 0);
  EXPECT_EQ(nll.clipped(-1e-7f), 0);
}

TEST(ScaleRange, LabelsNameThePercentileAndTheRange) {
  const widgets::ScaleRange robust{98, true};
  EXPECT_EQ(widgets::scaleRangeLabel(robust, ColorScale(Metric::DeltaLogp, 2.31)), QStringLiteral("98th pct ±2.31"));
  EXPECT_EQ(widgets::scaleRangeLabel(widgets::ScaleRange{100, false}, ColorScale(Metric::DeltaLogp, 17)),
            QStringLiteral("full range ±17.0"));
  EXPECT_EQ(widgets::scaleRangeLabel(robust, ColorScale(Metric::Nll, 4.2)), QStringLiteral("98th pct ≤ 4.20"));
}

namespace {

// The fixture's run with document 0's Δ log p set exactly (powers of two, so no rounding): at
// position p, k = p % 8 + 1 and the sign alternates; SFT moves 0.5·k/8 nats, RL 17·k/8. One RL
// position (3) is an outlier at +170 and one SFT position (5) at −5: each beyond its map's own
// 98th percentile.
std::shared_ptr<const core::analysis::RunResult> twoScalesRun() {
  auto run = std::make_shared<core::analysis::RunResult>(*fixture::makeRun());
  auto& doc = run->documents[0];
  for (std::size_t p = 0; p < doc.scored(); ++p) {
    const float k = float(p % 8 + 1) / 8, sign = p % 2 ? 1.f : -1.f;
    doc.maps[0].logp[p] = -20;
    doc.maps[1].logp[p] = -20 + sign * 0.5f * k;
    doc.maps[2].logp[p] = -20 + sign * 17 * k;
  }
  doc.maps[2].logp[3] = -20 + 170;
  doc.maps[1].logp[5] = -20 - 5;
  return run;
}

}  // namespace

class ColorRange : public ::testing::Test {
 protected:
  void SetUp() override {
    QSettings().clear();
    window = std::make_unique<widgets::MainWindow>(backend);
    window->resize(1400, 900);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    window->openSession(backend->initial().path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->session()->digest() != nullptr; }, 10000));
    window->views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
    territory = window->territory();
    strip = territory->strip();
    territory->metricBox()->setCurrentIndex(territory->metricBox()->findData(int(Metric::DeltaLogp)));
    window->session()->selection()->setDocument(0);
    ASSERT_TRUE(QTest::qWaitFor([&] { return strip->document() == 0 && strip->lineCount() > 0; }, 3000));
    ASSERT_EQ(strip->rowMaps(), (std::vector<int>{1, 2})) << "Δ log p: the tuned maps' rows";
  }
  void TearDown() override {
    window->session()->undoStack()->setClean();
    window.reset();
    QSettings().clear();
  }
  void choose(bool perMap, double percentile = 98) {
    territory->rangeModeBox()->setCurrentIndex(territory->rangeModeBox()->findData(perMap));
    territory->rangeBox()->setCurrentIndex(territory->rangeBox()->findData(percentile));
    ASSERT_EQ(strip->scaleRange(), (widgets::ScaleRange{percentile, perMap}));
  }
  // What the strip shows in row `row` under token `position`: the cell's colour left of any notch.
  QRgb shown(int row, int position) {
    strip->ensureVisible(position);
    const QImage image = strip->viewport()->grab().toImage();
    const QRect cell = strip->cellRect(row, position);
    return image.pixel(cell.left() + 1, cell.center().y()) & 0xffffff;
  }
  QRgb notchCorner(int row, int position, int clipped) {
    strip->ensureVisible(position);
    const QImage image = strip->viewport()->grab().toImage();
    const QRect cell = strip->cellRect(row, position);
    return image.pixel(cell.right(), clipped > 0 ? cell.top() : cell.bottom()) & 0xffffff;
  }

  std::shared_ptr<const core::analysis::RunResult> run = twoScalesRun();
  std::shared_ptr<fixture::MemoryBackend> backend = std::make_shared<fixture::MemoryBackend>(run);
  std::unique_ptr<widgets::MainWindow> window;
  widgets::TerritoryView* territory = nullptr;
  widgets::TokenStrip* strip = nullptr;
};

TEST_F(ColorRange, PerMapIsTheDefaultAndSaturatesTheGentleMapWhereSharedLeavesItNeutral) {
  const int sft = 0, rl = 1, extreme = 7;  // position 7: k = 8, +0.5 (SFT) and +17 (RL)
  EXPECT_EQ(strip->scaleRange(), (widgets::ScaleRange{98, true})) << "robust by default: per map, 98th percentile";
  EXPECT_DOUBLE_EQ(strip->rowScale(sft).high(), 0.5);
  EXPECT_DOUBLE_EQ(strip->rowScale(rl).high(), 17.0);
  EXPECT_EQ(shown(sft, extreme), kDarkBlue) << "the SFT map's largest move gets the full colour";
  EXPECT_EQ(shown(rl, extreme), kDarkBlue);
  EXPECT_GT(distance(shown(sft, extreme), kWhite), 200);

  choose(false);
  EXPECT_DOUBLE_EQ(strip->rowScale(sft).high(), 17.0) << "shared: the RL map's range for every row";
  EXPECT_LT(distance(shown(sft, extreme), kWhite), 20) << "washed out beside the collapsed map";
  EXPECT_EQ(shown(rl, extreme), kDarkBlue);

  choose(true, 100);
  EXPECT_DOUBLE_EQ(strip->rowScale(rl).high(), 170.0) << "full range: the outlier sets it";
  EXPECT_DOUBLE_EQ(strip->rowScale(sft).high(), 5.0);
}

TEST_F(ColorRange, ClippedTokensAreMarkedInTheStripAndOnTheLegend) {
  const int sft = 0, rl = 1;
  EXPECT_EQ(strip->clippedAt(rl, 3), 1) << "+170 is beyond the RL map's 98th percentile (17)";
  EXPECT_EQ(strip->clippedAt(sft, 5), -1) << "−5 is beyond the SFT map's (0.5)";
  EXPECT_EQ(strip->clippedAt(sft, 7), 0);
  EXPECT_EQ(strip->clippedAt(rl, 7), 0);
  // The cell keeps the end colour; its corner shows the background (the notch), an unclipped cell's does not.
  const QRgb background = strip->palette().color(QPalette::Base).rgb() & 0xffffff;
  EXPECT_EQ(shown(rl, 3), kDarkBlue);
  EXPECT_EQ(notchCorner(rl, 3, 1), background);
  EXPECT_EQ(shown(sft, 5), kDarkRed);
  EXPECT_EQ(notchCorner(sft, 5, -1), background);
  EXPECT_EQ(notchCorner(rl, 7, 1), kDarkBlue) << "no notch where nothing is clipped";

  // The legend: a bar per map with its range; arrows at the clipped ends.
  const QList<widgets::LegendBar>& bars = territory->legend()->bars();
  ASSERT_EQ(bars.size(), 2);
  EXPECT_EQ(bars[0].name, QStringLiteral("sft-dialog"));
  EXPECT_EQ(bars[0].range, QStringLiteral("98th pct ±0.500"));
  EXPECT_TRUE(bars[0].clippedLow);
  EXPECT_FALSE(bars[0].clippedHigh);
  EXPECT_EQ(bars[1].name, QStringLiteral("rl-happy"));
  EXPECT_EQ(bars[1].range, QStringLiteral("98th pct ±17.0"));
  EXPECT_FALSE(bars[1].clippedLow);
  EXPECT_TRUE(bars[1].clippedHigh);

  choose(false);
  EXPECT_EQ(strip->clippedAt(sft, 5), 0) << "−5 is inside the shared range (17)";
  EXPECT_EQ(strip->clippedAt(rl, 3), 1);
  ASSERT_EQ(territory->legend()->bars().size(), 1);
  EXPECT_EQ(territory->legend()->bars()[0].range, QStringLiteral("98th pct ±17.0"));
  EXPECT_TRUE(territory->legend()->bars()[0].clippedHigh);
  EXPECT_FALSE(territory->legend()->bars()[0].clippedLow);
}

TEST_F(ColorRange, TheChoiceIsRememberedAndReachesTheExportedStrip) {
  choose(false, 95);
  // The exported strip figure over the same document takes the view's choice.
  widgets::FigureOptions options = window->exports()->currentFigureOptions();
  EXPECT_EQ(options.scalePercentile, 95);
  EXPECT_FALSE(options.scalePerMap);
  options.metric = QStringLiteral("delta_logp");
  options.document = 0, options.start = 0, options.length = 400;  // the whole document, as the view
  widgets::FigureSource source;
  source.digest = window->session()->digest();
  auto shared = widgets::buildStripFigure(source, options);
  ASSERT_TRUE(shared) << shared.error().what();
  for (const widgets::FigureStripRow& row : shared->panels[0].rows) EXPECT_FALSE(row.scale) << row.map.toStdString();
  options.scalePerMap = true, options.scalePercentile = 98;
  auto perMap = widgets::buildStripFigure(source, options);
  ASSERT_TRUE(perMap) << perMap.error().what();
  // Base (no Δ), SFT and RL rows: the SFT row's own range is ±0.5 (its −5 is beyond it).
  ASSERT_EQ(perMap->panels[0].rows.size(), 3);
  const widgets::FigureStripRow& sftRow = perMap->panels[0].rows[1];
  ASSERT_TRUE(sftRow.scale);
  EXPECT_DOUBLE_EQ(sftRow.scale->high(), 0.5);
  EXPECT_EQ(sftRow.range, QStringLiteral("98th pct ±0.500"));
  EXPECT_EQ(sftRow.scale->clipped(sftRow.values[5]), -1);

  // A new window (the next start) shows the remembered choice.
  window->session()->undoStack()->setClean();
  window.reset();
  widgets::MainWindow again(backend);
  EXPECT_EQ(again.territory()->rangeModeBox()->currentData().toBool(), false);
  EXPECT_EQ(again.territory()->rangeBox()->currentData().toDouble(), 95.0);
  EXPECT_EQ(again.territory()->strip()->scaleRange(), (widgets::ScaleRange{95, false}));
  window = std::make_unique<widgets::MainWindow>(backend);  // for TearDown
}
