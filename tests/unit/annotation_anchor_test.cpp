// Annotations anchored to the document text: a note made on the tokens of one tokenizer lands on the
// same characters under another (a GPT-2-style byte-level BPE and a SentencePiece vocabulary with its
// dummy prefix and byte fallback, worked out by hand), and notes from before schema 8 are converted with
// the tokens of a stored run when the session is opened.
#include <gtest/gtest.h>

#include "core/analysis/text_anchor.h"
#include "core/store/catalog.h"
#include "core/store/library.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

namespace {

using core::analysis::TextSpan;

// A run of one document whose scored tokens are `pieces` (token 0 is BOS) over `text`.
core::analysis::RunResult anchorRun(const std::string& text, const std::vector<std::string>& pieces) {
  core::analysis::RunResult run;
  run.token_texts = {"<s>"};
  core::analysis::DocumentResult doc;
  doc.text = text;
  doc.tokens = {0};
  for (const std::string& p : pieces) {
    doc.tokens.push_back(std::int32_t(run.token_texts.size()));
    run.token_texts.push_back(p);
  }
  run.documents.push_back(doc);
  return run;
}

std::string coveredText(const core::analysis::RunResult& run, std::pair<int, int> tokens) {
  const auto spans = core::analysis::token_spans(run, run.documents[0]);
  const TextSpan s = core::analysis::text_of(spans, tokens.first, tokens.second);
  return run.documents[0].text.substr(s.begin, s.end - s.begin);
}

const std::string kAnchorText = "The café sat on the mat.\nIt purred.";

// GPT-2 style: spaces belong to the next token, "é" is its own token.
const std::vector<std::string> kAnchorBpe = {"The", " caf", "é", " sat", " on", " the", " mat", ".", "\n", "It", " pur", "red", "."};
// SentencePiece (llama2.c): a dummy-prefix space before the first word and after the newline, other
// splits, and "é" as two byte tokens shown as "<0xC3>" "<0xA9>" (not valid UTF-8 alone).
const std::vector<std::string> kAnchorSpm = {" The", " c", "af", "<0xC3>", "<0xA9>", " s", "at", " on", " the",
                                       " m", "at", ".", "\n", " It", " p", "ur", "red", "."};

}  // namespace

TEST(TextAnchor, EachTokenizerTokensAreAlignedToTheBytesTheyStandFor) {
  const auto bpe = anchorRun(kAnchorText, kAnchorBpe);
  const auto spans = core::analysis::token_spans(bpe, bpe.documents[0]);
  ASSERT_EQ(spans.size(), kAnchorBpe.size());
  EXPECT_EQ(spans[0], (TextSpan{0, 3}));
  EXPECT_EQ(spans[1], (TextSpan{3, 7}));
  EXPECT_EQ(spans[2], (TextSpan{7, 9})) << "é is two bytes";
  EXPECT_EQ(spans.back(), (TextSpan{kAnchorText.size() - 1, kAnchorText.size()}));
  const auto spm = anchorRun(kAnchorText, kAnchorSpm);
  const auto s = core::analysis::token_spans(spm, spm.documents[0]);
  ASSERT_EQ(s.size(), kAnchorSpm.size());
  EXPECT_EQ(s[0], (TextSpan{0, 3})) << "the dummy-prefix space is not in the text";
  EXPECT_EQ(s[3], (TextSpan{7, 9})) << "byte tokens cover the bytes up to the next token found";
  EXPECT_EQ(s[4], (TextSpan{7, 9}));
  EXPECT_EQ(s[5], (TextSpan{9, 11}));
  EXPECT_EQ(s[13], (TextSpan{26, 28})) << "\" It\" after the newline: \"It\"";
}

