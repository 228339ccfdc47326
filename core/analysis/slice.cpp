#include "core/analysis/slice.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace core::analysis {
namespace {

using json = nlohmann::json;

constexpr const char* kind_key(SliceDefinition::Kind kind) {
  switch (kind) {
    case SliceDefinition::Kind::Threshold: return "threshold";
    case SliceDefinition::Kind::Metadata: return "metadata";
    case SliceDefinition::Kind::Regex: return "regex";
    case SliceDefinition::Kind::Lasso: return "lasso";
    case SliceDefinition::Kind::And: return "and";
    case SliceDefinition::Kind::Or: return "or";
    case SliceDefinition::Kind::Not: return "not";
    case SliceDefinition::Kind::Reference: return "ref";
  }
  return "threshold";
}

// Readers as lenient as the QJsonValue accessors the GUI used: a wrong type reads as the default.
std::string string_at(const json& o, const char* key) {
  const auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}
double number_at(const json& o, const char* key, double fallback) {
  const auto it = o.find(key);
  return it != o.end() && it->is_number() ? it->get<double>() : fallback;
}

Result<int> resolve_map(const RunResult& run, const SliceDefinition& d) {
  for (std::size_t i = 0; i < run.maps.size(); ++i)
    if (!d.map.empty() && run.maps[i].name == d.map) return int(i);
  if (d.map.empty() && d.map_index >= 0 && std::size_t(d.map_index) < run.maps.size()) return d.map_index;
  return fail(ErrorCode::NotFound, "the slice asks for map '" + (d.map.empty() ? std::to_string(d.map_index) : d.map) +
                                       "', which this run does not have");
}

// A compiled pattern, freed with its match data.
struct Pattern {
  pcre2_code* code = nullptr;
  pcre2_match_data* match = nullptr;
  ~Pattern() {
    if (match) pcre2_match_data_free(match);
    if (code) pcre2_code_free(code);
  }
};

Result<std::unique_ptr<Pattern>> compile(const SliceDefinition& d) {
  // UTF-8 with the options QRegularExpression used (UTF, caseless unless asked, no UCP), so a
  // pattern saved by earlier versions keeps matching the same text. Invalid UTF-8 in a document
  // never matches instead of failing the whole slice.
  const std::uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (d.case_sensitive ? 0u : PCRE2_CASELESS);
  int error = 0;
  PCRE2_SIZE offset = 0;
  auto p = std::make_unique<Pattern>();
  p->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(d.pattern.data()), d.pattern.size(), options, &error,
                          &offset, nullptr);
  if (!p->code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    return fail(ErrorCode::InvalidInput, "the regular expression /" + d.pattern + "/ is not valid", {},
                std::string(reinterpret_cast<const char*>(message)) + " at offset " + std::to_string(offset));
  }
  // No JIT: PCRE2 10.42's JIT misses matches under PCRE2_MATCH_INVALID_UTF ("\\S+$" on "café 東京"
  // finds nothing), and a slice is evaluated once per digest, where the interpreter is fast enough.
  p->match = pcre2_match_data_create_from_pattern(p->code, nullptr);
  return p;
}

// Flags every token of `text` that overlaps a non-empty match.
void flag_matches(const Pattern& p, const DocumentText& text, std::vector<std::uint8_t>& flags) {
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.text.data());
  const std::size_t size = text.text.size();
  std::size_t from = 0;
  while (from <= size) {
    // NOTEMPTY: the leftmost non-empty match, the one a global match that skips empty ones keeps.
    const int rc = pcre2_match(p.code, subject, size, from, PCRE2_NOTEMPTY, p.match, nullptr);
    if (rc < 0) break;  // no more matches (or a resource limit: the rest is not kept)
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(p.match);
    const std::size_t begin = ov[0], end = ov[1];
    if (end <= begin) break;
    // The tokens whose [offset, next offset) overlaps [begin, end).
    auto first = std::upper_bound(text.offsets.begin(), text.offsets.end() - 1, begin);
    std::size_t t = std::size_t(std::max<std::ptrdiff_t>(0, first - text.offsets.begin() - 1));
    for (; t + 1 < text.offsets.size() && text.offsets[t] < end; ++t)
      if (text.offsets[t + 1] > begin) flags[t] = 1;
    from = end;
  }
}

