// The Studio's prompt editor driven as a user would: create, rename, edit (each kept text a version),
// tag, annotate, duplicate and delete prompts, undo and redo all of it, save and reopen a real session
// file; the live preview's tokens against the tokenizer, and template errors naming the documents.
#include <gtest/gtest.h>

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "core/store/library.h"
#include "core/store/prompt_versions.h"
#include "core/store/session_file.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/test_support.h"
#include "tests/support/toy_models.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/studio/prompteditor.h"
#include "widgets/studio/promptpieces.h"

namespace {

struct EditorFixture {
  std::shared_ptr<const core::analysis::RunResult> run = fixture::makeRun();
  std::shared_ptr<fixture::MemoryBackend> backend = std::make_shared<fixture::MemoryBackend>(run);
  widgets::JobsModel jobs;
  widgets::Session session{&jobs, backend};
};

const widgets::PromptEntry* promptCalled(const widgets::Session& s, const QString& name) {
  for (const auto& p : s.prompts())
    if (p.name == name) return &p;
  return nullptr;
}

void typeIntoField(QLineEdit* edit, const QString& text) {
  edit->setFocus();
  edit->selectAll();
  QTest::keyClicks(edit, text);
  QTest::keyClick(edit, Qt::Key_Return);
}

void typeIntoField(QPlainTextEdit* edit, const QString& text) {
  edit->setFocus();
  edit->selectAll();
  QTest::keyClicks(edit, text);
}

}  // namespace

