// Aggregates of a zoom run (see zoom_run.h): prompt × map rows over any positions, best prompts.
#include <algorithm>
#include <fstream>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "core/analysis/zoom_run.h"

namespace core::analysis {
namespace {

struct Sums {
  std::int64_t tokens = 0;
  double k0 = 0, kp = 0;
};

ZoomRow finish(int prompt, int map, const Sums& s) {
  ZoomRow r;
  r.prompt = prompt, r.map = map, r.tokens = s.tokens;
  if (s.tokens > 0) {
    r.k0 = s.k0 / double(s.tokens);
    r.kp = s.kp / double(s.tokens);
    r.zoom_recovered = r.k0 > 0 ? 1.0 - r.kp / r.k0 : std::numeric_limits<double>::quiet_NaN();
  } else {
    r.zoom_recovered = std::numeric_limits<double>::quiet_NaN();
  }
  return r;
}

// Sums of K_0 and K_P per document, [document][prompt * tuned maps + map - 1], over each document's
// positions (all, or the slice's). Each document's tracks are read once (the source may have been
// opened without them, track_cache.h); a document whose tracks cannot be read counts no positions.
std::vector<std::vector<Sums>> document_sums(const ZoomResult& zoom, const RunResult& source, const PositionSet* slice) {
  const std::size_t tuned = zoom.map_names.size();
  std::vector<std::vector<Sums>> out(source.documents.size(), std::vector<Sums>(zoom.prompts.size() * tuned));
  for (std::size_t d = 0; d < source.documents.size(); ++d) {
    if (source.documents[d].scored() == 0 || (slice && !slice->contains_document(int(d)))) continue;
    const auto doc = document_with_tracks(source, d, false);
    if (!doc) continue;
    for (std::size_t p = 0; p < zoom.prompts.size(); ++p)
      for (std::size_t m = 1; m <= tuned && m < (*doc)->maps.size(); ++m) {
        const auto& kl_tb = (*doc)->maps[m].kl_tb;
        if (d >= zoom.kl_tz[p][m - 1].size()) continue;
        const auto& kl_tz = zoom.kl_tz[p][m - 1][d];
        Sums& s = out[d][p * tuned + m - 1];
        for (std::size_t i = 0; i < kl_tz.size() && i < kl_tb.size(); ++i) {
          if (slice && !slice->contains(int(d), int(i))) continue;
          ++s.tokens;
          s.k0 += double(kl_tb[i]);
          s.kp += double(kl_tz[i]);
        }
      }
  }
  return out;
}

void operator+=(Sums& a, const Sums& b) {
  a.tokens += b.tokens;
  a.k0 += b.k0;
  a.kp += b.kp;
}

// The best prompt for each group of documents (`group_of` returns false to leave a document out).
template <class GroupOf>
std::vector<BestPrompt> best_by(const ZoomResult& zoom, const RunResult& source, const PositionSet* slice,
                                GroupOf group_of) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t d = 0; d < source.documents.size(); ++d) {
    std::string g;
    if (!group_of(source.documents[d], g)) continue;
    if (!groups.count(g)) order.push_back(g);
    groups[g].push_back(d);
  }
  const auto sums = document_sums(zoom, source, slice);
  const std::size_t tuned = zoom.map_names.size();
  std::vector<BestPrompt> out;
  for (const std::string& g : order)
    for (int m = 1; m <= int(tuned); ++m) {
      BestPrompt b{g, m, {}};
      bool any = false;
      for (std::size_t p = 0; p < zoom.prompts.size(); ++p) {
        Sums s;
        for (std::size_t d : groups[g]) s += sums[d][p * tuned + std::size_t(m) - 1];
        const ZoomRow r = finish(int(p), m, s);
        if (!any || r.zoom_recovered > b.best.zoom_recovered) b.best = r, any = true;
      }
      out.push_back(b);
    }
  return out;
}

}  // namespace

std::vector<ZoomRow> zoom_rows(const ZoomResult& zoom, const RunResult& source, const PositionSet* slice) {
  const auto sums = document_sums(zoom, source, slice);
  const std::size_t tuned = zoom.map_names.size();
  std::vector<ZoomRow> rows;
  for (std::size_t p = 0; p < zoom.prompts.size(); ++p)
    for (int m = 1; m <= int(tuned); ++m) {
      Sums s;
      for (const auto& document : sums) s += document[p * tuned + std::size_t(m) - 1];
      rows.push_back(finish(int(p), m, s));
    }
  return rows;
}

std::vector<BestPrompt> best_per_document(const ZoomResult& zoom, const RunResult& source, const PositionSet* slice) {
  return best_by(zoom, source, slice, [](const DocumentResult& d, std::string& g) {
    g = d.name;
    return true;
  });
}

std::vector<BestPrompt> best_per_value(const ZoomResult& zoom, const RunResult& source, const std::string& field,
                                       const PositionSet* slice) {
  return best_by(zoom, source, slice, [&field](const DocumentResult& d, std::string& g) {
    auto it = d.metadata.find(field);
    if (it == d.metadata.end()) return false;
    g = it->second;
    return true;
  });
}

}  // namespace core::analysis

namespace core::analysis {

Result<std::vector<ZoomPrompt>> read_zoom_prompts(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::NotFound, "cannot open the prompt file", path.string());
  std::vector<ZoomPrompt> prompts;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    ZoomPrompt p;
    if (line[first] == '{') {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("prompt") || !j["prompt"].is_string())
        return fail(ErrorCode::InvalidInput,
                    "line " + std::to_string(number) + " is a JSON line without a \"prompt\" string", path.string());
      p.text = j["prompt"].get<std::string>();
      if (j.contains("name") && j["name"].is_string()) p.name = j["name"].get<std::string>();
    } else {
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
          p.text += '\n';
          ++i;
        } else {
          p.text += line[i];
        }
      }
    }
    prompts.push_back(std::move(p));
  }
  if (prompts.empty()) return fail(ErrorCode::InvalidInput, "the prompt file holds no prompt", path.string());
  return prompts;
}

}  // namespace core::analysis
