#include "widgets/studio/shiftjob.h"

#include <QCoreApplication>

#include "core/analysis/prompt_template.h"
#include "core/analysis/shift.h"
#include "core/model/checkpoint.h"

namespace widgets {
namespace {

// A class lupdate can see, so that these strings reach translations/ (a function wrapping
// QCoreApplication::translate hid them from it).
struct ShiftJobText {
  Q_DECLARE_TR_FUNCTIONS(ShiftJob)
};

core::Result<core::model::Checkpoint> loadShiftMap(const ShiftRequest::Map& map, core::Job& job) {
  core::model::LoadOptions options;
  options.hash_weights = false;  // the results name the map by path; hashing would only cost time
  auto checkpoint = core::model::load_checkpoint(map.path.toStdString(), options, job);
  if (!checkpoint) return std::unexpected(checkpoint.error());
  if (!checkpoint->tokenizer)
    return core::fail(core::ErrorCode::NotFound,
                      "map \u201c" + map.name.toStdString() + "\u201d has no tokenizer to decode with",
                      map.path.toStdString());
  return checkpoint;
}

}  // namespace

QString shiftRequestProblem(const ShiftRequest& request) {
  if (request.base.path.isEmpty()) return ShiftJobText::tr("The session has no base map.");
  if (request.tuned.empty()) return ShiftJobText::tr("The session has no tuned map to compare with the base.");
  if (request.prompts.empty()) return ShiftJobText::tr("Choose at least one prompt.");
  if (request.maxNewTokens < 1) return ShiftJobText::tr("Decode at least one token per prompt.");
  for (const ShiftRequest::Prompt& p : request.prompts) {
    if (p.text.trimmed().isEmpty()) return ShiftJobText::tr("Prompt “%1” is empty.").arg(p.name);
    const auto parts = core::analysis::parse_prompt_template(p.name.toStdString(), p.text.toStdString());
    if (!parts) return QString::fromStdString(parts.error().message);
    if (!core::analysis::template_fields(*parts).empty())
      return ShiftJobText::tr("Prompt “%1” is a template with {fields}; token shift decodes from fixed prompts, so fill it "
                     "in a copy first.")
          .arg(p.name);
  }
  return {};
}

core::Result<core::store::ShiftRecord> computeShift(const ShiftRequest& request, core::Job& job) {
  if (const QString problem = shiftRequestProblem(request); !problem.isEmpty())
    return core::fail(core::ErrorCode::InvalidInput, problem.toStdString());
  std::vector<std::string> texts;
  for (const ShiftRequest::Prompt& p : request.prompts) {
    // The template syntax's escapes are the prompt's literal braces.
    auto parts = core::analysis::parse_prompt_template(p.name.toStdString(), p.text.toStdString());
    auto text = core::analysis::expand_prompt(p.name.toStdString(), *parts, {});
    texts.push_back(*text);
  }
  auto base = loadShiftMap(request.base, job);
  if (!base) return std::unexpected(base.error());
  core::store::ShiftRecord record;
  record.base_name = request.base.name.toStdString();
  record.base_path = request.base.path.toStdString();
  record.max_new_tokens = request.maxNewTokens;
  core::analysis::ShiftOptions options;
  options.max_new_tokens = request.maxNewTokens;
  for (const ShiftRequest::Map& map : request.tuned) {
    auto tuned = loadShiftMap(map, job);
    if (!tuned) return std::unexpected(tuned.error());
    auto shift = core::analysis::token_shift(*base, *tuned, texts, options, job);
    if (!shift) {
      core::Error e = shift.error();
      if (e.code != core::ErrorCode::Cancelled) e.message = map.name.toStdString() + ": " + e.message;
      return std::unexpected(std::move(e));
    }
    core::store::ShiftMapRecord m;
    m.name = map.name.toStdString();
    m.path = map.path.toStdString();
    m.positions = shift->positions;
    m.unshifted = shift->unshifted;
    m.marginal = shift->marginal;
    m.shifted = shift->shifted;
    for (std::size_t i = 0; i < shift->prompts.size(); ++i) {
      const core::analysis::PromptShift& ps = shift->prompts[i];
      core::store::ShiftPromptRecord p;
      p.prompt_name = request.prompts[i].name.toStdString();
      p.prompt_text = request.prompts[i].text.toStdString();
      p.generated = ps.generated;
      p.base_rank = ps.base_rank;
      for (std::int32_t id : ps.generated) p.tokens.push_back(tuned->tokenizer->token_text(id));
      m.prompts.push_back(std::move(p));
    }
    record.maps.push_back(std::move(m));
  }
  return record;
}

}  // namespace widgets
