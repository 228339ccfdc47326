// The token strip and the projection scatter with 100k points: painting and picking stay interactive.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QScrollBar>
#include <QTest>
#include <iostream>

#include "tests/gui/run_fixture.h"
#include "widgets/map/scatterplot.h"
#include "widgets/territory/tokenstrip.h"

namespace {
constexpr int kPositions = 100000;
}

TEST(Performance, TheTokenStripPaintsA100kTokenDocumentQuickly) {
  const auto run = fixture::makeLargeRun(kPositions, 10);
  widgets::TokenStrip strip;
  strip.resize(1200, 700);
  strip.setRows({0, 1, 2}, {QStringLiteral("base"), QStringLiteral("sft"), QStringLiteral("rl")});
  QElapsedTimer t;
  t.start();
  strip.setDocument(run, 0);  // layout and colours of all 100k tokens
  const double layoutMs = double(t.nsecsElapsed()) / 1e6;
  strip.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&strip));
  ASSERT_GT(strip.lineCount(), 1000);
  // Scroll through the document, repainting synchronously each time.
  t.restart();
  const int frames = 30;
  for (int i = 0; i < frames; ++i) {
    strip.verticalScrollBar()->setValue(strip.verticalScrollBar()->maximum() * i / frames);
    strip.viewport()->repaint();
  }
  const double frameMs = double(t.nsecsElapsed()) / 1e6 / frames;
  t.restart();
  int hits = 0;
  for (int i = 0; i < 1000; ++i) hits += strip.positionAt(QPoint(100 + i % 900, 10 + (i * 7) % 600)) >= 0;
  const double pickUs = double(t.nsecsElapsed()) / 1e3 / 1000;
  std::cout << "[ measured ] token strip, " << kPositions << " tokens x 3 maps: layout+colour " << layoutMs
            << " ms, repaint " << frameMs << " ms/frame, pick " << pickUs << " us\n";
  EXPECT_GT(hits, 0);
  EXPECT_LT(layoutMs, 1500.0);
  EXPECT_LT(frameMs, 50.0) << "scrolling would stutter";
}

TEST(Performance, TheScatterRendersAndPicks100kPointsQuickly) {
  const auto run = fixture::makeLargeRun(1000, kPositions);
  widgets::ScatterPlot plot;
  plot.resize(1000, 700);
  std::vector<QPointF> points;
  std::vector<float> values;
  for (const auto& p : run->projection.points) {
    points.emplace_back(p.x, p.y);
    values.push_back(p.x);
  }
  QElapsedTimer t;
  t.start();
  plot.setPoints(points);
  plot.setValues(values, widgets::ColorScale(widgets::Metric::DeltaLogp, 3));
  const double setupMs = double(t.nsecsElapsed()) / 1e6;
  plot.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&plot));
  t.restart();
  const int frames = 20;
  for (int i = 0; i < frames; ++i) plot.renderPoints();  // what a pan or zoom step costs
  const double renderMs = double(t.nsecsElapsed()) / 1e6 / frames;
  t.restart();
  int hits = 0;
  for (int i = 0; i < 1000; ++i) hits += plot.pointAt(QPointF(100 + i % 800, 50 + (i * 13) % 600)) >= 0;
  const double pickUs = double(t.nsecsElapsed()) / 1e3 / 1000;
  std::cout << "[ measured ] scatter, " << kPositions << " points: index+sort " << setupMs << " ms, render "
            << renderMs << " ms/frame, pick " << pickUs << " us\n";
  EXPECT_GT(hits, 0);
  EXPECT_LT(renderMs, 50.0);
  EXPECT_LT(pickUs, 2000.0);
}
