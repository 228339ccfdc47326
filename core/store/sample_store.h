#pragma once
// core::store::SampleStore: the studio's sample sets in a session (schema 5, tables `sample_sets` and
// `sample_columns`; docs/ARCHITECTURE.md, "Session schema"). A set is written whole in one transaction
// once sampled and cross-scored, and read back as it was, so reopening a session shows the columns
// and their colours without recomputing anything.
//
// Holds a reference to its SessionFile (which must outlive it); same thread affinity as the SessionFile.
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/sample_set.h"
#include "core/error.h"
#include "core/store/session_file.h"

namespace core::store {

// What a list of sample sets shows without reading the columns.
struct SampleSetEntry {
  std::int64_t id = 0;
  std::int64_t created_ms = 0;
  std::string prompt;
  std::vector<std::string> labels;  // the columns' labels, in order
};

class SampleStore {
 public:
  explicit SampleStore(SessionFile& session) : session_(session) {}

  // Returns the new set's id. Refuses a set whose columns' scores do not match its columns.
  Result<std::int64_t> save(const analysis::SampleSet& set);
  Result<std::vector<SampleSetEntry>> list();  // newest first
  Result<analysis::SampleSet> load(std::int64_t id);
  Result<void> remove(std::int64_t id);

 private:
  SessionFile& session_;
};

}  // namespace core::store
