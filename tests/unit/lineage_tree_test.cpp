// Lineage trees: the layout of a root with two children and a grandchild worked out by hand, the
// guessing rules on names and configs, set parents winning over guesses, and cycles refused.
#include <gtest/gtest.h>

#include "core/model/lineage_tree.h"
#include "core/store/catalog.h"
#include "core/store/edits.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"

namespace {




core::model::LineageNode lineageNode(std::int64_t id, std::string name, bool base = false, std::int64_t parent = 0) {
  core::model::LineageNode n;
  n.id = id;
  n.name = std::move(name);
  n.path = "/maps/" + n.name;
  n.base = base;
  n.parent = parent;
  return n;
}

std::optional<std::size_t> parentAt(std::size_t i) { return i; }

}  // namespace

TEST(LineageLayout, RootTwoChildrenAndAGrandchildAreTwoBranches) {
  // 0 root; 1 and 2 its children (two RL runs from the same parent); 3 a child of 1.
  const std::vector<core::model::LineageLink> links = {{}, {parentAt(0)}, {parentAt(0)}, {parentAt(1)}};
  const auto layout = core::model::layout_lineage(links);
  EXPECT_EQ(layout.depth, (std::vector<int>{0, 1, 1, 2}));
  // Leaves in depth-first order take rows 0 (node 3) and 1 (node 2); node 1 sits on its only child's
  // row, the root midway between its first and last child.
  EXPECT_EQ(layout.row, (std::vector<double>{0.5, 0, 1, 0}));
  EXPECT_EQ(layout.rows, 2);
  EXPECT_EQ(layout.branches, (std::vector<std::vector<std::size_t>>{{0, 1, 3}, {0, 2}}));
}

TEST(LineageLayout, AChainIsOneBranchAndTwoRootsAreTwoTrees) {
  const auto chain = core::model::layout_lineage({{}, {parentAt(0)}, {parentAt(1)}});
  EXPECT_EQ(chain.branches, (std::vector<std::vector<std::size_t>>{{0, 1, 2}}));
  EXPECT_EQ(chain.row, (std::vector<double>{0, 0, 0}));
  const auto forest = core::model::layout_lineage({{}, {}, {parentAt(0)}});
  EXPECT_EQ(forest.branches, (std::vector<std::vector<std::size_t>>{{0, 2}, {1}}));
  EXPECT_EQ(forest.depth, (std::vector<int>{0, 0, 1}));
}

TEST(LineageGuess, NamesConfigsAndRevisionNumbersNameTheParentInTheDocumentedOrder) {
  std::vector<core::model::LineageNode> nodes = {lineageNode(1, "base", true), lineageNode(2, "sft"), lineageNode(3, "sft-rl1"), lineageNode(4, "sft-rl2"),
                                    lineageNode(5, "sft-rl1.dpo"), lineageNode(6, "step1000"), lineageNode(7, "step3000"),
                                    lineageNode(8, "step2000"), lineageNode(9, "chat")};
  nodes[8].config_json = R"({"base_model": "org/sft-rl2", "architectures": ["LlamaForCausalLM"]})";
  EXPECT_EQ(core::model::guess_parent(nodes, 0), std::nullopt) << "the base has no parent";
  EXPECT_EQ(core::model::guess_parent(nodes, 1), parentAt(0)) << "no rule but the base";
  EXPECT_EQ(core::model::guess_parent(nodes, 2), parentAt(1));
  EXPECT_EQ(core::model::guess_parent(nodes, 3), parentAt(1));
  EXPECT_EQ(core::model::guess_parent(nodes, 4), parentAt(2)) << "the longest name it extends";
  EXPECT_EQ(core::model::guess_parent(nodes, 6), parentAt(7)) << "step3000 follows step2000, not step1000";
  EXPECT_EQ(core::model::guess_parent(nodes, 7), parentAt(5));
  EXPECT_EQ(core::model::guess_parent(nodes, 5), parentAt(0)) << "the earliest revision descends from the base";
  EXPECT_EQ(core::model::guess_parent(nodes, 8), parentAt(3)) << "config base_model's last component";
  nodes[0].base = false;
  EXPECT_EQ(core::model::guess_parent(nodes, 1), std::nullopt) << "no base: no guess";
}