// Integral values as integers ("2", not "2.0"), as QJsonDocument wrote them.
json number_json(double v) {
  if (std::isfinite(v) && v == std::trunc(v) && std::abs(v) < 9.0e15) return json(std::int64_t(v));
  return json(v);
}

std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

}  // namespace

bool PositionSet::contains_document(int document) const {
  if (document < 0 || std::size_t(document) >= flags.size()) return false;
  const auto& f = flags[std::size_t(document)];
  return std::find(f.begin(), f.end(), std::uint8_t(1)) != f.end();
}

bool PositionSet::contains_whole_document(int document) const {
  if (document < 0 || std::size_t(document) >= flags.size()) return false;
  const auto& f = flags[std::size_t(document)];
  return !f.empty() && std::find(f.begin(), f.end(), std::uint8_t(0)) == f.end();
}

PositionSet PositionSet::sized(const RunResult& run) {
  PositionSet s;
  s.flags.resize(run.documents.size());
  for (std::size_t d = 0; d < run.documents.size(); ++d) s.flags[d].assign(run.documents[d].scored(), 0);
  return s;
}

namespace {

json to_value(const SliceDefinition& d) {
  using Kind = SliceDefinition::Kind;
  json o{{"kind", kind_key(d.kind)}};
  switch (d.kind) {
    case Kind::Threshold:
      o["metric"] = std::string(info(d.metric).key);
      o["map"] = d.map;
      o["map_index"] = d.map_index;
      o["op"] = d.comparison == SliceDefinition::Comparison::Above ? ">" : "<";
      o["value"] = number_json(d.value);
      break;
    case Kind::Metadata:
      o["field"] = d.field;
      o["values"] = d.values;
      break;
    case Kind::Regex:
      o["pattern"] = d.pattern;
      o["case_sensitive"] = d.case_sensitive;
      break;
    case Kind::Lasso: {
      json points = json::array();
      for (const SlicePoint& p : d.polygon) points.push_back({number_json(p.x), number_json(p.y)});
      o["polygon"] = points;
      break;
    }
    case Kind::And:
    case Kind::Or:
    case Kind::Not: {
      json of = json::array();
      for (const SliceDefinition& operand : d.operands) of.push_back(to_value(operand));
      o["of"] = of;
      break;
    }
    case Kind::Reference: o["slice"] = d.reference; break;
  }
  return o;
}

}  // namespace

std::string SliceDefinition::to_json() const {
  // Keys sorted, as QJsonDocument wrote them; text from a user is kept even if it is not valid UTF-8.
  return to_value(*this).dump(-1, ' ', false, json::error_handler_t::replace);
}



