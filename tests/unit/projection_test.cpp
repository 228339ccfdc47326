// The Map view's projection (core/analysis/projection.h) on samples whose principal axes, variances
// and coordinates are known in closed form.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "core/analysis/projection.h"

namespace {

using core::analysis::DocumentResult;

constexpr std::int64_t kDim = 6;
// Orthonormal axes; each one's largest loading is positive (the projection's orientation rule).
constexpr double kU1[kDim] = {0.6, 0.8, 0, 0, 0, 0};
constexpr double kU2[kDim] = {0, 0, 0, 0.8, -0.6, 0};
constexpr double kU3[kDim] = {0, 0, 1, 0, 0, 0};
constexpr double kCentre[kDim] = {3, -2, 5, 1, 0, 7};

// Sample i of n lies at centre + 4 cos t u1 + 1.5 sin t u2 + 0.5 cos 3t u3, t = 2 pi i / n: the three
// coordinates have mean 0 and are uncorrelated over a whole turn, so the axes are u1 and u2 with
// variances in the ratio 16 : 2.25 : 0.25.
struct Truth {
  double x, y;
};

Truth add_sample(DocumentResult& d, std::int32_t position, std::int64_t i, std::int64_t n) {
  const double t = 2 * std::numbers::pi * double(i) / double(n);
  const double a = 4 * std::cos(t), b = 1.5 * std::sin(t), c = 0.5 * std::cos(3 * t);
  d.sample_positions.push_back(position);
  for (std::int64_t k = 0; k < kDim; ++k) d.samples.push_back(float(kCentre[k] + a * kU1[k] + b * kU2[k] + c * kU3[k]));
  return {a, b};
}

TEST(Projection, FindsTheTwoLeadingAxesAndEachSamplesCoordinatesOnThem) {
  // 5,000 samples over two documents, more than one block of the products; a third document whose
  // samples do not match its positions is left out.
  constexpr std::int64_t n = 5000;
  std::vector<DocumentResult> documents(3);
  std::vector<Truth> truth;
  for (std::int64_t i = 0; i < n; ++i) truth.push_back(add_sample(documents[i < 3100 ? 0 : 2], std::int32_t(7 * i), i, n));
  documents[1].sample_positions = {1, 2, 3};
  documents[1].samples.assign(2 * kDim, 100.0f);

  const core::analysis::Projection p = core::analysis::project(documents, kDim);

  const double total = 16 + 2.25 + 0.25;
  EXPECT_NEAR(p.explained[0], 16 / total, 1e-6);
  EXPECT_NEAR(p.explained[1], 2.25 / total, 1e-6);
  ASSERT_EQ(p.points.size(), std::size_t(n));
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& point = p.points[std::size_t(i)];
    ASSERT_EQ(point.document, i < 3100 ? 0 : 2) << i;
    ASSERT_EQ(point.position, std::int32_t(7 * i)) << i;
    ASSERT_NEAR(point.x, truth[std::size_t(i)].x, 1e-5) << i;
    ASSERT_NEAR(point.y, truth[std::size_t(i)].y, 1e-5) << i;
  }
}

TEST(Projection, FewerThanThreeSamplesGiveNoPoints) {
  std::vector<DocumentResult> documents(1);
  add_sample(documents[0], 0, 0, 4);
  add_sample(documents[0], 1, 1, 4);
  const core::analysis::Projection p = core::analysis::project(documents, kDim);
  EXPECT_TRUE(p.points.empty());
  EXPECT_EQ(p.explained[0], 0.0);
}

}  // namespace