TEST(LineageResolve, SetParentsWinGuessesAreMarkedAndCyclesAreDropped) {
  // "sft-rl1" is set under "sft-rl2" (not what its name suggests); the rest are guessed.
  std::vector<core::model::LineageNode> nodes = {lineageNode(10, "base", true), lineageNode(11, "sft"), lineageNode(12, "sft-rl1", false, 13),
                                    lineageNode(13, "sft-rl2")};
  auto links = core::model::resolve_lineage(nodes);
  EXPECT_EQ(links[0], (core::model::LineageLink{std::nullopt, false}));
  EXPECT_EQ(links[1], (core::model::LineageLink{parentAt(0), true}));
  EXPECT_EQ(links[2], (core::model::LineageLink{parentAt(3), false}));
  EXPECT_EQ(links[3], (core::model::LineageLink{parentAt(1), true}));
  // A set parent that points at its own descendant: the second link of the cycle is dropped.
  nodes[1].parent = 12;  // sft under sft-rl1, which is (through sft-rl2) under sft
  links = core::model::resolve_lineage(nodes);
  EXPECT_EQ(links[1], (core::model::LineageLink{parentAt(2), false}));
  EXPECT_EQ(links[2], (core::model::LineageLink{parentAt(3), false}));
  EXPECT_EQ(links[3], (core::model::LineageLink{std::nullopt, false})) << "its guess (sft) would close the cycle";
  EXPECT_TRUE(core::model::would_cycle(links, 3, 1));
  EXPECT_FALSE(core::model::would_cycle(links, 3, 0));
  // A parent id the nodes do not hold (a checkpoint removed from the session) leaves a root, not a guess.
  nodes = {lineageNode(10, "base", true), lineageNode(11, "sft", false, 99)};
  links = core::model::resolve_lineage(nodes);
  EXPECT_EQ(links[1], (core::model::LineageLink{std::nullopt, false}));
}

// The store's side of the one save path: a parent that is one of the checkpoints added in the same save
// (a provisional id), a parent the session does not hold, and a cycle written directly (not through
// the GUI, which refuses it first): the last two leave the file unchanged.
TEST(LineageStore, ParentsAreSavedByStoreIdAndUnknownParentsOrCyclesAreRefused) {
  testsupport::TempDir dir;
  auto s = core::store::SessionFile::create(dir / "tree.cartograph");
  ASSERT_TRUE(s);
  core::store::SessionEdits edits;
  edits.checkpoints = {{-1, "base", "/m/base", "", "", core::analysis::MapRole::Base, "", 0},
                       {-2, "sft", "/m/sft", "", "", core::analysis::MapRole::Tuned, "", -1},
                       {-3, "sft-rl", "/m/sft-rl", "", "", core::analysis::MapRole::Tuned, "", -2}};
  auto saved = core::store::save_edits(*s, edits);
  ASSERT_TRUE(saved) << saved.error().what();
  const auto id = [&](std::int64_t provisional) { return saved->checkpoints.at(provisional); };
  auto parentsInFile = [&] {
    std::vector<std::int64_t> out;
    const auto all = core::store::Catalog(*s).checkpoints().value();
    for (const auto& c : all) out.push_back(c.parent_id);
    return out;
  };
  EXPECT_EQ(parentsInFile(), (std::vector<std::int64_t>{0, id(-1), id(-2)}));
  core::store::SessionEdits again;
  again.checkpoints = {{id(-1), "base", "/m/base", "", "", core::analysis::MapRole::Base, "", id(-3)},
                       {id(-2), "sft", "/m/sft", "", "", core::analysis::MapRole::Tuned, "", id(-1)},
                       {id(-3), "sft-rl", "/m/sft-rl", "", "", core::analysis::MapRole::Tuned, "", id(-2)}};
  const auto cycle = core::store::save_edits(*s, again);
  ASSERT_FALSE(cycle);
  EXPECT_NE(cycle.error().message.find("would descend from itself"), std::string::npos) << cycle.error().message;
  again.checkpoints[0].parent_id = 424242;
  const auto unknown = core::store::save_edits(*s, again);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("names a parent the session does not hold"), std::string::npos);
  EXPECT_EQ(parentsInFile(), (std::vector<std::int64_t>{0, id(-1), id(-2)})) << "nothing changed";
}