namespace {

Result<SliceDefinition> from_value(const json& o, int depth) {
  using Kind = SliceDefinition::Kind;
  using Comparison = SliceDefinition::Comparison;
  auto missing = [](const char* field) {
    return fail(ErrorCode::InvalidInput, std::string("slice definition lacks '") + field + "'");
  };
  if (!o.is_object())
    return fail(ErrorCode::InvalidInput, "a slice definition is not a JSON object: " + o.dump().substr(0, 80));
  if (depth > kMaxSliceDepth)
    return fail(ErrorCode::InvalidInput,
                "a combined slice nests deeper than " + std::to_string(kMaxSliceDepth) + " levels");
  SliceDefinition d;
  const std::string kind = string_at(o, "kind");
  if (kind == "threshold") {
    d.kind = Kind::Threshold;
    const auto metric = position_metric_from_key(string_at(o, "metric"));
    if (!metric) return missing("metric");
    d.metric = *metric;
    if (!o.contains("value")) return missing("value");
    d.map = string_at(o, "map");
    d.map_index = int(number_at(o, "map_index", 1));
    d.comparison = string_at(o, "op") == "<" ? Comparison::Below : Comparison::Above;
    d.value = number_at(o, "value", 0);
  } else if (kind == "metadata") {
    d.kind = Kind::Metadata;
    d.field = string_at(o, "field");
    if (d.field.empty()) return missing("field");
    if (const auto it = o.find("values"); it != o.end() && it->is_array())
      for (const json& v : *it) d.values.push_back(v.is_string() ? v.get<std::string>() : std::string());
  } else if (kind == "regex") {
    d.kind = Kind::Regex;
    d.pattern = string_at(o, "pattern");
    if (d.pattern.empty()) return missing("pattern");
    const auto it = o.find("case_sensitive");
    d.case_sensitive = it != o.end() && it->is_boolean() && it->get<bool>();
  } else if (kind == "lasso") {
    d.kind = Kind::Lasso;
    if (const auto it = o.find("polygon"); it != o.end() && it->is_array())
      for (const json& v : *it) {
        if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) return missing("polygon");
        d.polygon.push_back({v[0].get<double>(), v[1].get<double>()});
      }
    if (d.polygon.size() < 3) return missing("polygon");
  } else if (kind == "and" || kind == "or" || kind == "not") {
    d.kind = kind == "and" ? Kind::And : kind == "or" ? Kind::Or : Kind::Not;
    const auto it = o.find("of");
    if (it == o.end() || !it->is_array() || it->empty()) return missing("of");
    if (d.kind == Kind::Not && it->size() != 1)
      return fail(ErrorCode::InvalidInput, "a 'not' slice takes exactly one operand, not " + std::to_string(it->size()));
    for (const json& v : *it) {
      auto operand = from_value(v, depth + 1);
      if (!operand) return std::unexpected(operand.error());
      d.operands.push_back(std::move(*operand));
    }
  } else if (kind == "ref") {
    d.kind = Kind::Reference;
    d.reference = string_at(o, "slice");
    if (d.reference.empty()) return missing("slice");
  } else {
    return fail(ErrorCode::Unsupported, "unknown slice kind '" + kind + "'");
  }
  return d;
}

}  // namespace

Result<SliceDefinition> SliceDefinition::from_json(std::string_view text) {
  // The parser's own depth is bounded too: nlohmann recurses per level, so refuse absurd nesting first.
  int level = 0, deepest = 0;
  for (char ch : text) {
    if (ch == '[' || ch == '{') deepest = std::max(deepest, ++level);
    else if (ch == ']' || ch == '}') --level;
  }
  if (deepest > 4 * kMaxSliceDepth + 8)
    return fail(ErrorCode::InvalidInput,
                "a combined slice nests deeper than " + std::to_string(kMaxSliceDepth) + " levels");
  const json o = json::parse(text, nullptr, false);
  if (o.is_discarded() || !o.is_object())
    return fail(ErrorCode::InvalidInput, "a slice definition is not a JSON object: " + std::string(text.substr(0, 80)));
  return from_value(o, 0);
}

std::string describe(const SliceDefinition& d) {
  switch (d.kind) {
    case SliceDefinition::Kind::Threshold:
      return std::string(info(d.metric).label) + " of " + (d.map.empty() ? "map " + std::to_string(d.map_index) : d.map) +
             (d.comparison == SliceDefinition::Comparison::Above ? " > " : " < ") + number_text(d.value);
    case SliceDefinition::Kind::Metadata: {
      std::string values;
      for (const std::string& v : d.values) values += (values.empty() ? "" : ", ") + v;
      return d.field + " ∈ {" + values + "}";
    }
    case SliceDefinition::Kind::Regex: return "text matches /" + d.pattern + "/" + (d.case_sensitive ? "" : "i");
    case SliceDefinition::Kind::Lasso:
      return "lasso of " + std::to_string(d.polygon.size()) + " vertices on the projection";
    case SliceDefinition::Kind::And:
    case SliceDefinition::Kind::Or: {
      std::string out;
      for (const SliceDefinition& o : d.operands)
        out += (out.empty() ? "(" : d.kind == SliceDefinition::Kind::And ? " and (" : " or (") + describe(o) + ")";
      return out;
    }
    case SliceDefinition::Kind::Not: return "not (" + (d.operands.empty() ? std::string() : describe(d.operands[0])) + ")";
    case SliceDefinition::Kind::Reference: return "slice “" + d.reference + "”";
  }
  return {};
}

