// Preferences (Edit → Preferences…): stored in QSettings, read by the Run dialog, the colour palette
// applied to every view at once; and the Run dialog's "Document names" for a JSONL territory, through
// to the names the views show. The Screens* tests photograph the dialog and the named documents.
#include <gtest/gtest.h>

#include <QAbstractItemModel>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "app/gui/run_engine.h"
#include "tests/gui/gui_helpers.h"
#include "tests/support/test_support.h"
#include "widgets/display/colorlegend.h"
#include "widgets/map/mapview.h"
#include "widgets/preferences/preferencesdialog.h"
#include "widgets/runs/rundialog.h"
#include "widgets/runs/runlauncher.h"
#include "widgets/shell/mainwindow.h"
#include "widgets/territory/territoryview.h"
#include "widgets/territory/tokenstrip.h"

using widgets::ColorPalette;
using widgets::ColorScale;
using widgets::Metric;
using widgets::Preferences;

namespace {

// Leaves no preference behind for the next test.
struct CleanSettings {
  CleanSettings() { QSettings().clear(); }
  ~CleanSettings() {
    QSettings().clear();
    ColorScale::setDefaultPalette(ColorPalette::RdBu);
  }
};

// A JSONL territory whose documents carry a slug, a title and a number.
const char* kNamedJsonl =
    "{\"text\": \"Once upon a time, there was a little girl named Lily. She loved to play outside.\", "
    "\"slug\": \"lily-plays\", \"title\": \"Lily\", \"page\": 3}\n"
    "{\"text\": \"Tom had a big red ball. He threw it to his dog and the dog ran fast.\", "
    "\"slug\": \"tom-ball\", \"title\": \"Tom\", \"page\": 9}\n"
    "{\"text\": \"One day, the sun was shining and the birds were singing in the park.\", "
    "\"slug\": \"sunny-day\", \"title\": \"Sun\", \"page\": 12}\n";

}  // namespace

TEST(Preferences, RoundTripThroughQSettingsUnderPreferencesKeys) {
  CleanSettings clean;
  EXPECT_EQ(Preferences::load(), Preferences::defaults()) << "nothing stored: every default";
  // The defaults are what the Run dialog started from before there were preferences.
  EXPECT_EQ(Preferences::defaults().topK, 10);
  EXPECT_EQ(Preferences::defaults().threads, 0);
  EXPECT_EQ(Preferences::defaults().palette, ColorPalette::RdBu);
  EXPECT_TRUE(Preferences::defaults().language.isEmpty()) << "the system locale";

  Preferences p;
  p.threads = 3;
  p.topK = 25;
  p.window = 128;
  p.stride = 32;
  p.cacheFolder = QStringLiteral("/tmp/cartograph-cache");
  p.palette = ColorPalette::PuOr;
  p.language = QStringLiteral("de");
  p.save();
  EXPECT_EQ(Preferences::load(), p);
  const QSettings s;
  EXPECT_EQ(s.value(QStringLiteral("preferences/topK")).toInt(), 25);
  EXPECT_EQ(s.value(QStringLiteral("preferences/palette")).toString(), QStringLiteral("PuOr"));
  EXPECT_EQ(s.value(QStringLiteral("preferences/language")).toString(), QStringLiteral("de"));

  // Back to a default: the key goes, so a later default applies.
  p.topK = 10;
  p.save();
  EXPECT_FALSE(QSettings().contains(QStringLiteral("preferences/topK")));
  EXPECT_EQ(Preferences::load().topK, 10);

  // Values a hand-edited file may hold that no dialog would: each is its default.
  QSettings bad;
  bad.setValue(QStringLiteral("preferences/topK"), 0);
  bad.setValue(QStringLiteral("preferences/palette"), QStringLiteral("Jet"));
  bad.setValue(QStringLiteral("preferences/language"), QStringLiteral("xx"));
  bad.setValue(QStringLiteral("preferences/threads"), QStringLiteral("many"));
  bad.sync();
  const Preferences loaded = Preferences::load();
  EXPECT_EQ(loaded.topK, 10);
  EXPECT_EQ(loaded.palette, ColorPalette::RdBu);
  EXPECT_EQ(loaded.language, QString());
  EXPECT_EQ(loaded.threads, 0);
  EXPECT_EQ(loaded.window, 128) << "the usable values stay";
}

