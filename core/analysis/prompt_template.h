#pragma once
// Prompt templates (docs/ARCHITECTURE.md, "Prompt library"): a prompt's text may hold `{field}`
// placeholders, filled per document from the territory's metadata (e.g. "[{category}]\n" becomes
// "[zippy]\n" before a zippy fortune). A field name starts with a letter or '_' and goes on with
// letters, digits, '_', '-' or '.'; any other brace is plain text (so code and JSON in a prompt stay
// as written), and `{{` and `}}` always stand for one literal brace. A prompt with no placeholder
// expands to itself (its escapes resolved) for every document.
//
// Pure functions over strings; thread-safe.
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace core::analysis {

// One piece of a parsed template: literal text, or a field to fill.
struct TemplatePart {
  bool field = false;
  std::string text;  // the literal text, or the field's name
};

// Parses `text` into literal text and fields. Every text parses (a brace that opens no placeholder is
// text); the Result leaves room for stricter syntax later.
Result<std::vector<TemplatePart>> parse_prompt_template(const std::string& prompt_name, const std::string& text);

// The fields a template uses, in order of first use, without repeats.
std::vector<std::string> template_fields(const std::vector<TemplatePart>& parts);

// The template filled from one document's metadata. NotFound when a field is missing, naming the
// prompt, the field and the document.
Result<std::string> expand_prompt(const std::string& prompt_name, const std::vector<TemplatePart>& parts,
                                  const std::map<std::string, std::string>& metadata,
                                  const std::string& document_name = {});

// What a template needs from a territory's documents.
struct TemplateDocument {
  std::string name;
  std::map<std::string, std::string> metadata;
};

// The template filled for every document, in order. Checks every document before filling any: when
// a field is missing from some documents, ONE NotFound error names the prompt, the field and those
// documents (the first few, then how many more).
Result<std::vector<std::string>> expand_prompt_for_documents(const std::string& prompt_name, const std::string& text,
                                                             const std::vector<TemplateDocument>& documents);

}  // namespace core::analysis
