#include "core/store/execute_shift.h"

#include "core/analysis/engine.h"
#include "core/analysis/map_names.h"
#include "core/analysis/shift.h"

namespace core::store {
namespace {

Result<model::Checkpoint> load_map(const ShiftOrder& order, const ShiftOrder::Map& map, Job& job) {
  model::LoadOptions load = order.load;
  if (!map.tokenizer.empty()) load.tokenizer = map.tokenizer;
  if (order.shard) load.hash_weights = true;  // merge tells shards of one shift apart by these hashes
  auto checkpoint = model::load_checkpoint(map.path, load, job);
  if (!checkpoint) return std::unexpected(checkpoint.error());
  if (!checkpoint->tokenizer)
    return fail(ErrorCode::NotFound, "this map has no tokenizer to encode the prompts with (give one with --tokenizer)",
                map.path.string());
  return checkpoint;
}

// A prompt from a file has no library name: its first line, shortened, names it in the Studio.
std::string prompt_name(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 48) line = line.substr(0, 48) + "…";
  return line.empty() ? std::string("prompt") : line;
}

}  // namespace

Result<ExecutedShift> execute_shift(const ShiftOrder& order, Job& job) {
  if (order.prompts.empty()) return fail(ErrorCode::InvalidInput, "no prompts to decode from");
  if (order.tuned.empty()) return fail(ErrorCode::InvalidInput, "a token shift needs a tuned map");
  if (order.shard && order.session_path.empty())
    return fail(ErrorCode::InvalidInput, "a shard of a token shift is recorded in a session; name one");
  auto base = load_map(order, order.base, job);
  if (!base) return std::unexpected(base.error());
  std::vector<model::Checkpoint> tuned;
  for (const ShiftOrder::Map& m : order.tuned) {
    auto t = load_map(order, m, job);
    if (!t) return std::unexpected(t.error());
    tuned.push_back(std::move(*t));
  }
  std::vector<const model::CheckpointInfo*> infos{&base->info};
  std::vector<std::string> given{order.base.name};
  for (std::size_t i = 0; i < tuned.size(); ++i) {
    infos.push_back(&tuned[i].info);
    given.push_back(order.tuned[i].name);
  }
  const std::vector<std::string> names = analysis::distinct_map_names(infos, given);

  // The prompts this process decodes, by their places in the whole set.
  std::vector<std::int64_t> places;
  if (order.shard) {
    std::vector<std::int64_t> tokens;
    for (const std::string& p : order.prompts) tokens.push_back(std::int64_t(base->tokenizer->encode(p).size()));
    const auto shard_of = analysis::shard_prompts(tokens, order.max_new_tokens, order.shard->count);
    for (std::size_t i = 0; i < shard_of.size(); ++i)
      if (shard_of[i] == order.shard->index) places.push_back(std::int64_t(i));
  } else {
    for (std::size_t i = 0; i < order.prompts.size(); ++i) places.push_back(std::int64_t(i));
  }
  std::vector<std::string> texts;
  for (std::int64_t p : places) texts.push_back(order.prompts[std::size_t(p)]);

  std::optional<SessionFile> session;
  if (!order.session_path.empty()) {  // opened before the work: a file that cannot be written fails now
    auto opened = SessionFile::open(order.session_path, order.session_mode);
    if (!opened) return std::unexpected(opened.error());
    if (opened->read_only())
      return fail(ErrorCode::ReadOnly, "the session is read-only; the token shift would not be recorded",
                  order.session_path.string());
    session.emplace(std::move(*opened));
  }

  ExecutedShift out;
  ShiftRecord& record = out.record;
  record.base_name = names[0];
  record.base_path = base->info.path;
  record.base_sha256 = base->info.sha256;
  record.max_new_tokens = order.max_new_tokens;
  record.prompts_sha256 = analysis::prompt_set_sha256(order.prompts);
  record.prompt_count = std::int64_t(order.prompts.size());
  analysis::RunSettings settings;
  settings.device = order.load.device;
  record.device = order.load.device;
  record.dtype = std::string(model::to_string(order.load.dtype));
  record.threads = order.threads;
  record.versions = analysis::run_versions(settings);
  if (order.shard) {
    record.shard_count = order.shard->count;
    record.shards_present = {order.shard->index};
    record.shard_sources = {std::string()};
  }
  analysis::ShiftOptions options;
  options.max_new_tokens = order.max_new_tokens;
  for (std::size_t t = 0; t < tuned.size(); ++t) {
    ShiftMapRecord m;
    m.name = names[t + 1];
    m.path = tuned[t].info.path;
    m.sha256 = tuned[t].info.sha256;
    std::vector<std::string> decoded;
    if (!texts.empty()) {  // a shard may hold no prompt when there are more shards than prompts
      auto shift = analysis::token_shift(*base, tuned[t], texts, options, job);
      if (!shift) {
        Error e = shift.error();
        if (e.code != ErrorCode::Cancelled && tuned.size() > 1) e.message = m.name + ": " + e.message;
        return std::unexpected(std::move(e));
      }
      m.positions = shift->positions;
      m.unshifted = shift->unshifted;
      m.marginal = shift->marginal;
      m.shifted = shift->shifted;
      for (std::size_t i = 0; i < shift->prompts.size(); ++i) {
        const analysis::PromptShift& ps = shift->prompts[i];
        ShiftPromptRecord p;
        p.place = places[i];
        p.prompt_name = prompt_name(ps.prompt);
        p.prompt_text = ps.prompt;
        p.generated = ps.generated;
        p.base_rank = ps.base_rank;
        for (std::int32_t id : ps.generated) p.tokens.push_back(tuned[t].tokenizer->token_text(id));
        decoded.push_back(tuned[t].tokenizer->decode(ps.generated));
        m.prompts.push_back(std::move(p));
      }
    }
    record.maps.push_back(std::move(m));
    out.generated_text.push_back(std::move(decoded));
  }
  if (session) {
    auto id = record_token_shift(*session, record);
    if (!id) return std::unexpected(id.error());
    out.shift_id = *id;
  }
  return out;
}

}  // namespace core::store
