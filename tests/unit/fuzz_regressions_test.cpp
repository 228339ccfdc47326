// Inputs the fuzzers (tests/fuzz) found that broke a parser, each a regression test named after the
// crash (libFuzzer's artifact name) beside the fix, so the normal suite keeps them fixed. Then what the
// sanitizer build (-DCARTOGRAPH_SANITIZE=ON: ASan, UBSan and float-cast-overflow) pins: a double too
// large for the integer it was cast to is undefined behaviour, which that build halts on; each
// SanitizerFindings test feeds the value that used to be cast and checks what the user sees instead.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "core/analysis/digest.h"
#include "core/analysis/summary.h"
#include "core/model/checkpoint.h"
#include "core/model/llama2c_header.h"
#include "tests/support/family_fixtures.h"
#include "tests/support/test_support.h"

namespace {

std::string fuzz_bytes(std::initializer_list<unsigned char> bytes) { return {bytes.begin(), bytes.end()}; }

}  // namespace

// llama2c_header-crash-ec0e29b5: a legacy header whose vocab_size is INT32_MIN. Its sign flags an
// untied classifier, and the reader negated it: undefined behaviour (UBSan stopped the fuzzer), which
// in a normal build wrapped to a negative size and was refused only by luck.
TEST(FuzzRegressions, Llama2cHeaderWithTheMostNegativeVocabSize_crash_ec0e29b5) {
  const std::string input = fuzz_bytes({
    0x08, 0x00, 0x00, 0x00, 0x10, 0x06, 0x00, 0x00, 0xf8, 0xff, 0xff, 0xff,
    0xff, 0x08, 0x00, 0x00, 0x00, 0x10, 0x00, 0x21, 0x00, 0x00, 0x00, 0x80,
    0x3c, 0x00, 0x00, 0x00, 0x00, 0x80, 0x3d, 0x00, 0x00, 0xe0, 0x3d, 0x00,
    0xbd, 0x00, 0x00, 0x00, 0xbd, 0x80, 0x80, 0x00, 0xbc, 0x00, 0x00, 0x00,
    0x3d, 0x00, 0x00, 0xa0, 0x3d, 0x00, 0x00, 0x00, 0x3e, 0x00, 0x00, 0x00,
    0x00, 0xe0, 0xbd, 0x00, 0x00, 0x80, 0xbd, 0x00, 0xc0, 0x00, 0x00, 0x40,
    0xbd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x80, 0xbc, 0x3d,
    0x00, 0x00, 0xc0, 0x00, 0x3d, 0x3d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40,
    0xff, 0xff, 0xff, 0x01
  });
  auto header = core::model::parse_llama2c_header(input, "model.bin");
  ASSERT_FALSE(header) << "accepted";
  EXPECT_EQ(header.error().what(), "model.bin: llama2.c header: vocab_size is -2147483648, which no checkpoint has");
}

// llama2c_header-crash-7965f27d: dim 3145736 and 15269889 layers, each below the 2^24 bound, whose
// product dim x dim x layers overflowed the 64-bit size check (UBSan stopped the fuzzer; a normal
// build compared the file with a wrapped size).
TEST(FuzzRegressions, Llama2cHeaderWhoseSizesOverflow64Bits_crash_7965f27d) {
  const std::string input = fuzz_bytes({
    0x08, 0x00, 0x30, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0xe9, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
    0x08, 0xbc, 0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0xa0, 0x3d, 0x00, 0x00,
    0x00, 0x3e, 0x00, 0x3c, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x10, 0x00,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xbe, 0x02, 0x00, 0x60, 0x42, 0x00, 0x00, 0x00, 0xbd, 0x00, 0x00,
    0x80, 0x3c, 0x00, 0x00, 0x80, 0x08, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00,
    0x00, 0x00, 0x3e, 0x00, 0x00, 0x3e, 0x00, 0xbd, 0x00, 0x00, 0x80, 0x00,
    0x00, 0x00, 0x3d, 0x00, 0x00, 0xa0, 0x3d, 0x00, 0x00, 0x00, 0x3e
  });
  auto header = core::model::parse_llama2c_header(input, "model.bin");
  ASSERT_FALSE(header) << "accepted";
  EXPECT_NE(header.error().what().find("model.bin: llama2.c checkpoint size does not match its header: expected more "
                                       "than 2^63 bytes, the file has 119 (truncated?)"),
            std::string::npos)
      << header.error().what();
}

// A confidence of NaN (a checkpoint whose weights hold NaN) went through int(NaN).
TEST(SanitizerFindings, CalibrationBinOfNaNOrOutOfRangeConfidenceIsAnEdgeBin) {
  const int last = core::analysis::kCalibrationBins - 1;
  EXPECT_EQ(core::analysis::calibration_bin(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_EQ(core::analysis::calibration_bin(-std::numeric_limits<float>::infinity()), 0);
  EXPECT_EQ(core::analysis::calibration_bin(std::numeric_limits<float>::infinity()), last);
  EXPECT_EQ(core::analysis::calibration_bin(3e38f), last);
  // In range, the bin is floor(confidence x bins), computed here independently.
  for (const float c : {0.0f, 0.01f, 0.5f, 0.9999f, 1.0f})
    EXPECT_EQ(core::analysis::calibration_bin(c), std::min(int(std::floor(double(c) * (last + 1))), last)) << c;
}

// A histogram whose bins are far narrower than the distance to a value cast (v - lo) / w, as large
// as 1e300, to an integer.
TEST(SanitizerFindings, HistogramOfAValueFarOutsideNarrowBinsCountsItInTheEdgeBin) {
  auto h = core::analysis::Histogram::empty(0, 1e-300, 10);
  h.add(1.0);
  h.add(-1.0);
  h.add(5.5e-301);
  ASSERT_EQ(h.counts.size(), 10u);
  EXPECT_EQ(h.counts.back(), 1);
  EXPECT_EQ(h.counts.front(), 1);
  EXPECT_EQ(h.counts[5], 1);
  EXPECT_EQ(h.total(), 3);
  core::analysis::Histogram flat{.lo = 2, .hi = 2, .counts = std::vector<std::int64_t>(4, 0)};  // zero width: 0 / 0 and x / 0
  flat.add(2.0);
  flat.add(3.0);
  EXPECT_EQ(flat.counts.front(), 1);
  EXPECT_EQ(flat.counts.back(), 1);
}

// config.json's rotary_pct (GPT-NeoX) and partial_rotary_factor (Phi-3) were multiplied by the head
// size and cast before being checked: 1e300 overflowed the cast instead of being refused by name.
TEST(SanitizerFindings, AnAbsurdRotaryFractionIsRefusedByName) {
  for (const auto& [family, key] : {std::pair{"neox", "rotary_pct"}, std::pair{"phi3", "partial_rotary_factor"}}) {
    testsupport::TempDir dir;
    testsupport::write_family_folder(dir.path(), family);
    auto config = nlohmann::json::parse(testsupport::read_file(dir / "config.json"));
    config[key] = 1e300;
    testsupport::write_file(dir / "config.json", config.dump());
    auto cp = core::model::load_checkpoint(dir.path(), testsupport::fixture_load_options());
    ASSERT_FALSE(cp) << family << ": " << key << " 1e300 was accepted";
    EXPECT_EQ(cp.error().code, core::ErrorCode::InvalidInput) << cp.error().what();
    EXPECT_NE(cp.error().message.find(std::string("config.json ") + key + " must turn an even"), std::string::npos)
        << cp.error().what();
  }
}