TEST(PromptEditor, CreateRenameEditTagAnnotateAndUndoEveryStep) {
  EditorFixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  widgets::PromptEditor editor(&f.session);
  editor.resize(1100, 700);
  editor.show();
  ASSERT_EQ(editor.list()->model()->rowCount(), 1) << "the library's one prompt is listed";
  const int undoBase = f.session.undoStack()->count();

  QTest::mouseClick(editor.newButton(), Qt::LeftButton);
  ASSERT_EQ(f.session.prompts().size(), 2u);
  const qint64 id = f.session.prompts().back().id;
  EXPECT_EQ(editor.currentPrompt(), id) << "the new prompt is the one being edited";
  typeIntoField(editor.nameEdit(), QStringLiteral("zippy header"));
  EXPECT_EQ(f.session.prompts().back().name, QStringLiteral("zippy header"));

  typeIntoField(editor.textEdit(), QStringLiteral("[{genre}]"));
  EXPECT_EQ(f.session.prompts().back().text, QString()) << "typing alone keeps nothing";
  EXPECT_TRUE(editor.applyButton()->isEnabled());
  QTest::mouseClick(editor.applyButton(), Qt::LeftButton);
  EXPECT_EQ(f.session.prompts().back().text, QStringLiteral("[{genre}]"));
  EXPECT_TRUE(f.session.prompts().back().history.isEmpty()) << "the blank start is not a version";
  EXPECT_FALSE(editor.applyButton()->isEnabled());

  // A second edit, kept with Ctrl+Return: the earlier text becomes a version.
  editor.textEdit()->setFocus();
  editor.textEdit()->moveCursor(QTextCursor::End);
  QTest::keyClick(editor.textEdit(), Qt::Key_Return);
  QTest::keyClick(editor.textEdit(), Qt::Key_Return, Qt::ControlModifier);
  EXPECT_EQ(f.session.prompts().back().text, QStringLiteral("[{genre}]\n"));
  EXPECT_EQ(f.session.prompts().back().history, QStringList{QStringLiteral("[{genre}]")});
  EXPECT_TRUE(editor.historyLabel()->text().startsWith(QStringLiteral("1 earlier version"))) << editor.historyLabel()->text().toStdString();

  typeIntoField(editor.tagsEdit(), QStringLiteral("style,  zippy, style"));
  EXPECT_EQ(f.session.prompts().back().tags, (QStringList{QStringLiteral("style"), QStringLiteral("zippy")}));
  typeIntoField(editor.noteEdit(), QStringLiteral("matches the SFT category"));
  QTest::mouseClick(editor.applyButton(), Qt::LeftButton);
  EXPECT_EQ(f.session.prompts().back().note, QStringLiteral("matches the SFT category"));
  EXPECT_EQ(f.session.undoStack()->count() - undoBase, 6) << "new, rename, two texts, tags, note";

  // Undo, step by step, and the editor follows.
  widgets::Session& s = f.session;
  s.undoStack()->undo();
  EXPECT_EQ(s.prompts().back().note, QString());
  EXPECT_EQ(editor.noteEdit()->toPlainText(), QString());
  s.undoStack()->undo();
  EXPECT_TRUE(s.prompts().back().tags.isEmpty());
  EXPECT_EQ(editor.tagsEdit()->text(), QString());
  s.undoStack()->undo();
  EXPECT_EQ(s.prompts().back().text, QStringLiteral("[{genre}]"));
  EXPECT_TRUE(s.prompts().back().history.isEmpty());
  EXPECT_EQ(editor.textEdit()->toPlainText(), QStringLiteral("[{genre}]"));
  s.undoStack()->redo();
  EXPECT_EQ(editor.textEdit()->toPlainText(), QStringLiteral("[{genre}]\n"));
  EXPECT_EQ(s.prompts().back().history, QStringList{QStringLiteral("[{genre}]")});
  s.undoStack()->redo();
  s.undoStack()->redo();
  EXPECT_EQ(s.prompts().back().note, QStringLiteral("matches the SFT category"));

  // Duplicate: a copy with its own name, the same text, tags and note, and no history of its own.
  QTest::mouseClick(editor.duplicateButton(), Qt::LeftButton);
  const auto* copy = promptCalled(s, QStringLiteral("zippy header (copy)"));
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(editor.currentPrompt(), copy->id);
  EXPECT_EQ(copy->text, QStringLiteral("[{genre}]\n"));
  EXPECT_EQ(copy->tags, (QStringList{QStringLiteral("style"), QStringLiteral("zippy")}));
  EXPECT_EQ(copy->note, QStringLiteral("matches the SFT category"));
  EXPECT_TRUE(copy->history.isEmpty());

  // A name already taken is refused, and the field shows the kept name again.
  QSignalSpy issues(&s, &widgets::Session::issue);
  typeIntoField(editor.nameEdit(), QStringLiteral("zippy header"));
  EXPECT_EQ(issues.count(), 1);
  EXPECT_NE(promptCalled(s, QStringLiteral("zippy header (copy)")), nullptr);
  EXPECT_EQ(editor.nameEdit()->text(), QStringLiteral("zippy header (copy)"));

  QTest::mouseClick(editor.deleteButton(), Qt::LeftButton);
  EXPECT_EQ(promptCalled(s, QStringLiteral("zippy header (copy)")), nullptr);
  s.undoStack()->undo();
  EXPECT_NE(promptCalled(s, QStringLiteral("zippy header (copy)")), nullptr) << "undo brings a deleted prompt back";

  // Saving sends every kept text, the tags and the note through the single save path.
  s.save();
  ASSERT_TRUE(QTest::qWaitFor([&] { return f.backend->saves() == 1 && !s.isModified(); }, 5000));
  const auto saved = f.backend->lastSaved();
  const core::store::PromptEdit* header = nullptr;
  for (const auto& p : saved.prompts)
    if (p.name == "zippy header") header = &p;
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->text, "[{genre}]\n");
  EXPECT_EQ(header->history, std::vector<std::string>{"[{genre}]"});
  EXPECT_EQ(header->tags, (std::vector<std::string>{"style", "zippy"}));
  EXPECT_EQ(header->note, "matches the SFT category");
}

