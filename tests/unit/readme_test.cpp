// The README's two commands are the product's front door; CI must run the test one verbatim.
#include <gtest/gtest.h>

#include <regex>

#include "tests/support/test_support.h"

namespace {
std::vector<std::string> shell_blocks(const std::string& text) {
  std::vector<std::string> blocks;
  const std::regex block("```sh\n([^`]*)```");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), block); it != std::sregex_iterator(); ++it)
    blocks.push_back((*it)[1].str());
  return blocks;
}
}  // namespace

TEST(Readme, OpensWithTheRunAndTestCommandsAndCiRunsTheTestOneVerbatim) {
  const std::string readme = testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) / "README.md");
  const auto blocks = shell_blocks(readme);
  ASSERT_GE(blocks.size(), 2u);
  EXPECT_NE(blocks[0].find("build/app/gui/cartograph"), std::string::npos) << blocks[0];
  EXPECT_NE(blocks[1].find("ctest"), std::string::npos) << blocks[1];
  for (const auto& b : {blocks[0], blocks[1]}) EXPECT_EQ(b.rfind("packaging/install-deps.sh", 0), 0u) << b;
  const std::string ci = testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) / ".ci/run");
  EXPECT_NE(ci.find(blocks[1]), std::string::npos) << "the test command is not in .ci/run verbatim";
}
