#pragma once
// Synthetic runs with known values for the session store's tests: every value is a closed-form
// function of (document, map, position, field), so a reader can check what it reads without keeping
// the run that was written. Includes the awkward values a store must keep: NaN, infinities, -0,
// empty strings, multi-byte UTF-8, documents with no scored position.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/store/detail/document_statistics.h"
#include "core/store/records.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"

namespace storetest {

using namespace core::analysis;

inline float value(std::int64_t doc, std::size_t map, std::size_t pos, int field) {
  return float(std::sin(double(doc) * 131.0 + double(map) * 17.0 + double(pos) * 3.0 + field) * 10.0);
}

// Tokens of a document: its length is 1 + scored.
inline std::int64_t scored_of(std::int64_t doc) { return doc == 2 ? 0 : 5 + (doc * 7) % 23; }

struct Fixture {
  RunResult run;                        // header + documents (with tracks and samples) + summaries
  core::store::TerritoryRecord territory;
};

inline MapTrack make_track(std::int64_t doc, std::size_t map, std::size_t n, bool zoom, int top_k) {
  MapTrack t;
  auto fill = [&](std::vector<float>& v, int field) {
    v.resize(n);
    for (std::size_t p = 0; p < n; ++p) v[p] = value(doc, map, p, field);
  };
  fill(t.logp, 1);
  fill(t.entropy, 2);
  fill(t.confidence, 3);
  fill(t.sum_p2, 4);
  t.rank.resize(n);
  for (std::size_t p = 0; p < n; ++p) t.rank[p] = std::int32_t(1 + (doc * 1000003 + std::int64_t(p) * 7919 + std::int64_t(map)) % 32000);
  if (map > 0) {
    fill(t.kl_bt, 5);
    fill(t.kl_tb, 6);
    fill(t.js, 7);
    if (zoom && map == 1) fill(t.kl_tz, 8);
    if (map == 1) fill(t.added_mass, 9);
  }
  if (n > 0 && doc == 1) {  // values a naive store would lose
    t.logp[0] = -std::numeric_limits<float>::infinity();
    t.entropy[0] = std::numeric_limits<float>::quiet_NaN();
    t.confidence[0] = -0.0f;
  }
  t.top_k = top_k;
  t.top_ids.resize(n * std::size_t(top_k));
  t.top_p.resize(n * std::size_t(top_k));
  for (std::size_t i = 0; i < t.top_ids.size(); ++i) {
    t.top_ids[i] = std::int32_t((doc * 31 + std::int64_t(i) * 17 + std::int64_t(map)) % 32000);
    t.top_p[i] = std::abs(value(doc, map, i, 10)) / 10.0f;
  }
  for (std::size_t j = 0; j < t.temperature_stats.size(); ++j) t.temperature_stats[j] = std::exp(double(j) * 0.37 + double(doc)) / 3.0;
  return t;
}

inline DocumentResult make_document(std::int64_t doc, std::size_t maps, bool zoom, int top_k, int hidden = 4) {
  DocumentResult d;
  d.index = doc;
  d.name = "doc-" + std::to_string(doc) + (doc % 2 ? ".md" : ".txt");
  d.metadata = {{"split", doc % 2 ? "odd" : "even"}, {"author", "Zoë \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac"}};
  if (doc == 0) d.metadata.clear();
  const std::int64_t n = scored_of(doc);
  d.byte_length = 3 * (n + 1) + doc;
  d.tokens.resize(std::size_t(n + 1));
  for (std::size_t i = 0; i < d.tokens.size(); ++i) d.tokens[i] = std::int32_t(i == 0 ? 1 : (doc * 97 + std::int64_t(i) * 13) % 32000);
  for (std::size_t m = 0; m < maps; ++m) {
    DocumentStats s;
    s.tokens = n;
    s.nll_mean = 1.5 + double(doc) / 7 + double(m) / 3;
    s.entropy_mean = 2.25 + double(m);
    s.top1_accuracy = 0.125 * double(m + 1);
    if (m > 0) s.kl_bt_mean = 0.1 * double(doc + 1), s.kl_tb_mean = 0.2 / double(doc + 1), s.js_mean = 1.0 / 3.0, s.kl_max = 7.5;
    s.bits_per_byte = doc == 2 ? std::numeric_limits<double>::quiet_NaN() : 1.0 / double(doc + 3);
    d.stats.push_back(s);
    d.maps.push_back(make_track(doc, m, std::size_t(n), zoom, top_k));
  }
  for (std::int64_t p = 0; p < n; p += 3) d.sample_positions.push_back(std::int32_t(p));
  for (std::size_t i = 0; i < d.sample_positions.size() * std::size_t(hidden); ++i) d.samples.push_back(value(doc, 0, i, 11));
  return d;
}

inline MapInfo make_map(const std::string& name, MapRole role, const std::string& sha) {
  MapInfo m;
  m.name = name;
  m.role = role;
  m.path = "/models/" + name;
  m.format = "llama2c";
  m.architecture = "llama";
  m.dtype = "float32";
  m.sha256 = sha;
  m.config_json = R"({"dim":64,"n_layers":5})";
  m.parameters = 260000;
  m.vocab_size = 512;
  m.context_length = 512;
  return m;
}

// A run over `documents` documents of a territory named `source`: base, tuned (with 3 added ids),
// and with a prompt a zoomed base.
inline Fixture make_fixture(std::int64_t documents, bool prompt = true, const std::string& source = "/data/corpus.jsonl") {
  Fixture f;
  RunResult& r = f.run;
  r.settings.top_k = 3;
  r.settings.context = 256;
  r.settings.stride = 128;
  r.settings.batch = 4;
  r.settings.threads = 2;
  r.settings.device = "cpu";
  r.settings.prompt = prompt ? "You are a helpful assistant.\n" : "";
  r.settings.projection_samples = 1000;
  r.settings.seed = 18446744073709551557ull;  // beyond int64: must survive JSON
  r.maps.push_back(make_map("stories260K", MapRole::Base, "aaaa0001"));
  r.maps.push_back(make_map("aidreams260K", MapRole::Tuned, "bbbb0002"));
  r.maps[1].added_vocab = 3;
  if (prompt) {
    r.maps.push_back(make_map("stories260K + prompt", MapRole::Zoomed, "aaaa0001"));
    r.maps.back().path = r.maps[0].path;
  }
  r.token_texts = {"<unk>", "", std::string("\0", 1), "\xc3\xa9t\xc3\xa9", " the", "\n"};
  r.warnings = {"document 3 was truncated to 256 tokens"};
  r.versions = {{"cartograph", "0.1.0"}, {"libtorch", "1.13.1"}, {"sqlite", "3.40.1"}};
  r.window = 256;
  r.stride = 128;
  const std::size_t maps = r.maps.size();
  for (std::int64_t d = 0; d < documents; ++d) r.documents.push_back(make_document(d, maps, prompt, r.settings.top_k));
  for (std::size_t m = 0; m < maps; ++m) {
    MapSummary s;
    s.tokens = 1234 + std::int64_t(m);
    s.bytes = 5678;
    s.nll_mean = 2.0 / 3.0 + double(m);
    s.perplexity = std::exp(s.nll_mean);
    s.bits_per_byte = 0.1 + double(m);
    s.delta_nll = m ? 0.25 : 0.0;
    s.kl_bt_mean = 0.01 * double(m);
    s.kl_tb_mean = 0.02 * double(m);
    s.js_mean = 0.003;
    s.entropy_mean = 1.75;
    s.delta_entropy = -0.5;
    s.ece = 0.0625;
    s.brier = 0.3;
    s.top1_accuracy = 0.4;
    s.temperature = 1.2;
    s.added_mass_mean = m == 1 ? 1e-7 : 0.0;
    s.k0 = 0.5;
    s.kp = 0.25;
    s.zoom_recovered = m == 2 ? std::numeric_limits<double>::quiet_NaN() : 0.5;
    s.has_zoom = prompt && m == 1;
    for (std::size_t b = 0; b < s.reliability.size(); ++b)
      s.reliability[b] = {std::int64_t(b * 10 + m), double(b) * 0.7, double(b) * 0.3};
    s.quadrants = {100, 20, 3};
    if (m == 0) s.perplexity = std::numeric_limits<double>::infinity();
    r.summaries.push_back(s);
  }
  for (int i = 0; i < 20; ++i)
    r.projection.points.push_back({std::int32_t(i % std::max<std::int64_t>(documents, 1)), i, value(i, 0, 0, 12), value(i, 0, 0, 13)});
  r.projection.explained[0] = 0.4;
  r.projection.explained[1] = 0.2;

  f.territory.source = source;
  f.territory.content_hash = "hash-of-" + source + "-" + std::to_string(documents);
  for (const DocumentResult& d : r.documents) {
    core::store::DocumentRecord doc;
    doc.index = d.index;
    doc.name = d.name;
    doc.metadata = d.metadata;
    doc.text = std::string(std::size_t(d.byte_length), 'a' + char(d.index % 26));
    doc.byte_length = d.byte_length;
    f.territory.documents.push_back(std::move(doc));
  }
  r.territory.source = source;
  r.territory.content_hash = f.territory.content_hash;
  r.territory.documents = documents;
  r.territory.bytes = 0;
  for (const auto& d : r.documents) r.territory.bytes += d.byte_length;
  return f;
}

// The run as load_run returns it: documents without tracks or samples.
inline RunResult without_tracks(RunResult r) {
  for (auto& d : r.documents) {
    d.maps.clear();
    d.sample_positions.clear();
    d.samples.clear();
  }
  return r;
}

// A new session at `file` holding the fixture's run, complete; its id in `run_id`.
inline void write_finished_run(const std::filesystem::path& file, const Fixture& f, std::int64_t& run_id) {
  auto s = core::store::SessionFile::create(file);
  ASSERT_TRUE(s) << s.error().what();
  core::store::RunWriter writer(*s);
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run) << run.error().what();
  ASSERT_TRUE(writer.commit_documents(*run, f.run.documents));
  ASSERT_TRUE(writer.finish_run(*run, f.run.summaries, f.run.projection, core::store::RunStatus::Complete));
  run_id = *run;
}

