#include "core/model/lineage_tree.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <string_view>

namespace core::model {
namespace {

std::string_view last_component(std::string_view path) {
  while (!path.empty() && (path.back() == '/' || path.back() == '\\')) path.remove_suffix(1);
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool separator(char c) { return c == '-' || c == '_' || c == '.' || c == '/' || c == ' ' || c == '+'; }

// The name with its first number cut out, and the number; nothing when it has none.
std::optional<std::pair<std::string, std::uint64_t>> split_number(const std::string& name) {
  const auto first = std::find_if(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
  if (first == name.end()) return std::nullopt;
  const auto end = std::find_if(first, name.end(), [](unsigned char c) { return !std::isdigit(c); });
  if (end - first > 18) return std::nullopt;
  std::uint64_t n = 0;
  for (auto it = first; it != end; ++it) n = n * 10 + std::uint64_t(*it - '0');
  return std::pair{std::string(name.begin(), first) + "#" + std::string(end, name.end()), n};
}

std::vector<std::string> config_names(const std::string& config) {
  std::vector<std::string> out;
  if (config.empty()) return out;
  const auto j = nlohmann::json::parse(config, nullptr, false);
  if (!j.is_object()) return out;
  for (const char* key : {"base_model", "_name_or_path"})
    if (const auto it = j.find(key); it != j.end() && it->is_string() && !it->get<std::string>().empty())
      out.push_back(it->get<std::string>());
  return out;
}

}  // namespace

std::optional<std::size_t> guess_parent(const std::vector<LineageNode>& nodes, std::size_t i) {
  const LineageNode& me = nodes[i];
  if (me.base) return std::nullopt;
  // 1. The config names the model it was tuned from.
  for (const std::string& named : config_names(me.config_json)) {
    const std::string_view tail = last_component(named);
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      if (j == i) continue;
      const LineageNode& o = nodes[j];
      if ((!o.path.empty() && (o.path == named || last_component(o.path) == tail)) || o.name == tail) return j;
    }
  }
  // 2. Its name extends another's after a separator: the longest.
  std::optional<std::size_t> best;
  for (std::size_t j = 0; j < nodes.size(); ++j) {
    const std::string& n = nodes[j].name;
    if (j == i || n.empty() || me.name.size() <= n.size() + 1 || !me.name.starts_with(n) || !separator(me.name[n.size()]))
      continue;
    if (!best || n.size() > nodes[*best].name.size()) best = j;
  }
  if (best) return best;
  // 3. Revisions of one training run: the same name but for the first number.
  if (const auto mine = split_number(me.name)) {
    std::optional<std::uint64_t> closest;
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      if (j == i) continue;
      const auto other = split_number(nodes[j].name);
      if (!other || other->first != mine->first || other->second >= mine->second) continue;
      if (!closest || other->second > *closest) closest = other->second, best = j;
    }
    if (best) return best;
  }
  // 4. The base.
  std::size_t bases = 0;
  for (std::size_t j = 0; j < nodes.size(); ++j)
    if (nodes[j].base) ++bases, best = j;
  return bases == 1 ? best : std::nullopt;
}

bool would_cycle(const std::vector<LineageLink>& links, std::size_t child, std::size_t parent) {
  // Walking up from the new parent reaches the child: a cycle. Bounded by the node count.
  std::optional<std::size_t> at = parent;
  for (std::size_t steps = 0; at && steps <= links.size(); ++steps) {
    if (*at == child) return true;
    at = *at < links.size() ? links[*at].parent : std::nullopt;
  }
  return at.has_value();  // still walking after n steps: already a cycle above
}

std::vector<LineageLink> resolve_lineage(const std::vector<LineageNode>& nodes) {
  std::vector<LineageLink> links(nodes.size());
  // Set parents first (they win), then guesses where none is set.
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      std::optional<std::size_t> parent;
      if (pass == 0 && nodes[i].parent != 0) {
        for (std::size_t j = 0; j < nodes.size(); ++j)
          if (nodes[j].id == nodes[i].parent && j != i) parent = j;
      } else if (pass == 1 && !links[i].parent && nodes[i].parent == 0) {
        parent = guess_parent(nodes, i);
      }
      if (!parent || would_cycle(links, i, *parent)) continue;
      links[i] = {parent, pass == 1};
    }
  return links;
}

LineageLayout layout_lineage(const std::vector<LineageLink>& links) {
  const std::size_t n = links.size();
  LineageLayout out;
  out.depth.assign(n, 0);
  out.row.assign(n, 0);
  std::vector<std::vector<std::size_t>> children(n);
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < n; ++i) {
    const auto p = links[i].parent;
    if (p && *p < n && *p != i) children[*p].push_back(i);
    else roots.push_back(i);
  }
  std::vector<std::size_t> path;
  std::vector<char> seen(n, 0);
  std::function<void(std::size_t, int)> place = [&](std::size_t i, int depth) {
    seen[i] = 1;
    out.depth[i] = depth;
    path.push_back(i);
    std::vector<std::size_t> kids;
    for (std::size_t c : children[i])
      if (!seen[c]) kids.push_back(c);
    if (kids.empty()) {
      out.row[i] = out.rows++;
      out.branches.push_back(path);
    } else {
      for (std::size_t c : kids) place(c, depth + 1);
      out.row[i] = (out.row[kids.front()] + out.row[kids.back()]) / 2;
    }
    path.pop_back();
  };
  for (std::size_t r : roots) place(r, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (!seen[i]) place(i, 0);  // a cycle among links no root reaches: drawn from its first node
  return out;
}

}  // namespace core::model
