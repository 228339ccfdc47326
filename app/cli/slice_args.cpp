#include "app/cli/slice_args.h"

#include <charconv>

#include "core/analysis/digest.h"
#include "core/store/library.h"
#include "core/store/session_file.h"

namespace cli {
namespace {

using core::analysis::SliceDefinition;

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

std::optional<double> parse_number(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// METRIC>VALUE[@MAP] or METRIC<VALUE[@MAP]; MAP is a name or an index (default 1, the first tuned map).
std::optional<SliceDefinition> parse_threshold(const std::string& rule) {
  const std::size_t op = rule.find_first_of("<>");
  if (op == std::string::npos) return std::nullopt;
  const auto metric = core::analysis::position_metric_from_key(rule.substr(0, op));
  if (!metric) return std::nullopt;
  std::string rest = rule.substr(op + 1);
  std::string map;
  if (const std::size_t at = rest.find('@'); at != std::string::npos) {
    map = rest.substr(at + 1);
    rest.resize(at);
  }
  const auto value = parse_number(rest);
  if (!value) return std::nullopt;
  SliceDefinition d;
  d.kind = SliceDefinition::Kind::Threshold;
  d.metric = *metric;
  d.comparison = rule[op] == '>' ? SliceDefinition::Comparison::Above : SliceDefinition::Comparison::Below;
  d.value = *value;
  if (const auto index = parse_number(map); index && *index >= 0 && *index == double(int(*index))) {
    d.map_index = int(*index);
  } else {
    d.map = map;  // empty: map_index 1
  }
  return d;
}

std::optional<SliceDefinition> parse_rule(const std::string& rule) {
  SliceDefinition d;
  if (starts_with(rule, "metadata:")) {
    const std::string body = rule.substr(9);
    const std::size_t eq = body.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    d.kind = SliceDefinition::Kind::Metadata;
    d.field = body.substr(0, eq);
    std::string values = body.substr(eq + 1);
    for (std::size_t from = 0;;) {
      const std::size_t comma = values.find(',', from);
      d.values.push_back(values.substr(from, comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    return d;
  }
  for (const auto& [prefix, case_sensitive] : {std::pair{"regex:", false}, std::pair{"regex-case:", true}})
    if (starts_with(rule, prefix)) {
      d.kind = SliceDefinition::Kind::Regex;
      d.pattern = rule.substr(std::string_view(prefix).size());
      d.case_sensitive = case_sensitive;
      if (d.pattern.empty()) return std::nullopt;
      return d;
    }
  return parse_threshold(rule);
}

}  // namespace

std::string slice_help() {
  std::string metrics;
  for (const auto& m : core::analysis::position_metrics()) metrics += (metrics.empty() ? "" : ", ") + std::string(m.key);
  return "Restrict the output to a slice: the name or id of a slice saved in --session (by the GUI), a JSON "
         "definition as the session stores it (combinations {\"kind\":\"and\"|\"or\"|\"not\",\"of\":[...]} whose operands "
         "may name saved slices as {\"kind\":\"ref\",\"slice\":\"NAME\"}), or a rule: metadata:FIELD=V1,V2 (whole documents), "
         "regex:PATTERN (PCRE2 on the text rebuilt from the tokens, case-insensitive) or regex-case:PATTERN, "
         "METRIC>VALUE[@MAP] or METRIC<VALUE[@MAP] (METRIC: " + metrics + "; MAP: a map's name or index, "
         "default 1, the first tuned map). Summaries are computed over the slice's positions only, as the GUI's "
         "Overview does (bits/byte and temperature are null when the slice cuts documents); per-document output "
         "lists only documents with kept positions, and score --json only the kept tokens (each with its "
         "\"position\"); the JSON gains a \"slice\" object";
}

void add_slice_options(CLI::App& cmd, SliceArgs& args, bool has_session) {
  cmd.add_option("--slice", args.spec, slice_help());
  if (!has_session)
    cmd.add_option("--session", args.session, "A session file whose saved slices --slice can name (read only)")
        ->check(CLI::ExistingFile);
}

core::Result<std::optional<ResolvedSlice>> resolve_slice(const SliceArgs& args) {
  if (args.spec.empty()) return std::nullopt;
  // The session's saved slices, by name: what --slice names and what combined slices refer to.
  std::vector<core::store::SliceRecord> saved;
  core::analysis::NamedSlices named;
  if (!args.session.empty()) {
    auto session = core::store::SessionFile::open(
        args.session, args.writes_session ? core::store::OpenMode::ReadWrite : core::store::OpenMode::ReadOnly);
    if (!session) return std::unexpected(session.error());
    core::store::Library library(*session);
    auto slices = library.slices();
    if (!slices) return std::unexpected(slices.error());
    saved = std::move(*slices);
    for (const core::store::SliceRecord& r : saved)
      if (auto d = SliceDefinition::from_json(r.definition_json)) named.emplace(r.name, std::move(*d));
  }
  // A combined slice's references are replaced by the slices they name (the GUI does the same).
  auto resolved = [&](const std::string& name, const SliceDefinition& d,
                      std::string_view self) -> core::Result<std::optional<ResolvedSlice>> {
    auto full = core::analysis::resolve_references(d, named, self);
    if (!full) return std::unexpected(args.session.empty() ? full.error() : core::with_path(full.error(), args.session));
    return ResolvedSlice{name, std::move(*full)};
  };
  if (args.spec.front() == '{') {
    auto d = SliceDefinition::from_json(args.spec);
    if (!d) return std::unexpected(d.error());
    return resolved(core::analysis::describe(*d), *d, {});
  }
  std::string names;
  const auto id = parse_number(args.spec);
  for (const core::store::SliceRecord& r : saved)
    if (r.name == args.spec || (id && double(r.id) == *id)) {
      auto d = SliceDefinition::from_json(r.definition_json);
      if (!d) return std::unexpected(core::with_path(d.error(), args.session));
      return resolved(r.name, *d, r.name);
    }
  for (const core::store::SliceRecord& r : saved) names += (names.empty() ? "" : ", ") + ("\"" + r.name + "\"");
  if (auto d = parse_rule(args.spec)) return ResolvedSlice{args.spec, *d};
  if (args.session.empty())
    return core::fail(core::ErrorCode::InvalidInput,
                      "--slice \"" + args.spec + "\" is not a slice rule; to name a saved slice, give --session");
  return core::fail(core::ErrorCode::NotFound,
                    "no slice \"" + args.spec + "\" in the session, and it is not a slice rule; saved slices: " +
                        (names.empty() ? "none" : names),
                    args.session);
}

core::Result<SlicedRun> apply_slice(const core::analysis::RunResult& run, const ResolvedSlice& slice) {
  auto positions = core::analysis::evaluate_slice(run, slice.definition);
  if (!positions) return std::unexpected(positions.error());
  SlicedRun out;
  out.positions = std::move(*positions);
  // Default quadrant thresholds, as a session that never changed them (the GUI's default too).
  auto summaries = core::analysis::summarize_positions(run, &out.positions, {});
  if (!summaries) return std::unexpected(summaries.error());
  out.summaries = std::move(*summaries);
  for (const auto& d : run.documents) out.total += std::int64_t(d.scored());
  return out;
}

nlohmann::json slice_json(const ResolvedSlice& slice, const SlicedRun& sliced) {
  return {{"name", slice.name},
          {"description", core::analysis::describe(slice.definition)},
          {"definition", nlohmann::json::parse(slice.definition.to_json())},
          {"positions", sliced.positions.count},
          {"of", sliced.total}};
}

}  // namespace cli