// Runs SQL on a session file behind the store's back (to build damaged or foreign files).
inline void raw_exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// Turns a session back into schema 11's layout of statistics (a `document_stats` row per document and
// map, no `run_documents.stats`), keeping every value, so a test can build a session as that schema
// wrote it; the caller sets `PRAGMA user_version` with the rest of its changes.
inline void undo_schema_twelve(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  const auto exec = [&](const char* sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
  };
  exec("BEGIN; CREATE TABLE document_stats (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
       "doc_index INTEGER NOT NULL, map_index INTEGER NOT NULL, tokens INTEGER NOT NULL, nll_mean REAL, "
       "entropy_mean REAL, top1_accuracy REAL, kl_bt_mean REAL, kl_tb_mean REAL, js_mean REAL, kl_max REAL, "
       "bits_per_byte REAL, PRIMARY KEY (run_id, doc_index, map_index)) WITHOUT ROWID;");
  sqlite3_stmt *rows = nullptr, *insert = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT run_id, doc_index, stats FROM run_documents", -1, &rows, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO document_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert,
                               nullptr),
            SQLITE_OK);
  while (sqlite3_step(rows) == SQLITE_ROW) {
    const auto* bytes = static_cast<const std::byte*>(sqlite3_column_blob(rows, 2));
    const std::size_t size = std::size_t(sqlite3_column_bytes(rows, 2));
    std::vector<core::analysis::DocumentStats> stats;
    ASSERT_TRUE(core::store::detail::unpack_statistics(std::span(bytes, size),
                                                       size / core::store::detail::kStatisticsBytesPerMap, stats));
    for (std::size_t m = 0; m < stats.size(); ++m) {
      const auto& st = stats[m];
      sqlite3_bind_int64(insert, 1, sqlite3_column_int64(rows, 0));
      sqlite3_bind_int64(insert, 2, sqlite3_column_int64(rows, 1));
      sqlite3_bind_int64(insert, 3, std::int64_t(m));
      sqlite3_bind_int64(insert, 4, st.tokens);
      int column = 5;
      for (const double v : {st.nll_mean, st.entropy_mean, st.top1_accuracy, st.kl_bt_mean, st.kl_tb_mean, st.js_mean,
                             st.kl_max, st.bits_per_byte}) {
        if (std::isnan(v)) sqlite3_bind_null(insert, column++);  // as that schema's writer stored a NaN
        else sqlite3_bind_double(insert, column++, v);
      }
      EXPECT_EQ(sqlite3_step(insert), SQLITE_DONE);
      sqlite3_reset(insert);
    }
  }
  sqlite3_finalize(rows);
  sqlite3_finalize(insert);
  exec("ALTER TABLE run_documents DROP COLUMN stats; COMMIT;");
  sqlite3_close(db);
}

}  // namespace storetest
