#pragma once
// The token shift job of the Studio (docs/ARCHITECTURE.md, "Token shift"): what the user chose (the
// session's base map, its tuned maps, a set of library prompts, tokens per prompt) and the work a
// JobsModel worker does with it: load the maps, run core::analysis::token_shift once per tuned map
// over the prompts, and turn the result into the store's ShiftRecord (token texts included) for the
// session to keep. Qt-free values in, a Qt-free value out; runs on a worker thread.
#include <QString>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/store/token_shifts.h"

namespace widgets {

struct ShiftRequest {
  struct Map {
    QString name, path;
  };
  struct Prompt {
    qint64 id = 0;  // the session's prompt id (negative: not saved yet)
    QString name, text;
  };
  Map base;
  std::vector<Map> tuned;
  std::vector<Prompt> prompts;
  qint64 maxNewTokens = 64;
};

// One sentence naming what is wrong with the request before any work (no tuned map, no prompt, a
// prompt that is empty or a template with {fields}), or an empty string.
QString shiftRequestProblem(const ShiftRequest& request);

// Loads the maps and computes the token shift of every tuned map over the prompts (in order).
// The record's prompt_version_id fields are 0: the store resolves them when it records.
core::Result<core::store::ShiftRecord> computeShift(const ShiftRequest& request, core::Job& job);

}  // namespace widgets