TEST(PromptEditor, SavingAndReopeningARealSessionKeepsVersionsTagsAndNotes) {
  QSettings().clear();
  testsupport::TempDir dir;
  const auto path = dir / "prompts.cartograph";
  ASSERT_TRUE(core::store::SessionFile::create(path).has_value());
  {
    widgets::MainWindow window;
    window.openSession(QString::fromStdString(path.string()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.session()->isOpen(); }, 10000));
    auto* editor = window.findChild<widgets::PromptEditor*>();
    ASSERT_NE(editor, nullptr) << "the Studio has the prompt editor";
    QTest::mouseClick(editor->newButton(), Qt::LeftButton);
    typeIntoField(editor->nameEdit(), QStringLiteral("opener"));
    typeIntoField(editor->textEdit(), QStringLiteral("Once upon a time"));
    QTest::mouseClick(editor->applyButton(), Qt::LeftButton);
    typeIntoField(editor->textEdit(), QStringLiteral("Once upon a time, far away"));
    QTest::mouseClick(editor->applyButton(), Qt::LeftButton);
    typeIntoField(editor->tagsEdit(), QStringLiteral("story, opening"));
    typeIntoField(editor->noteEdit(), QStringLiteral("the classic"));
    QTest::mouseClick(editor->applyButton(), Qt::LeftButton);
    window.session()->save();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.session()->isModified(); }, 10000));
    // An edit after the save, saved too: the file keeps all three texts.
    typeIntoField(editor->textEdit(), QStringLiteral("Once upon a time, long ago"));
    QTest::mouseClick(editor->applyButton(), Qt::LeftButton);
    window.session()->save();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.session()->isModified(); }, 10000));
    window.session()->undoStack()->setClean();
  }
  widgets::MainWindow again;
  again.openSession(QString::fromStdString(path.string()));
  ASSERT_TRUE(QTest::qWaitFor([&] { return again.session()->prompts().size() == 1; }, 10000));
  const widgets::PromptEntry& p = again.session()->prompts().front();
  EXPECT_EQ(p.name, QStringLiteral("opener"));
  EXPECT_EQ(p.text, QStringLiteral("Once upon a time, long ago"));
  EXPECT_EQ(p.history, (QStringList{QStringLiteral("Once upon a time"), QStringLiteral("Once upon a time, far away")}));
  EXPECT_EQ(p.tags, (QStringList{QStringLiteral("story"), QStringLiteral("opening")}));
  EXPECT_EQ(p.note, QStringLiteral("the classic"));
  auto* editor = again.findChild<widgets::PromptEditor*>();
  ASSERT_TRUE(QTest::qWaitFor([&] { return editor->currentPrompt() == p.id; }, 2000));
  EXPECT_TRUE(editor->historyLabel()->text().startsWith(QStringLiteral("2 earlier version"))) << editor->historyLabel()->text().toStdString();

  // What parts B and C resolve a prompt to: its newest version, by the store's own id.
  auto file = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(file);
  auto current = core::store::current_prompt_version(*file, p.id);
  ASSERT_TRUE(current) << current.error().what();
  EXPECT_EQ(current->text, "Once upon a time, long ago");
  auto record = core::store::Library(*file).prompt("opener");
  ASSERT_TRUE(record && *record);
  ASSERT_EQ((*record)->versions.size(), 3u);
  EXPECT_EQ((*record)->versions.back().id, current->version_id);
}

