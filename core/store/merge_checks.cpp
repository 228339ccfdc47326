#include "core/store/detail/merge_parts.h"

#include <set>
#include <sstream>

namespace core::store::detail {

using analysis::RunResult;

namespace {

std::string short_hash(const std::string& h) { return h.size() > 12 ? h.substr(0, 12) + "…" : h; }

std::string describe_zoom(const analysis::ZoomResult& z) {
  std::string s = "a zoom run of " + std::to_string(z.prompts.size()) + (z.prompts.size() == 1 ? " prompt (" : " prompts (");
  for (std::size_t p = 0; p < z.prompts.size() && p < 3; ++p) {
    std::string text = z.prompts[p].text.substr(0, 40);
    for (char& c : text)
      if (c == '\n') c = ' ';
    s += (p ? ", '" : "'") + text + "'";
  }
  return s + (z.prompts.size() > 3 ? ", …)" : ")");
}

}  // namespace

std::string zoom_key(const analysis::ZoomResult& z) {
  std::string key = std::to_string(z.window);
  for (const analysis::ZoomPrompt& p : z.prompts) key += '\x1e' + p.text;
  return key;
}

std::optional<std::string> zoom_difference(const Part& a, const Part& b, const std::string& reference) {
  std::set<std::string> ka, kb;
  for (const auto& z : a.zooms) ka.insert(zoom_key(z));
  for (const auto& z : b.zooms) kb.insert(zoom_key(z));
  for (const auto& z : b.zooms)
    if (!ka.count(zoom_key(z))) return "has " + describe_zoom(z) + " that " + reference + " lacks";
  for (const auto& z : a.zooms)
    if (!kb.count(zoom_key(z))) return "lacks " + describe_zoom(z) + " that " + reference + " has";
  // The same zoom made with another --batch scored other batch groups: its KL differs in the last bits
  // (docs/ARCHITECTURE.md, "Sharded runs"). 0 is a zoom run recorded before its batch was kept.
  const auto batch = [](std::int32_t b) { return b > 0 ? std::to_string(b) : std::string("unknown (recorded before schema 9)"); };
  for (const auto& z : b.zooms)
    for (const auto& y : a.zooms)
      if (zoom_key(y) == zoom_key(z) && y.batch != z.batch)
        return "has " + describe_zoom(z) + " made with --batch " + batch(z.batch) + " where " + reference +
               " has --batch " + batch(y.batch);
  return std::nullopt;
}

std::string shards_text(const RunResult& r) {
  std::string s;
  for (std::int64_t i : r.shards_present) {
    if (!s.empty()) s += ',';
    s += std::to_string(i);
  }
  std::string text = r.shards_present.size() == 1 ? "shard " : "shards ";
  return text.append(s).append(" of ").append(std::to_string(r.shard_count));
}

std::string shift_shards_text(const ShiftRecord& r) {
  std::string s;
  for (std::int64_t i : r.shards_present) {
    if (!s.empty()) s += ',';
    s += std::to_string(i);
  }
  std::string text = r.shards_present.size() == 1 ? "token shift shard " : "token shift shards ";
  return text.append(s).append(" of ").append(std::to_string(r.shard_count));
}

std::optional<std::string> difference(const RunResult& a, const RunResult& b, const std::string& reference) {
  const auto differ = [&reference](const std::string& what, const auto& x, const auto& y) {
    std::ostringstream s;
    s << what << " " << x << " where " << reference << " has " << y;
    return s.str();
  };
  if (a.maps.size() != b.maps.size()) return differ("has", std::to_string(b.maps.size()) + " maps", a.maps.size());
  for (std::size_t m = 0; m < a.maps.size(); ++m) {
    const std::string which = "map " + std::to_string(m) + " (" + b.maps[m].name + ")";
    if (a.maps[m].sha256 != b.maps[m].sha256)
      return differ(which + " has weights sha256", short_hash(b.maps[m].sha256), short_hash(a.maps[m].sha256));
    if (a.maps[m].role != b.maps[m].role)
      return differ(which + " has role", analysis::to_string(b.maps[m].role), analysis::to_string(a.maps[m].role));
  }
  if (a.territory.content_hash != b.territory.content_hash)
    return differ("has territory sha256", short_hash(b.territory.content_hash) + " (" + b.territory.source + ")",
                  short_hash(a.territory.content_hash) + " (" + a.territory.source + ")");
  if (a.shard_count != b.shard_count) return differ("is cut into", std::to_string(b.shard_count) + " shards", a.shard_count);
  const analysis::RunSettings &x = a.settings, &y = b.settings;
  if (x.top_k != y.top_k) return differ("has --top-k", y.top_k, x.top_k);
  if (x.context != y.context || a.window != b.window) return differ("has window", b.window, a.window);
  if (x.stride != y.stride || a.stride != b.stride) return differ("has stride", b.stride, a.stride);
  if (x.batch != y.batch) return differ("has --batch", y.batch, x.batch);
  if (x.device != y.device) return differ("has --device", y.device, x.device);
  if (x.dtype != y.dtype) return differ("has --dtype", y.dtype, x.dtype);
  // The thread count changes a product's last bits (docs/ARCHITECTURE.md, "Threads"); a shard records
  // the count it ran with (0 resolved to the machine's cores).
  if (x.threads != y.threads)
    return differ("ran with --threads", std::to_string(y.threads) + " (the count changes the last bits of products)",
                  x.threads);
  if (x.prompt != y.prompt) return differ("has prompt", "'" + y.prompt + "'", "'" + x.prompt + "'");
  if (x.projection_samples != y.projection_samples)
    return differ("has projection samples", y.projection_samples, x.projection_samples);
  if (x.seed != y.seed) return differ("has seed", y.seed, x.seed);
  return versions_difference(a.versions, b.versions, "was made with", reference);
}

std::optional<std::string> versions_difference(const std::map<std::string, std::string>& a,
                                               const std::map<std::string, std::string>& b, const std::string& made,
                                               const std::string& reference) {
  const auto differ = [&](const std::string& key, const std::string& theirs, const std::string& ours) {
    return made + " " + key + " " + theirs + " where " + reference + " has " + ours;
  };
  for (const auto& [key, value] : a) {
    const auto it = b.find(key);
    const std::string other = it == b.end() ? std::string("none") : it->second;
    if (other != value) return differ(key, "'" + other + "'", "'" + value + "'");
  }
  for (const auto& [key, value] : b)
    if (!a.count(key)) return differ(key, "'" + value + "'", "none");
  return std::nullopt;
}

std::string holds(bool run, bool shift) {
  if (run && shift) return "a sharded run and a sharded token shift";
  return run ? "a sharded run and no sharded token shift" : "a sharded token shift and no complete sharded run";
}

}  // namespace core::store::detail
