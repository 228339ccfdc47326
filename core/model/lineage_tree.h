#pragma once
// core::model lineage trees (docs/ARCHITECTURE.md, "Lineage trees"): which checkpoint each one was
// tuned from, as the user set it in the session or, where not set, as guessed from names and configs;
// and where each checkpoint goes when the tree is drawn. Plain values and pure functions: safe from any
// thread. No checkpoint is opened.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace core::model {

// A checkpoint as the lineage sees it.
struct LineageNode {
  std::int64_t id = 0;
  std::string name;         // display name
  std::string path;         // folder or file
  std::string config_json;  // Hugging Face config.json text, when known
  bool base = false;        // the session's base map
  std::int64_t parent = 0;  // the parent the user set (a node's id); 0 = not set
};

// A node's parent: an index into the nodes, or none (a root).
struct LineageLink {
  std::optional<std::size_t> parent;
  bool guessed = false;  // not set by the user: shown as a guess
  bool operator==(const LineageLink&) const = default;
};

// The parent guessed for nodes[i], in this order of rules, the first that names another node:
//  1. its config's "base_model" or "_name_or_path" names another node: equal to its path, or the same
//     last path component as its path or name ("org/my-sft" matches a folder ".../my-sft");
//  2. its name extends another's name after a separator ("sft-rl2" → "sft", "sft_v2.rl" → "sft_v2"):
//     the longest such name;
//  3. its name and another's differ only in their first number ("step2000" → "step1000"): the one with
//     the largest smaller number;
//  4. a node that is not the base descends from the base, when the nodes hold exactly one base.
// None for a base or when no rule applies.
std::optional<std::size_t> guess_parent(const std::vector<LineageNode>& nodes, std::size_t i);

// Every node's parent: the one the user set when it is among the nodes, else the guess. A link that
// would close a cycle (only guesses can; the session refuses cycles when the user sets a parent) is
// dropped, making that node a root.
std::vector<LineageLink> resolve_lineage(const std::vector<LineageNode>& nodes);

// Whether making `parent` the parent of `child` (indices) would close a cycle given `links`.
bool would_cycle(const std::vector<LineageLink>& links, std::size_t child, std::size_t parent);

// Where each node is drawn: `depth` is its generation (roots 0), `row` its lane. Children follow their
// parent in node order; each leaf takes the next row (depth-first), and a parent sits midway between
// its first and last child, so siblings are separate branches. `branches` lists every root-to-leaf path
// (node indices), in row order: one line each in the lineage charts.
struct LineageLayout {
  std::vector<int> depth;
  std::vector<double> row;
  std::vector<std::vector<std::size_t>> branches;
  int rows = 0;  // leaves
};
LineageLayout layout_lineage(const std::vector<LineageLink>& links);

}  // namespace core::model