TEST(PromptEditor, ThePreviewCountsTheTokenizersTokensAndFlagsAPromptThatLeavesNoRoom) {
  EditorFixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  widgets::PromptEditor editor(&f.session);
  editor.resize(1100, 700);
  editor.show();
  QSignalSpy updated(&editor, &widgets::PromptEditor::previewUpdated);
  // Bytes as tokens, with BOS: a prompt of n bytes is n + 1 tokens of the zoom prefix.
  editor.setPreviewMap(testsupport::byte_tokenizer(), 32, QStringLiteral("bytes"));
  editor.setCurrentPrompt(f.session.prompts().front().id);
  const auto settled = [&] {
    return QTest::qWaitFor([&] { return editor.fit() && editor.fit()->tokens() > 0 && f.session.jobs()->runningCount() == 0; }, 5000);
  };
  ASSERT_TRUE(settled());
  ASSERT_TRUE(QTest::qWaitFor([&] { return editor.fit()->tokens() == 17; }, 5000))
      << "“Once upon a time” is 16 bytes, plus BOS; got " << editor.fit()->tokens();
  EXPECT_EQ(int(editor.pieces()->pieces().size()), 17);
  EXPECT_EQ(editor.pieces()->pieces()[1].text, QStringLiteral("O"));
  EXPECT_NE(editor.lengthLabel()->text().indexOf(QStringLiteral("17 token")), -1) << editor.lengthLabel()->text().toStdString();
  EXPECT_NE(editor.lengthLabel()->text().indexOf(QStringLiteral("46.9%")), -1) << "15 of 32 left";
  EXPECT_TRUE(editor.problemLabel()->isHidden());

  // Typing (not yet kept) updates the preview live; 31 bytes + BOS leave one token: no room.
  typeIntoField(editor.textEdit(), QString(31, QLatin1Char('a')));
  ASSERT_TRUE(QTest::qWaitFor([&] { return editor.fit()->tokens() == 32; }, 5000));
  EXPECT_FALSE(editor.fit()->fits());
  EXPECT_FALSE(editor.problemLabel()->isHidden());
  EXPECT_NE(editor.problemLabel()->text().indexOf(QStringLiteral("“story opener”")), -1)
      << editor.problemLabel()->text().toStdString();
  EXPECT_NE(editor.problemLabel()->text().indexOf(QStringLiteral("no room")), -1);
}

TEST(PromptEditor, ATemplateFieldMissingFromDocumentsIsNamedWithThem) {
  EditorFixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  widgets::PromptEditor editor(&f.session);
  editor.show();
  editor.setPreviewMap(testsupport::byte_tokenizer(), 256, QStringLiteral("bytes"));
  editor.setCurrentPrompt(f.session.prompts().front().id);
  // Every fixture document has a genre: the template is filled, the longest filling previewed.
  typeIntoField(editor.textEdit(), QStringLiteral("[{genre}]"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return editor.fit() && editor.fit()->tokens() > 4; }, 5000));
  std::size_t longest = 0;
  for (const auto& d : f.run->documents) longest = std::max(longest, d.metadata.at("genre").size());
  ASSERT_TRUE(QTest::qWaitFor([&] { return editor.fit()->tokens() == std::int64_t(longest + 2 + 1); }, 5000))
      << "[, the genre, ] and BOS; got " << editor.fit()->tokens();
  EXPECT_TRUE(editor.templateProblem().isEmpty()) << editor.templateProblem().toStdString();

  // No document has a mood: one message names the prompt, the field and the documents.
  typeIntoField(editor.textEdit(), QStringLiteral("[{mood}]"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return !editor.templateProblem().isEmpty(); }, 5000));
  const std::string m = editor.templateProblem().toStdString();
  EXPECT_NE(m.find("\u201cstory opener\u201d"), std::string::npos) << m;
  EXPECT_NE(m.find("\u201cmood\u201d"), std::string::npos) << m;
  EXPECT_NE(m.find(std::to_string(f.run->documents.size()) + " of " + std::to_string(f.run->documents.size())), std::string::npos) << m;
  EXPECT_NE(m.find(f.run->documents.front().name), std::string::npos) << m;
  EXPECT_FALSE(editor.problemLabel()->isHidden());
  EXPECT_EQ(f.session.prompts().front().text, QStringLiteral("Once upon a time")) << "the session is unchanged";
}

