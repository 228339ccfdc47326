#pragma once
// core::store::Catalog: the checkpoints (maps) and territories a session knows, independent of runs.
// Checkpoints are identified by the sha256 of their weights, territories by their content hash:
// adding one that is already there returns the existing id, so reruns share rows.
//
// Holds a reference to its SessionFile (which must outlive it); same thread affinity as the SessionFile.
// Every write is one transaction: on failure nothing changed.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/store/records.h"
#include "core/store/session_file.h"

namespace core::store {

class Catalog {
 public:
  explicit Catalog(SessionFile& session) : session_(session) {}

  // Adds a checkpoint, or finds the one with the same sha256 (or, when sha256 is empty, the same
  // path) and records `record.path` as its latest location (bringing it back into the lineage if the
  // user had removed it). The user's name, role, order and notes of
  // an existing checkpoint are kept. Returns its id.
  Result<std::int64_t> add_checkpoint(const CheckpointRecord& record);
  Result<std::optional<CheckpointRecord>> find_checkpoint(const std::string& sha256);
  Result<CheckpointRecord> checkpoint(std::int64_t id);
  // The checkpoints of the user's lineage, in its order (then by id). A checkpoint removed from the
  // lineage while runs refer to it is not listed, but checkpoint(id) still reads it (edits.h).
  Result<std::vector<CheckpointRecord>> checkpoints();
  Result<void> rename_checkpoint(std::int64_t id, const std::string& name);
  Result<void> set_checkpoint_role(std::int64_t id, MapRole role);
  Result<void> set_checkpoint_notes(std::int64_t id, const std::string& notes);
  // Sets lineage_order to 0, 1, 2, ... in the order given; checkpoints not listed keep theirs.
  Result<void> set_lineage_order(std::span<const std::int64_t> ids_in_order);

  // Adds a territory with its documents and texts, or finds the one with the same content hash.
  Result<std::int64_t> add_territory(const TerritoryRecord& territory);
  Result<std::optional<std::int64_t>> find_territory(const std::string& content_hash);
  // A territory's fields without its documents (documents is empty; document_count and bytes set).
  Result<TerritoryRecord> territory(std::int64_t id);
  Result<std::vector<TerritoryRecord>> territories();
  // Every document's index, name, byte length and metadata, in index order, without texts.
  Result<std::vector<DocumentRecord>> documents(std::int64_t territory_id);
  Result<std::string> document_text(std::int64_t territory_id, std::int64_t document_index);

 private:
  SessionFile& session_;
};

}  // namespace core::store
