#include "core/store/detail/merge_shifts.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "core/store/detail/merge_parts.h"

namespace core::store::detail {
namespace {

std::string hash_text(const std::string& h) {
  if (h.empty()) return "none";
  return h.size() > 12 ? h.substr(0, 12) + "…" : h;
}

// The shift's prompts (of its first map) fit its prompt set: places unique and inside it, every map
// with the same places.
std::optional<std::string> misfit(const ShiftRecord& r) {
  for (const ShiftMapRecord& m : r.maps) {
    std::set<std::int64_t> seen;
    for (const ShiftPromptRecord& p : m.prompts)
      if (p.place < 0 || p.place >= r.prompt_count || !seen.insert(p.place).second)
        return "prompt place " + std::to_string(p.place) + " of map " + m.name + " does not fit its set of " +
               std::to_string(r.prompt_count) + " prompts";
    if (m.prompts.size() != r.maps.front().prompts.size())
      return "its maps hold different numbers of prompts";
  }
  return std::nullopt;
}

}  // namespace

Result<std::optional<ShiftRecord>> sharded_shift(SessionFile& session) {
  auto all = token_shifts(session);
  if (!all) return std::unexpected(all.error());
  std::vector<ShiftRecord> sharded;
  for (ShiftRecord& r : *all)
    if (r.shard_count > 0) sharded.push_back(std::move(r));
  if (sharded.size() > 1)
    return fail(ErrorCode::InvalidInput,
                "holds " + std::to_string(sharded.size()) +
                    " sharded token shifts; merge takes sessions that hold one each",
                session.path().string());
  if (sharded.empty()) return std::optional<ShiftRecord>();
  if (auto m = misfit(sharded.front()))
    return fail(ErrorCode::Corrupt, "token shift " + std::to_string(sharded.front().id) + ": " + *m,
                session.path().string());
  return std::optional<ShiftRecord>(std::move(sharded.front()));
}

std::optional<std::string> shift_difference(const ShiftRecord& a, const ShiftRecord& b, const std::string& reference) {
  const auto differ = [&reference](const std::string& what, const auto& x, const auto& y) {
    std::ostringstream s;
    s << what << " " << x << " where " << reference << " has " << y;
    return s.str();
  };
  if (a.base_sha256 != b.base_sha256)
    return differ("has a token shift whose base map (" + b.base_name + ") has weights sha256",
                  hash_text(b.base_sha256), hash_text(a.base_sha256));
  if (a.maps.size() != b.maps.size())
    return differ("has a token shift of", std::to_string(b.maps.size()) + " tuned maps", a.maps.size());
  for (std::size_t m = 0; m < a.maps.size(); ++m)
    if (a.maps[m].sha256 != b.maps[m].sha256)
      return differ("has a token shift whose tuned map " + std::to_string(m + 1) + " (" + b.maps[m].name +
                        ") has weights sha256",
                    hash_text(b.maps[m].sha256), hash_text(a.maps[m].sha256));
  if (a.prompts_sha256 != b.prompts_sha256 || a.prompt_count != b.prompt_count)
    return differ("has a token shift of the prompt set sha256",
                  hash_text(b.prompts_sha256) + " (" + std::to_string(b.prompt_count) + " prompts)",
                  hash_text(a.prompts_sha256) + " (" + std::to_string(a.prompt_count) + " prompts)");
  if (a.shard_count != b.shard_count)
    return differ("has a token shift cut into", std::to_string(b.shard_count) + " shards", a.shard_count);
  if (a.max_new_tokens != b.max_new_tokens)
    return differ("has a token shift with --max-new-tokens", b.max_new_tokens, a.max_new_tokens);
  if (a.device != b.device) return differ("has a token shift with --device", b.device, a.device);
  if (a.dtype != b.dtype) return differ("has a token shift with --dtype", b.dtype, a.dtype);
  // As for runs (docs/ARCHITECTURE.md, "Threads"): the count changes a product's last bits, and with
  // them a greedy choice between near ties.
  if (a.threads != b.threads) return differ("has a token shift that ran with --threads", b.threads, a.threads);
  return versions_difference(a.versions, b.versions, "has a token shift made with", reference);
}

Result<void> check_shift_part(const ShiftPart& first, const ShiftPart& part) {
  if (auto d = shift_difference(first.record, part.record, "the first shard"))
    return fail(ErrorCode::Mismatch,
                "shard session " + part.path + " (" + shift_shards_text(part.record) + ") cannot be merged with " +
                    first.path + ": it " + *d + "; merge only the shards of one token shift",
                part.path);
  return {};
}

Result<std::optional<ShiftPart>> earlier_shift(SessionFile& output, const std::filesystem::path& out,
                                               const ShiftPart& first) {
  auto shift = sharded_shift(output);
  if (!shift) return std::unexpected(shift.error());
  if (!*shift) return std::optional<ShiftPart>();
  if (auto d = shift_difference(**shift, first.record, "the output's merge"))
    return fail(ErrorCode::Mismatch,
                "shard session " + first.path + " (" + shift_shards_text(first.record) + ") cannot be merged into " +
                    out.string() + ", which holds " + shift_shards_text(**shift) + " of another token shift: it " + *d +
                    "; merge into another file",
                first.path);
  return std::optional<ShiftPart>(ShiftPart{out.string(), std::move(**shift)});
}

ShiftFold fold_shifts(const std::optional<ShiftPart>& earlier, const std::vector<ShiftPart>& parts) {
  std::vector<const ShiftPart*> all;
  if (earlier) all.push_back(&*earlier);
  for (const ShiftPart& p : parts) all.push_back(&p);
  const ShiftRecord& first = all.front()->record;
  ShiftFold fold;
  fold.replace_id = earlier ? earlier->record.id : 0;
  ShiftRecord& merged = fold.merged;
  merged = first;  // names, hashes, settings and versions: equal in every part (shift_difference)
  merged.id = 0;
  merged.shards_present.clear();
  merged.shard_sources.clear();
  std::map<std::int64_t, std::string> sources;  // shard -> the session it came from
  for (const ShiftPart* p : all)
    for (std::size_t i = 0; i < p->record.shards_present.size(); ++i) {
      const std::int64_t shard = p->record.shards_present[i];
      if (sources.count(shard)) continue;
      const bool from_output = earlier && p == &*earlier;
      sources[shard] = from_output && i < p->record.shard_sources.size() ? p->record.shard_sources[i] : p->path;
      if (!from_output) fold.added.push_back(shard);
    }
  for (const auto& [shard, source] : sources) {
    merged.shards_present.push_back(shard);
    merged.shard_sources.push_back(source);
  }
  for (std::int64_t s = 0; s < merged.shard_count; ++s)
    if (!sources.count(s)) fold.missing.push_back(s);
  std::sort(fold.added.begin(), fold.added.end());
  for (std::size_t m = 0; m < merged.maps.size(); ++m) {
    std::map<std::int64_t, const ShiftPromptRecord*> prompts;  // by place; the first part holding one wins
    for (const ShiftPart* p : all)
      for (const ShiftPromptRecord& prompt : p->record.maps[m].prompts) prompts.try_emplace(prompt.place, &prompt);
    ShiftMapRecord& out = merged.maps[m];
    out.prompts.clear();
    out.positions = out.unshifted = out.marginal = out.shifted = 0;
    for (const auto& [place, prompt] : prompts) {
      out.prompts.push_back(*prompt);
      // The counts token_shift makes, from the same ranks: unshifted 1, marginal 2 or 3, shifted above.
      for (std::int32_t rank : prompt->base_rank) {
        ++out.positions;
        if (rank == 1) ++out.unshifted;
        else if (rank <= 3) ++out.marginal;
        else ++out.shifted;
      }
    }
  }
  return fold;
}

ShiftMergeReport shift_report(const ShiftFold& fold) {
  ShiftMergeReport s;
  s.shift_id = fold.replace_id;
  s.shard_count = fold.merged.shard_count;
  s.present = fold.merged.shards_present;
  s.missing = fold.missing;
  s.added = fold.added;
  s.prompts = fold.merged.maps.empty() ? 0 : std::int64_t(fold.merged.maps.front().prompts.size());
  s.prompts_total = fold.merged.prompt_count;
  return s;
}

Result<std::int64_t> write_shift_fold(SessionFile& session, const ShiftFold& fold) {
  if (fold.replace_id) {
    if (auto r = replace_token_shift(session, fold.replace_id, fold.merged); !r) return std::unexpected(r.error());
    return fold.replace_id;
  }
  return record_token_shift(session, fold.merged);
}

}  // namespace core::store::detail
