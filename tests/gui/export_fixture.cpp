#include "tests/gui/export_fixture.h"

#include <gtest/gtest.h>

#include "core/analysis/slice.h"
#include "core/store/library.h"
#include "core/store/run_writer.h"
#include "tests/gui/run_fixture.h"
#include "tests/support/test_support.h"

namespace exportfixture {

const Session& session() {
  static testsupport::TempDir dir;
  static const Session made = [] {
    Session s;
    fixture::RunSpec spec;
    spec.documents = 6;
    spec.minTokens = 40;
    spec.maxTokens = 90;
    const auto run = fixture::makeRun(spec);
    const auto path = dir / "fixture.cartograph";
    auto file = core::store::SessionFile::create(path);
    EXPECT_TRUE(file) << file.error().what();
    core::store::TerritoryRecord territory;
    territory.source = run->territory.source;
    territory.content_hash = run->territory.content_hash;
    for (const auto& d : run->documents) {
      core::store::DocumentRecord doc;
      doc.index = d.index;
      doc.name = d.name;
      doc.metadata = d.metadata;
      doc.byte_length = d.byte_length;
      for (std::size_t i = 1; i < d.tokens.size(); ++i) doc.text += run->token_texts[std::size_t(d.tokens[i])];
      territory.documents.push_back(std::move(doc));
    }
    core::store::RunWriter writer(*file);
    auto id = writer.begin_run(*run, territory);
    EXPECT_TRUE(id) << id.error().what();
    EXPECT_TRUE(writer.commit_documents(*id, std::span(run->documents)));
    EXPECT_TRUE(writer.finish_run(*id, run->summaries, run->projection, core::store::RunStatus::Complete));
    core::analysis::SliceDefinition slice;
    slice.kind = core::analysis::SliceDefinition::Kind::Metadata;
    slice.field = "genre";
    slice.values = {run->documents.front().metadata.at("genre")};
    core::store::Library library(*file);
    EXPECT_TRUE(library.save_slice("first genre", slice.to_json()));
    s.path = QString::fromStdString(path.string());
    s.run = *id;
    s.slice = QStringLiteral("first genre");
    return s;
  }();
  return made;
}

}  // namespace exportfixture