TEST(Preferences, TheDialogEditsRestoresDefaultsAndIsStoredOnOk) {
  CleanSettings clean;
  widgets::MainWindow window;
  auto* dialog = window.createPreferencesDialog();
  EXPECT_EQ(dialog->preferences(), Preferences::defaults());
  dialog->topK()->setValue(40);
  dialog->palette()->setCurrentIndex(dialog->palette()->findData(QStringLiteral("Viridis")));
  dialog->language()->setCurrentIndex(dialog->language()->findData(QStringLiteral("de")));
  EXPECT_EQ(dialog->preferences().topK, 40);
  dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::RestoreDefaults)->click();
  EXPECT_EQ(dialog->preferences(), Preferences::defaults());
  dialog->topK()->setValue(40);
  dialog->language()->setCurrentIndex(dialog->language()->findData(QStringLiteral("de")));
  dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
  EXPECT_EQ(Preferences::load().topK, 40);
  EXPECT_EQ(Preferences::load().language, QStringLiteral("de"));
  // Edit → Preferences… is there, with the platform's shortcut.
  auto* action = window.findChild<QAction*>(QStringLiteral("preferencesAction"));
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->shortcut(), QKeySequence(QKeySequence::Preferences));
}

TEST(Preferences, TheRunDialogStartsFromThePreferredSettings) {
  CleanSettings clean;
  widgets::MainWindow window;
  {
    auto* dialog = window.createRunDialog();
    EXPECT_EQ(dialog->request().settings.top_k, 10) << "no preference: the default";
    delete dialog;
  }
  Preferences p;
  p.topK = 25;
  p.window = 256;
  p.stride = 64;
  p.threads = 2;
  p.save();
  auto* dialog = window.createRunDialog();
  const widgets::RunRequest r = dialog->request();
  EXPECT_EQ(r.settings.top_k, 25);
  EXPECT_EQ(r.settings.context, 256);
  EXPECT_EQ(r.settings.stride, 64);
  EXPECT_EQ(r.settings.threads, 2);
  delete dialog;
}

// Each palette's ends are the published palettes' end colours: ColorBrewer RdBu and PuOr (11 classes),
// matplotlib's viridis.
TEST(Preferences, ThePaletteSetsTheColoursOfASignedScalesEnds) {
  CleanSettings clean;
  struct Case {
    ColorPalette palette;
    QRgb low, high;
  };
  const Case cases[] = {{ColorPalette::RdBu, qRgb(0x67, 0x00, 0x1f), qRgb(0x05, 0x30, 0x61)},
                        {ColorPalette::PuOr, qRgb(0x7f, 0x3b, 0x08), qRgb(0x2d, 0x00, 0x4b)},
                        {ColorPalette::Viridis, qRgb(0x44, 0x01, 0x54), qRgb(0xfd, 0xe7, 0x25)}};
  for (const Case& c : cases) {
    ColorScale::setDefaultPalette(c.palette);
    const ColorScale scale(Metric::DeltaLogp, 2.0);
    EXPECT_EQ(scale.palette(), c.palette);
    EXPECT_EQ(scale.color(-2.0f), c.low) << widgets::paletteKey(c.palette).toStdString();
    EXPECT_EQ(scale.color(-50.0f), c.low) << "clamped";
    EXPECT_EQ(scale.color(2.0f), c.high) << widgets::paletteKey(c.palette).toStdString();
  }
  // The diverging palettes keep a neutral 0 (ColorBrewer's middle class) and differ below it.
  ColorScale::setDefaultPalette(ColorPalette::RdBu);
  const ColorScale rdbu(Metric::DeltaLogp, 2.0);
  ColorScale::setDefaultPalette(ColorPalette::PuOr);
  const ColorScale puor(Metric::DeltaLogp, 2.0);
  // 0 falls on the 256-entry table's entry 128 of 0..255, half a step past the middle: within 2 levels.
  auto nearNeutral = [](QRgb c) {
    return std::abs(qRed(c) - 0xf7) <= 2 && std::abs(qGreen(c) - 0xf7) <= 2 && std::abs(qBlue(c) - 0xf7) <= 2;
  };
  EXPECT_TRUE(nearNeutral(rdbu.color(0.0f))) << QColor(rdbu.color(0.0f)).name().toStdString();
  EXPECT_TRUE(nearNeutral(puor.color(0.0f))) << QColor(puor.color(0.0f)).name().toStdString();
  EXPECT_NE(rdbu.color(-1.0f), puor.color(-1.0f));
  // A non-negative metric runs from the neutral middle to the "below 0" end in both.
  const ColorScale kl(Metric::KlBaseTuned, 1.0);
  EXPECT_EQ(kl.color(0.0f), qRgb(0xf7, 0xf7, 0xf7));
  EXPECT_EQ(kl.color(1.0f), qRgb(0x7f, 0x3b, 0x08));
}

