#pragma once
// The things a session file holds besides per-token results, as the values the views show: checkpoints
// (lineage order = vector order), territories, runs, prompts, slices and annotations. A SessionBackend
// reads them on a worker thread; widgets::Session owns the current copy on the GUI thread. Every entry
// carries the store's own id; one the user made since the last save has a provisional, negative id
// until the save returns the store's. Edits go back as core::store::SessionEdits (one transaction,
// by id), never by matching these values against the file.
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/store/records.h"
#include "core/store/token_shifts.h"
#include "widgets/overview/slice.h"

namespace widgets {

struct CheckpointEntry {
  qint64 id = 0;
  QString name;  // what the user calls it (defaults to the folder or file name)
  QString path;
  core::analysis::MapRole role = core::analysis::MapRole::Tuned;
  QString format;  // "hf-safetensors", "llama2c", "torchscript" or empty when not yet inspected
  QString sha256;
  QString notes;
  qint64 parent = 0;  // the checkpoint it was tuned from, as the user set it; 0 = not set (guessed)
  QString config;     // its config.json text as the session recorded it (for the guess), may be empty
  bool operator==(const CheckpointEntry&) const = default;
};

struct TerritoryEntry {
  qint64 id = 0;
  QString source;
  QString contentHash;
  qint64 documents = 0;
  qint64 bytes = 0;
  bool operator==(const TerritoryEntry&) const = default;
};

// The store's run status as the GUI shows it ("Finished" for Complete).
QString toDisplayString(core::store::RunStatus status);

struct RunEntry {
  qint64 id = 0;  // the store's run id (negative: a run not written to a session file)
  QString name;
  core::store::RunStatus status = core::store::RunStatus::Running;
  QString territory;       // source path
  QStringList checkpoints; // display names, base first
  QString prompt;
  QDateTime created;
  QString message;         // why it failed, when it did; which shards a partial merge lacks
  // A sharded run (docs/ARCHITECTURE.md, "Sharded runs"): the territory's shard count and the shards the
  // run holds (counted from 0); shardCount 0 for an ordinary run.
  qint64 shardCount = 0;
  QList<qint64> shardsPresent;
  QList<qint64> missingShards() const;
  bool operator==(const RunEntry&) const = default;
};

// The Status column of a run: its status, and for a sharded run the shards it holds and lacks.
QString runStatusText(const RunEntry& run);

// A prompt of the library. `history` holds every earlier text, oldest first (what the file kept, then
// the texts of edits since); saving keeps each as a version (core::store::PromptEdit).
struct PromptEntry {
  qint64 id = 0;
  QString name;
  QString text;
  QStringList tags;
  QString note;
  QStringList history;
  bool operator==(const PromptEntry&) const = default;
};

struct SliceEntry {
  qint64 id = 0;
  QString name;
  SliceDefinition definition;  // stored as definition.to_json()
  bool operator==(const SliceEntry&) const = default;
};

// A note pinned to a token span of one territory document, so it survives recomputation: the
// territory's content hash, the document index, and token indices [begin, end) into the document's
// tokens (BOS included; scored position p is token p + 1).
struct AnnotationEntry {
  qint64 id = 0;
  QString territoryHash;
  int document = 0;
  QString documentName;
  int begin = 0, end = 0;  // token indices (BOS at 0) under the run it was made in
  // Bytes [textBegin, textEnd) of the document's UTF-8 text: where the note is anchored, whatever the
  // tokenizer (core/analysis/text_anchor.h). -1: a note from before schema 8 that no run could convert,
  // still pinned to the token indices.
  qint64 textBegin = -1, textEnd = -1;
  QString excerpt;  // the span's text when it was made, for the list
  QString note;
  QDateTime created;
  bool operator==(const AnnotationEntry&) const = default;
};

struct SessionContents {
  QString path;
  std::vector<CheckpointEntry> checkpoints;
  std::vector<TerritoryEntry> territories;
  std::vector<RunEntry> runs;
  std::vector<PromptEntry> prompts;
  std::vector<SliceEntry> slices;
  std::vector<AnnotationEntry> annotations;
  std::vector<core::store::ShiftRecord> shifts;  // recorded token shifts, oldest first
  QJsonObject viewState;  // current run, document, token, map, slice
  QStringList warnings;   // what the user should know about this opening (read-only, skipped entries)
};

}  // namespace widgets
