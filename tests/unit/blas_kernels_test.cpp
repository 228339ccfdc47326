// OpenBLAS's kernels: the rule that raises a set chosen narrower than the CPU, against OpenBLAS
// 0.3.21's own table (driver/others/dynamic.c), and the kernels this test program runs with (the
// CLI's: tests/unit/cli_test.cpp).
#include "core/blas_kernels.h"

#include <gtest/gtest.h>

#include <string>

#include "core/version.h"

using core::VectorLevel;

TEST(BlasKernels, ASetNarrowerThanTheCpuIsRaisedToOpenBlasOwnSetForItsWidth) {
  // Emerald Rapids under 0.3.21: an AVX-512 CPU that its table sends to Prescott.
  EXPECT_STREQ(core::raised_blas_core("Prescott", VectorLevel::Avx512), "SkylakeX");
  EXPECT_STREQ(core::raised_blas_core("prescott", VectorLevel::Avx2), "Haswell");
  EXPECT_STREQ(core::raised_blas_core("Nehalem", VectorLevel::Avx), "Sandybridge");
  EXPECT_STREQ(core::raised_blas_core("Sandybridge", VectorLevel::Avx2), "Haswell");
  EXPECT_STREQ(core::raised_blas_core("Haswell", VectorLevel::Avx512), "SkylakeX");
}

TEST(BlasKernels, ASetAtTheCpusWidthOrAnUnknownNameIsKept) {
  EXPECT_EQ(core::raised_blas_core("Zen", VectorLevel::Avx2), nullptr);  // AMD's own AVX2 tuning
  EXPECT_EQ(core::raised_blas_core("Cooperlake", VectorLevel::Avx512), nullptr);
  EXPECT_EQ(core::raised_blas_core("SkylakeX", VectorLevel::Avx512), nullptr);
  EXPECT_EQ(core::raised_blas_core("Prescott", VectorLevel::Sse), nullptr);  // nothing wider to run
  EXPECT_EQ(core::raised_blas_core("SkylakeX", VectorLevel::Avx2), nullptr);  // never lowered
  EXPECT_EQ(core::raised_blas_core("GraniteRapids", VectorLevel::Avx512), nullptr);  // a newer release's name
  EXPECT_EQ(core::raised_blas_core("", VectorLevel::Avx512), nullptr);           // not OpenBLAS
}

TEST(BlasKernels, TheSetIsReadFromOpenBlasConfigurationLine) {
  EXPECT_EQ(core::blas_core_in_config("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64"),
            "Prescott");
  EXPECT_EQ(core::blas_core_in_config("OpenBLAS 0.3.21 DYNAMIC_ARCH SkylakeX MAX_THREADS=64, kernels forced by "
                                      "OPENBLAS_CORETYPE=SkylakeX"),
            "SkylakeX");
  EXPECT_EQ(core::blas_core_in_config("reference or unknown BLAS at /usr/lib/libblas.so.3"), "");
}

// This test program ran itself again with OPENBLAS_CORETYPE where OpenBLAS's table fell short, as the
// GUI does (core::run_with_quiet_thread_pools): its matrix products run at the CPU's vector width, as
// the CPU's own feature bits (cpuid) give it.
TEST(BlasKernels, TheTestProgramRunsOpenBlasAtTheCpusWidth) {
  const std::string blas = core::versions().blas;
  if (blas.rfind("OpenBLAS", 0) != 0) GTEST_SKIP() << "the BLAS is not OpenBLAS: " << blas;
  const char* forced = std::getenv("OPENBLAS_CORETYPE");
  const char* ours = core::blas_core_for(core::cpu_vector_level());
  if (forced && !(ours && std::string_view(forced) == ours))
    GTEST_SKIP() << "OPENBLAS_CORETYPE=" << forced << " was set by the user";
  const std::string name = core::loaded_blas_core();
  ASSERT_TRUE(core::blas_core_level(name)) << blas;
  EXPECT_GE(int(*core::blas_core_level(name)), int(core::cpu_vector_level())) << blas;
}