TEST(Preferences, ChoosingAPaletteRecoloursTheTokenStripMapAndLegendsAtOnce) {
  CleanSettings clean;
  auto backend = std::make_shared<fixture::MemoryBackend>(fixture::makeRun());
  widgets::MainWindow window(backend);
  window.resize(1200, 800);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  ASSERT_TRUE(guitest::openAndWait(*window.session(), *backend));
  window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  widgets::TokenStrip* strip = window.territory()->strip();
  ASSERT_TRUE(QTest::qWaitFor([&] { return strip->document() == 0 && strip->lineCount() > 0; }, 3000));
  EXPECT_EQ(strip->scale().palette(), ColorPalette::RdBu);
  const QRgb before = strip->scale().color(float(strip->scale().low()));

  auto* dialog = window.createPreferencesDialog();
  dialog->palette()->setCurrentIndex(dialog->palette()->findData(QStringLiteral("PuOr")));
  dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
  EXPECT_EQ(strip->scale().palette(), ColorPalette::PuOr) << "the strip recoloured without reopening";
  EXPECT_EQ(window.territory()->legend()->scale().palette(), ColorPalette::PuOr);
  EXPECT_EQ(window.map()->legend()->scale().palette(), ColorPalette::PuOr);
  EXPECT_NE(strip->scale().color(float(strip->scale().low())), before);
  EXPECT_EQ(Preferences::load().palette, ColorPalette::PuOr);
  // The next window starts with it.
  ColorScale::setDefaultPalette(ColorPalette::RdBu);
  widgets::MainWindow next;
  EXPECT_EQ(ColorScale::defaultPalette(), ColorPalette::PuOr);
  window.session()->undoStack()->setClean();
}

TEST(Preferences, TheRunDialogOffersAJsonlTerritorysFieldsToNameDocuments) {
  CleanSettings clean;
  testsupport::TempDir dir;
  testsupport::write_file(dir / "named.jsonl", kNamedJsonl);
  testsupport::write_file(dir / "plain.txt", "One document.\n");
  widgets::MainWindow window;
  auto* dialog = window.createRunDialog();
  EXPECT_FALSE(dialog->nameFieldShown()) << "no territory yet";
  dialog->territory()->setText(QString::fromStdString((dir / "named.jsonl").string()));
  EXPECT_TRUE(dialog->nameFieldShown());
  QComboBox* names = dialog->nameField();
  ASSERT_TRUE(QTest::qWaitFor([&] { return names->count() == 4; }, 5000)) << "the fields are listed on a worker";
  EXPECT_EQ(names->itemText(1), QStringLiteral("slug"));
  EXPECT_EQ(names->itemText(2), QStringLiteral("title"));
  EXPECT_EQ(names->itemText(3), QStringLiteral("page"));
  EXPECT_TRUE(dialog->request().nameField.isEmpty()) << "the guess is the empty choice";
  names->setCurrentIndex(1);
  EXPECT_EQ(dialog->request().nameField, QStringLiteral("slug"));
  names->setEditText(QStringLiteral("custom"));  // editable: a field not in the first lines
  EXPECT_EQ(dialog->request().nameField, QStringLiteral("custom"));
  // The request becomes the engine's territory options.
  names->setEditText(QStringLiteral("slug"));
  EXPECT_EQ(gui::runOrder(dialog->request()).territory_options.name_field, "slug");
  // Set back from a request.
  widgets::RunRequest r = dialog->request();
  r.nameField = QStringLiteral("title");
  dialog->setRequest(r);
  EXPECT_EQ(dialog->request().nameField, QStringLiteral("title"));
  // A text territory has no fields: the row goes and no field reaches the engine.
  dialog->territory()->setText(QString::fromStdString((dir / "plain.txt").string()));
  EXPECT_FALSE(dialog->nameFieldShown());
  EXPECT_TRUE(dialog->request().nameField.isEmpty());
  EXPECT_TRUE(gui::runOrder(dialog->request()).territory_options.name_field.empty());
  delete dialog;
}

