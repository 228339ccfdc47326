// The AVX-512 copies of the SIMD kernels (core/model/simd_math.h) keep their comparisons in vector
// instructions. GCC 12 compiles those copies under a target attribute, and there a comparison whose
// result is combined as an integer vector is expanded lane by lane: one scalar float comparison per
// lane, sixteen in a row (the fused attention kernel was 1.7x slower for it). This reads the machine
// code of the kernels linked into this test program with binutils' nm and objdump.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <string>

#include "core/model/simd_math.h"

namespace simd_lowering_test {

std::string command_output(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

std::size_t count_lines_with(const std::string& text, const std::regex& pattern) {
  std::size_t count = 0, at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    if (std::regex_search(text.begin() + std::ptrdiff_t(at), text.begin() + std::ptrdiff_t(end), pattern)) ++count;
    at = end + 1;
  }
  return count;
}

}  // namespace simd_lowering_test

TEST(SimdLowering, NoAvx512KernelComparesItsLanesOneByOne) {
  using namespace simd_lowering_test;
#ifdef CARTOGRAPH_SIMD_NATIVE_WIDTH
  GTEST_SKIP() << "this build compiles one native copy of each kernel (CARTOGRAPH_SIMD_NATIVE_WIDTH): no AVX-512 copy";
#else
  if (std::system("command -v objdump > /dev/null 2>&1 && command -v nm > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "binutils' nm and objdump are needed to read the kernels' machine code";
  const std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
  // Mangled names of core's AVX-512 copies (the symbols CARTOGRAPH_SIMD_KERNEL defines as name_w16).
  const std::string symbols = command_output("nm '" + exe + "'");
  const std::regex kernel(R"((_ZN4core\S*_w16E\S*))");
  std::map<std::string, std::string> kernels;  // readable name -> mangled
  for (auto it = std::sregex_iterator(symbols.begin(), symbols.end(), kernel); it != std::sregex_iterator(); ++it) {
    const std::string mangled = (*it)[1];
    if (mangled.find('.') != std::string::npos) continue;  // .cold parts and other clones
    const std::string readable = command_output("echo '" + mangled + "' | c++filt");
    kernels[readable.substr(0, readable.find("_w16(") + 4)] = mangled;
  }
  for (const char* name : {"small_head_rows_w16", "causal_softmax_row_w16", "own_row_w16", "normalise_w16",
                           "divergence_row_w16"}) {
    bool found = false;
    for (const auto& [readable, mangled] : kernels) found = found || readable.ends_with(name);
    EXPECT_TRUE(found) << name << " is not among the kernels this program links";
  }
  const std::regex scalar_compare(R"(\s(v?u?comiss)\s)");
  for (const auto& [readable, mangled] : kernels) {
    const std::string code = command_output("objdump -d --no-show-raw-insn --disassemble=" + mangled + " '" + exe + "'");
    ASSERT_NE(code.find("ret"), std::string::npos) << "no machine code read for " << readable;
    // Scalar comparisons a kernel makes on purpose (its top-k list, a reduction) stay few; a vector
    // comparison expanded lane by lane is sixteen at once.
    EXPECT_LT(count_lines_with(code, scalar_compare), 16u) << readable << " compares lanes one by one";
  }
#endif
}
