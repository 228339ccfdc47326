#pragma once
// widgets::RunRequest: what the user asked a run to do (the Run dialog's outcome), and the rules it must
// satisfy before the engine sees it. Plain values and pure functions: the dialog only edits a request
// and shows validate()'s findings.
#include <QString>
#include <QStringList>
#include <functional>

#include "core/analysis/run_result.h"

namespace widgets {

struct RunRequest {
  QString base;             // checkpoint path of the base map
  QStringList tuned;        // checkpoint paths of the tuned maps, in lineage order
  QString territory;        // a .txt, .jsonl or a folder of .txt/.md files
  QString nameField;        // JSONL: the field naming each document; empty = guess name, title, id, else first words
  QString prompt;           // conditioning prompt for the zoomed base map; empty = no zoom
  QString tokenizer;        // a tokenizer file every map uses instead of its own; empty = each map's own
  QString name;             // display name of the run; empty = made up from the maps
  QString sessionPath;      // the open session file the run is written to (set by the launcher); empty = none
  core::analysis::RunSettings settings;  // top_k, context (window), stride, threads, device, batch, dtype
  bool trustTorchScript = false;  // the user confirmed that its TorchScript checkpoints may run their code

  // Every path the run reads (for checks and for the run's provenance).
  QStringList checkpoints() const { return QStringList{base} + tuned; }
  // "base → sft → rl on corpus.jsonl": a name when the user gave none.
  QString displayName() const;
};

struct RunRequestProblem {
  enum class Field { Base, Tuned, Tokenizer, Territory, Prompt, TopK, Window, Stride, Threads, Device, Dtype, Batch };
  Field field;
  QString message;  // one sentence a user can act on
};

// How the validator sees the file system (injected so it can be tested without files).
struct PathProbe {
  std::function<bool(const QString&)> exists;
  static PathProbe fileSystem();
};

// The request's checkpoints that are TorchScript modules (.pt, .pth, .ts files): loading one runs the
// code it holds, so the dialog asks the user to trust them first.
QStringList torchScriptCheckpoints(const RunRequest& request);

// Every problem with `request`, empty when it can run. Checks: a base and at least one tuned map,
// no checkpoint twice, every path exists (the tokenizer's too, when one is given), top-k in 1..1000,
// window 0 (automatic) or ≥ 2, stride 0 (automatic) or 1..window, threads 0 (one per core) or more,
// device "cpu" or "cuda", dtype auto/float32/float16/bfloat16, batch ≥ 1.
std::vector<RunRequestProblem> validate(const RunRequest& request, const PathProbe& probe);

}  // namespace widgets