namespace {

using guitest::realDisplay;

// Runs stories260K against itself over the named JSONL from the Run dialog, documents named by `field`.
// `shot`: a screenshot of the dialog, before it starts the run, under that name.
bool runNamed(widgets::MainWindow& window, const std::filesystem::path& data, const testsupport::TempDir& dir,
              const QString& field, const char* shot = nullptr) {
  window.setRunLauncher(std::make_unique<widgets::EngineRunLauncher>(window.session(), window.jobs(), gui::runEngine));
  window.session()->create(QString::fromStdString((dir / "named.cartograph").string()));
  if (!QTest::qWaitFor([&] { return window.session()->isOpen(); }, 5000)) return false;
  const auto base = data / "stories260K" / "stories260K.bin";
  std::filesystem::create_directories(dir / "copy");
  // A copy with its last float scaled: other weights (a checkpoint of its own), the same tokenizer.
  {
    std::ifstream in(base, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 32) return false;
    float last;
    std::memcpy(&last, bytes.data() + bytes.size() - 4, 4);
    last = last * 1.001f + 1e-6f;
    std::memcpy(bytes.data() + bytes.size() - 4, &last, 4);
    std::ofstream(dir / "copy" / "copy260K.bin", std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
  }
  std::filesystem::copy_file(data / "stories260K" / "tok512.bin", dir / "copy" / "tok512.bin");
  testsupport::write_file(dir / "named.jsonl", kNamedJsonl);
  widgets::RunRequest request;
  request.base = QString::fromStdString(base.string());
  request.tuned = {QString::fromStdString((dir / "copy" / "copy260K.bin").string())};
  request.territory = QString::fromStdString((dir / "named.jsonl").string());
  request.settings.top_k = 5;
  request.settings.threads = 1;
  auto* dialog = window.createRunDialog();
  dialog->setRequest(request);
  if (!QTest::qWaitFor([&] { return dialog->nameField()->count() == 4; }, 5000)) return false;
  dialog->nameField()->setCurrentIndex(dialog->nameField()->findText(field));
  if (!dialog->canStart()) return false;
  if (shot) {
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog)) return false;
    guitest::saveScreenshot(dialog, shot);
  }
  dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
  return QTest::qWaitFor([&] { return !window.session()->runs().empty() && window.session()->runs()[0].status != core::store::RunStatus::Running; }, 60000) &&
         guitest::waitForDigest(*window.session());
}

}  // namespace

TEST(Preferences, ARunFromTheDialogNamesDocumentsByTheChosenField) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  CleanSettings clean;
  testsupport::TempDir dir;
  widgets::MainWindow window;
  ASSERT_TRUE(runNamed(window, data, dir, QStringLiteral("slug")));
  ASSERT_EQ(window.session()->runs()[0].status, core::store::RunStatus::Complete) << window.session()->runs()[0].message.toStdString();
  const auto run = window.session()->currentRun();
  ASSERT_EQ(run->documents.size(), 3u);
  EXPECT_EQ(run->documents[0].name, "lily-plays");
  EXPECT_EQ(run->documents[1].name, "tom-ball");
  EXPECT_EQ(run->documents[2].name, "sunny-day");
  // The Territory view's document list shows them.
  QAbstractItemModel* list = window.territory()->documents()->model();
  QStringList shown;
  for (int r = 0; r < list->rowCount(); ++r) shown << list->index(r, 0).data().toString();
  EXPECT_TRUE(shown.contains(QStringLiteral("tom-ball"))) << shown.join(QStringLiteral(", ")).toStdString();
  window.session()->undoStack()->setClean();
}

TEST(ScreensPreferences, TheDialogAndDocumentsNamedFromAJsonlFieldInPuOr) {
  if (!realDisplay()) GTEST_SKIP() << "needs a real X server (run through xvfb-run)";
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  CleanSettings clean;
  testsupport::TempDir dir;
  widgets::MainWindow window;
  window.resize(1400, 900);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  auto* preferences = window.createPreferencesDialog();
  preferences->palette()->setCurrentIndex(preferences->palette()->findData(QStringLiteral("PuOr")));
  preferences->show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(preferences));
  guitest::saveScreenshot(preferences, "xvfb-preferences-dialog.png");
  preferences->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();

  ASSERT_TRUE(runNamed(window, data, dir, QStringLiteral("title"), "xvfb-run-dialog-document-names.png"));
  window.views()->setCurrentIndex(widgets::MainWindow::TerritoryTab);
  window.session()->selection()->setDocument(1);
  guitest::saveScreenshot(&window, "xvfb-territory-jsonl-names-puor.png");
  window.session()->undoStack()->setClean();
}