TEST(TextAnchor, ANoteMadeUnderOneTokenizerCoversTheSameCharactersUnderAnother) {
  const auto bpe = anchorRun(kAnchorText, kAnchorBpe), spm = anchorRun(kAnchorText, kAnchorSpm);
  // The user selects " café sat" in the BPE run: scored positions 1..3.
  const auto bpeSpans = core::analysis::token_spans(bpe, bpe.documents[0]);
  const TextSpan note = core::analysis::text_of(bpeSpans, 1, 3);
  EXPECT_EQ(kAnchorText.substr(note.begin, note.end - note.begin), " café sat");
  // Under SentencePiece the note covers " c", "af", the two byte tokens, " s", "at": the same characters.
  const auto spmSpans = core::analysis::token_spans(spm, spm.documents[0]);
  const auto tokens = core::analysis::positions_of(spmSpans, note.begin, note.end);
  ASSERT_TRUE(tokens);
  EXPECT_EQ(*tokens, (std::pair{1, 6}));
  EXPECT_EQ(coveredText(spm, *tokens), " café sat");
  // And back: "purred" selected under SentencePiece (" p", "ur", "red") is " pur", "red" under BPE.
  const TextSpan purred = core::analysis::text_of(spmSpans, 14, 16);
  const auto back = core::analysis::positions_of(bpeSpans, purred.begin, purred.end);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, (std::pair{10, 11}));
  EXPECT_EQ(coveredText(bpe, *back), " purred");
  // A range inside one token selects that token; a range past the text selects none.
  EXPECT_EQ(core::analysis::positions_of(bpeSpans, 4, 5), (std::pair{1, 1}));
  EXPECT_EQ(core::analysis::positions_of(bpeSpans, 500, 600), std::nullopt);
}

TEST(TextAnchor, NotesFromBeforeSchema8AreConvertedWithAStoredRunsTokens) {
  testsupport::TempDir dir;
  const auto file = dir / "notes.cartograph";
  auto f = storetest::make_fixture(3);
  // Document 1: tokens alternating " the" (id 4) and "été" (id 3), its text exactly what they spell.
  auto& doc = f.run.documents[1];
  std::string text;
  for (std::size_t t = 1; t < doc.tokens.size(); ++t) {
    doc.tokens[t] = t % 2 ? 4 : 3;
    text += f.run.token_texts[std::size_t(doc.tokens[t])];
  }
  ASSERT_GE(doc.scored(), 8u);
  f.territory.documents[1].text = text;
  f.territory.documents[1].byte_length = std::int64_t(text.size());
  doc.byte_length = std::int64_t(text.size());
  std::int64_t point = 0, lost = 0;
  {
    auto s = core::store::SessionFile::create(file);
    ASSERT_TRUE(s);
    core::store::RunWriter writer(*s);
    auto run = writer.begin_run(f.run, f.territory);
    ASSERT_TRUE(run);
    ASSERT_TRUE(writer.commit_documents(*run, f.run.documents));
    ASSERT_TRUE(writer.finish_run(*run, f.run.summaries, f.run.projection, core::store::RunStatus::Complete));
    auto territory = core::store::Catalog(*s).find_territory(f.territory.content_hash);
    ASSERT_TRUE(territory && *territory);
    core::store::Library library(*s);
    // Written as schema 7 did: token indices [4, 9) (BOS at 0), no text range.
    auto note = library.add_annotation(**territory, 1, 4, 9, "pinned to tokens");
    ASSERT_TRUE(note);
    EXPECT_EQ(note->text_start, -1);
    point = library.add_annotation(**territory, 1, 2, 2, "a point")->id;
    lost = library.add_annotation(**territory, 2, 1, 2, "a document no run has tokens for")->id;
  }
  auto s = core::store::SessionFile::open(file);  // the conversion runs on opening
  ASSERT_TRUE(s);
  auto territory = core::store::Catalog(*s).find_territory(f.territory.content_hash);
  auto notes = core::store::Library(*s).annotations(**territory);
  ASSERT_TRUE(notes);
  ASSERT_EQ(notes->size(), 3u);
  for (const auto& a : *notes) {
    if (a.id == lost) {
      EXPECT_EQ(a.text_start, -1) << "kept token-anchored";
      EXPECT_EQ(a.span_start, 1);
    } else if (a.id == point) {
      // Token index 2 = scored position 1 ("été" at bytes 4..9): an empty range where it starts.
      EXPECT_EQ(a.text_start, 4);
      EXPECT_EQ(a.text_end, 4);
    } else {
      // Scored positions 3..7: position k starts at 9·(k/2) + 4·(k%2); position 7 ends at 31 + 5.
      EXPECT_EQ(a.text_start, 13);
      EXPECT_EQ(a.text_end, 36);
      EXPECT_EQ(text.substr(13, 36 - 13), "été theété theété");
    }
  }
}
