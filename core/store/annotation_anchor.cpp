#include "core/store/annotation_anchor.h"

#include <algorithm>
#include <map>
#include <vector>

#include "core/analysis/text_anchor.h"
#include "core/store/detail/access.h"
#include "core/store/detail/sqlite.h"
#include "core/store/run_reader.h"

namespace core::store {
namespace {

struct Pending {
  std::int64_t id = 0, territory = 0, document = 0, span_start = 0, span_end = 0;
  bool done = false;
  std::int64_t text_start = 0, text_end = 0;
};

// The byte range of the note's token positions [span_start, span_end) (indices into the document's
// tokens, BOS at 0) under `run`'s tokens; an empty span marks the point where its token starts.
std::optional<analysis::TextSpan> text_range(const analysis::RunResult& run, const analysis::DocumentResult& doc,
                                             const Pending& p) {
  const auto spans = analysis::token_spans(run, doc);
  if (spans.empty()) return std::nullopt;
  const int first = int(std::clamp<std::int64_t>(p.span_start - 1, 0, std::int64_t(spans.size()) - 1));
  if (p.span_end <= p.span_start) return analysis::TextSpan{spans[std::size_t(first)].begin, spans[std::size_t(first)].begin};
  const int last = int(std::clamp<std::int64_t>(p.span_end - 2, first, std::int64_t(spans.size()) - 1));
  return analysis::text_of(spans, first, last);
}

}  // namespace

Result<std::int64_t> anchor_token_annotations(SessionFile& session) {
  detail::Connection& c = detail::connection(session);
  std::vector<Pending> pending;
  {
    STORE_ASSIGN(q, c.prepare("SELECT id, territory_id, doc_index, span_start, span_end FROM annotations "
                              "WHERE text_start IS NULL ORDER BY territory_id, id"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      Pending p;
      p.id = q.column_int64(0);
      p.territory = q.column_int64(1);
      p.document = q.column_int64(2);
      p.span_start = q.column_int64(3);
      p.span_end = q.column_int64(4);
      pending.push_back(p);
    }
  }
  if (pending.empty()) return 0;
  std::map<std::int64_t, std::vector<std::int64_t>> runs_of;  // territory -> run ids
  {
    STORE_ASSIGN(q, c.prepare("SELECT territory_id, id FROM runs ORDER BY id"));
    while (true) {
      STORE_ASSIGN(row, q.step());
      if (!row) break;
      runs_of[q.column_int64(0)].push_back(q.column_int64(1));
    }
  }
  RunReader reader(session);
  for (const auto& [territory, runs] : runs_of) {
    for (std::int64_t run_id : runs) {
      const bool open = std::any_of(pending.begin(), pending.end(),
                                    [t = territory](const Pending& p) { return p.territory == t && !p.done; });
      if (!open) break;
      auto run = reader.load_run(run_id);
      if (!run) continue;  // a run that cannot be read converts nothing; another may
      for (Pending& p : pending) {
        if (p.territory != territory || p.done) continue;
        const auto doc = std::find_if(run->documents.begin(), run->documents.end(),
                                      [&p](const analysis::DocumentResult& d) { return d.index == p.document; });
        if (doc == run->documents.end()) continue;
        if (const auto range = text_range(*run, *doc, p)) {
          p.done = true;
          p.text_start = std::int64_t(range->begin);
          p.text_end = std::int64_t(range->end);
        }
      }
    }
  }
  STORE_ASSIGN(tx, detail::Transaction::begin(c, "anchoring notes to the document text"));
  std::int64_t converted = 0;
  for (const Pending& p : pending) {
    if (!p.done) continue;
    STORE_ASSIGN(q, c.prepare("UPDATE annotations SET text_start = ?, text_end = ? WHERE id = ? AND text_start IS NULL"));
    q.bind(1, p.text_start).bind(2, p.text_end).bind(3, p.id);
    STORE_TRY(q.run());
    ++converted;
  }
  STORE_TRY(tx.commit());
  return converted;
}

}  // namespace core::store