// "Wrap in Chat Template": the text becomes a user turn in the base map's template (the template's
// BOS left to the engine, which adds the tokenizer's), Apply keeps it as a version; a map without a
// template says so and leaves the text alone.
TEST(PromptEditor, WrapInChatTemplateRewritesThePromptAsAUserTurnOrSaysWhyNot) {
  EditorFixture f;
  ASSERT_TRUE(guitest::openAndWait(f.session, *f.backend));
  widgets::PromptEditor editor(&f.session);
  editor.resize(1100, 700);
  editor.show();
  editor.setPreviewMap(testsupport::byte_tokenizer(), 256, QStringLiteral("bytes"));
  const qint64 id = f.session.prompts().front().id;
  editor.setCurrentPrompt(id);
  ASSERT_EQ(editor.textEdit()->toPlainText(), QStringLiteral("Once upon a time"));
  QSignalSpy finished(&editor, &widgets::PromptEditor::chatWrapFinished);

  editor.setChatTemplate(nullptr, QStringLiteral("bytes: this map has no chat template"));
  QTest::mouseClick(editor.wrapButton(), Qt::LeftButton);
  ASSERT_EQ(finished.count(), 1);
  EXPECT_FALSE(finished.takeFirst().at(0).toBool());
  EXPECT_FALSE(editor.chatStatusLabel()->isHidden());
  EXPECT_NE(editor.chatStatusLabel()->text().indexOf(QStringLiteral("Cannot wrap: bytes: this map has no chat template")), -1)
      << editor.chatStatusLabel()->text().toStdString();
  EXPECT_EQ(editor.textEdit()->toPlainText(), QStringLiteral("Once upon a time"));

  auto chat = core::tokenize::parse_chat_template_config(
      R"({"bos_token": "<s>", "chat_template": "{{ bos_token }}{% for m in messages %}[{{ m.role | upper }}] {{ m.content | trim }}\n{% endfor %}{% if add_generation_prompt %}[ASSISTANT] {% endif %}"})",
      "tokenizer_config.json");
  ASSERT_TRUE(chat) << chat.error().what();
  editor.setChatTemplate(std::make_shared<const core::tokenize::ChatTemplate>(*chat), {});
  QTest::mouseClick(editor.wrapButton(), Qt::LeftButton);
  ASSERT_TRUE(finished.wait(5000) || finished.count() == 1);
  EXPECT_TRUE(finished.takeFirst().at(0).toBool()) << editor.chatStatusLabel()->text().toStdString();
  // The byte tokenizer adds BOS itself, so the template's "<s>" is left to the engine.
  EXPECT_EQ(editor.textEdit()->toPlainText(), QStringLiteral("[USER] Once upon a time\n[ASSISTANT] "));
  QTest::mouseClick(editor.applyButton(), Qt::LeftButton);
  EXPECT_EQ(promptCalled(f.session, QStringLiteral("story opener"))->text, QStringLiteral("[USER] Once upon a time\n[ASSISTANT] "));

  // A template that raises is refused with its own words and the text stays.
  auto raising = core::tokenize::parse_chat_template_config(
      R"({"chat_template": "{{ raise_exception('Only user and assistant roles are supported!') }}"})", "tokenizer_config.json");
  ASSERT_TRUE(raising);
  editor.setChatTemplate(std::make_shared<const core::tokenize::ChatTemplate>(*raising), {});
  QTest::mouseClick(editor.wrapButton(), Qt::LeftButton);
  ASSERT_TRUE(finished.wait(5000) || finished.count() == 1);
  EXPECT_FALSE(finished.takeFirst().at(0).toBool());
  EXPECT_NE(editor.chatStatusLabel()->text().indexOf(QStringLiteral("Only user and assistant roles are supported!")), -1);
  EXPECT_NE(editor.chatStatusLabel()->text().indexOf(QStringLiteral("tokenizer_config.json")), -1);
  EXPECT_EQ(editor.textEdit()->toPlainText(), QStringLiteral("[USER] Once upon a time\n[ASSISTANT] "));
}