namespace {

Result<SliceDefinition> resolve(const SliceDefinition& d, const NamedSlices& named, std::vector<std::string>& chain) {
  if (d.kind == SliceDefinition::Kind::Reference) {
    const auto cycle = std::find(chain.begin(), chain.end(), d.reference);
    if (cycle != chain.end()) {
      std::string path;
      for (auto it = cycle; it != chain.end(); ++it) path += *it + " → ";
      return fail(ErrorCode::InvalidInput, "slice “" + d.reference + "” refers to itself: " + path + d.reference);
    }
    const auto it = named.find(d.reference);
    if (it == named.end())
      return fail(ErrorCode::NotFound, "the slice refers to “" + d.reference + "”, which the session does not hold" +
                                           (chain.empty() ? std::string() : " (in slice “" + chain.back() + "”)"));
    chain.push_back(d.reference);
    auto out = resolve(it->second, named, chain);
    chain.pop_back();
    return out;
  }
  if (!d.combination()) return d;
  if (chain.size() > std::size_t(kMaxSliceDepth))
    return fail(ErrorCode::InvalidInput, "a combined slice nests deeper than " + std::to_string(kMaxSliceDepth) + " levels");
  SliceDefinition out = d;
  for (SliceDefinition& operand : out.operands) {
    auto r = resolve(operand, named, chain);
    if (!r) return r;
    operand = std::move(*r);
  }
  return out;
}

}  // namespace

void rename_references(SliceDefinition& d, std::string_view from, std::string_view to) {
  if (d.kind == SliceDefinition::Kind::Reference && d.reference == from) d.reference = std::string(to);
  for (SliceDefinition& operand : d.operands) rename_references(operand, from, to);
}

Result<SliceDefinition> resolve_references(const SliceDefinition& definition, const NamedSlices& named,
                                           std::string_view self) {
  std::vector<std::string> chain;
  if (!self.empty()) chain.emplace_back(self);
  return resolve(definition, named, chain);
}

Result<void> check_pattern(const SliceDefinition& d) {
  auto pattern = compile(d);
  if (!pattern) return std::unexpected(pattern.error());
  return {};
}

bool keeps_metadata(const SliceDefinition& d, const std::map<std::string, std::string>& metadata) {
  const auto it = metadata.find(d.field);
  return it != metadata.end() && std::find(d.values.begin(), d.values.end(), it->second) != d.values.end();
}

DocumentText document_text(const RunResult& run, const DocumentResult& doc) {
  DocumentText t;
  const std::size_t n = doc.scored();
  t.offsets.reserve(n + 1);
  for (std::size_t p = 0; p < n; ++p) {
    t.offsets.push_back(t.text.size());
    const std::int32_t id = doc.tokens[p + 1];
    if (id >= 0 && std::size_t(id) < run.token_texts.size()) t.text += run.token_texts[std::size_t(id)];
  }
  t.offsets.push_back(t.text.size());
  return t;
}

bool polygon_contains(const std::vector<SlicePoint>& polygon, double x, double y) {
  if (polygon.empty()) return false;
  // Crossings of a ray to the left of the point, as QPolygonF::containsPoint counts them: an edge
  // counts when y is in [y1, y2) and it crosses at or left of x; (nearly) horizontal edges never count.
  int winding = 0;
  auto edge = [&](SlicePoint a, SlicePoint b) {
    if (std::abs(a.y - b.y) * 1e12 <= std::min(std::abs(a.y), std::abs(b.y))) return;  // qFuzzyCompare
    if (b.y < a.y) std::swap(a, b);
    if (y >= a.y && y < b.y && a.x + (b.x - a.x) / (b.y - a.y) * (y - a.y) <= x) ++winding;
  };
  for (std::size_t i = 1; i < polygon.size(); ++i) edge(polygon[i - 1], polygon[i]);
  if (!(polygon.back() == polygon.front())) edge(polygon.back(), polygon.front());
  return winding % 2 != 0;
}

