#include "tests/support/run_session.h"

#include <algorithm>
#include <span>

#include "core/store/run_writer.h"
#include "core/store/session_file.h"

namespace testsupport {

core::store::TerritoryRecord territory_of(const core::analysis::RunResult& run) {
  core::store::TerritoryRecord territory;
  territory.source = run.territory.source;
  territory.content_hash = run.territory.content_hash;
  for (const auto& d : run.documents) {
    core::store::DocumentRecord r;
    r.index = d.index;
    r.name = d.name;
    r.byte_length = d.byte_length;
    r.metadata = d.metadata;
    for (std::size_t t = 1; t < d.tokens.size(); ++t) r.text += run.token_texts[std::size_t(d.tokens[t])];
    territory.documents.push_back(std::move(r));
  }
  return territory;
}

core::Result<std::int64_t> write_run_session(const std::filesystem::path& path, const core::analysis::RunResult& run,
                                             int batches) {
  auto session = core::store::SessionFile::create(path);
  if (!session) return std::unexpected(session.error());
  core::store::RunWriter writer(*session);
  auto id = writer.begin_run(run, territory_of(run));
  if (!id) return std::unexpected(id.error());
  const std::span<const core::analysis::DocumentResult> all(run.documents);
  const std::size_t n = all.size(), parts = std::size_t(std::max(1, batches));
  for (std::size_t b = 0, at = 0; b < parts; ++b) {
    const std::size_t count = n / parts + (b >= parts - n % parts ? 1 : 0);
    if (auto ok = writer.commit_documents(*id, all.subspan(at, count)); !ok) return std::unexpected(ok.error());
    at += count;
  }
  if (auto ok = writer.finish_run(*id, run.summaries, run.projection, core::store::RunStatus::Complete); !ok)
    return std::unexpected(ok.error());
  return *id;
}

}  // namespace testsupport
