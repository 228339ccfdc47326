#include "tests/gui/export_fixture.h"

#include <gtest/gtest.h>

#include "core/analysis/slice.h"
#include "core/store/library.h"
#include "core/store/session_file.h"
#include "tests/gui/run_fixture.h"
#include "tests/support/run_session.h"
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
    const auto id = testsupport::write_run_session(path, *run);
    EXPECT_TRUE(id) << id.error().what();
    auto file = core::store::SessionFile::open(path);
    EXPECT_TRUE(file) << file.error().what();
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