Result<PositionSet> evaluate_slice(const RunResult& run, const SliceDefinition& d) {
  PositionSet s = PositionSet::sized(run);
  switch (d.kind) {
    case SliceDefinition::Kind::Threshold: {
      auto map = resolve_map(run, d);
      if (!map) return std::unexpected(map.error());
      for (std::size_t doc = 0; doc < run.documents.size(); ++doc) {
        if (run.documents[doc].scored() == 0) continue;
        auto read = document_with_tracks(run, doc, false);
        if (!read) return std::unexpected(read.error());
        const DocumentResult& document = **read;
        for (std::size_t p = 0; p < document.scored(); ++p) {
          const float v = position_value(document, *map, int(p), d.metric);
          if (!std::isfinite(v)) continue;
          const bool keep = d.comparison == SliceDefinition::Comparison::Above ? v > d.value : v < d.value;
          if (keep) s.flags[doc][p] = 1;
        }
      }
      break;
    }
    case SliceDefinition::Kind::Metadata:
      for (std::size_t doc = 0; doc < run.documents.size(); ++doc)
        if (keeps_metadata(d, run.documents[doc].metadata))
          std::fill(s.flags[doc].begin(), s.flags[doc].end(), std::uint8_t(1));
      break;
    case SliceDefinition::Kind::Regex: {
      auto pattern = compile(d);
      if (!pattern) return std::unexpected(pattern.error());
      for (std::size_t doc = 0; doc < run.documents.size(); ++doc)
        flag_matches(**pattern, document_text(run, run.documents[doc]), s.flags[doc]);
      break;
    }
    case SliceDefinition::Kind::And:
    case SliceDefinition::Kind::Or:
    case SliceDefinition::Kind::Not: {
      if (d.operands.empty() || (d.kind == SliceDefinition::Kind::Not && d.operands.size() != 1))
        return fail(ErrorCode::InvalidInput, "a combined slice lacks its operands: " + describe(d));
      for (std::size_t i = 0; i < d.operands.size(); ++i) {
        auto part = evaluate_slice(run, d.operands[i]);
        if (!part) return part;
        for (std::size_t doc = 0; doc < s.flags.size(); ++doc) {
          auto& into = s.flags[doc];
          const auto& from = part->flags[doc];
          for (std::size_t p = 0; p < into.size(); ++p) {
            if (d.kind == SliceDefinition::Kind::Not) into[p] = std::uint8_t(!from[p]);
            else if (d.kind == SliceDefinition::Kind::Or) into[p] = std::uint8_t(into[p] | from[p]);
            else into[p] = std::uint8_t(i == 0 ? from[p] : into[p] & from[p]);
          }
        }
      }
      break;
    }
    case SliceDefinition::Kind::Reference:
      return fail(ErrorCode::InvalidInput, "the slice refers to “" + d.reference +
                                               "”, which was not looked up among the session's slices");
    case SliceDefinition::Kind::Lasso: {
      if (d.polygon.empty()) break;
      double x0 = d.polygon[0].x, x1 = x0, y0 = d.polygon[0].y, y1 = y0;
      for (const SlicePoint& p : d.polygon) {
        x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
      }
      for (const ProjectionPoint& pt : run.projection.points) {
        if (pt.x < x0 || pt.x > x1 || pt.y < y0 || pt.y > y1 || !polygon_contains(d.polygon, pt.x, pt.y)) continue;
        if (std::size_t(pt.document) < s.flags.size() &&
            std::size_t(pt.position) < s.flags[std::size_t(pt.document)].size())
          s.flags[std::size_t(pt.document)][std::size_t(pt.position)] = 1;
      }
      break;
    }
  }
  for (const auto& f : s.flags) s.count += std::count(f.begin(), f.end(), std::uint8_t(1));
  return s;
}

}  // namespace core::analysis
