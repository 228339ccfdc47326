// The translations as the workbench ships them (the .qm files app/gui builds): English says "1 map" and
// "3 maps" where the source says "%n map(s)", and the German of a plural string takes the number too.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QTranslator>

namespace {

QString translated(const QTranslator& t, const char* context, const char* source, int n) {
  return t.translate(context, source, nullptr, n).replace(QStringLiteral("%n"), QString::number(n));
}

}  // namespace

TEST(Translations, EnglishSaysOneMapAndThreeMaps) {
  QTranslator english;
  ASSERT_TRUE(english.load(QStringLiteral("cartograph_en"), QStringLiteral(CARTOGRAPH_QM_DIR)));
  EXPECT_EQ(translated(english, "widgets::ShiftView", "Token shift of %n map(s)", 1), QStringLiteral("Token shift of 1 map"));
  EXPECT_EQ(translated(english, "widgets::ShiftView", "Token shift of %n map(s)", 3), QStringLiteral("Token shift of 3 maps"));
  EXPECT_EQ(translated(english, "widgets::Session", "Add %n checkpoint(s)", 1), QStringLiteral("Add 1 checkpoint"));
  EXPECT_EQ(translated(english, "widgets::Session", "Add %n checkpoint(s)", 2), QStringLiteral("Add 2 checkpoints"));
  // Installed, it is what tr() returns for the number.
  ASSERT_TRUE(QCoreApplication::installTranslator(&english));
  EXPECT_EQ(QCoreApplication::translate("widgets::ShiftView", "Token shift of %n map(s)", nullptr, 1),
            QStringLiteral("Token shift of 1 map"));
  QCoreApplication::removeTranslator(&english);
  EXPECT_EQ(QCoreApplication::translate("widgets::ShiftView", "Token shift of %n map(s)", nullptr, 1),
            QStringLiteral("Token shift of 1 map(s)"));
}

TEST(Translations, GermanPluralsTakeTheNumber) {
  QTranslator german;
  ASSERT_TRUE(german.load(QStringLiteral("cartograph_de"), QStringLiteral(CARTOGRAPH_QM_DIR)));
  const QString one = translated(german, "widgets::Session", "Add %n checkpoint(s)", 1);
  const QString two = translated(german, "widgets::Session", "Add %n checkpoint(s)", 2);
  EXPECT_TRUE(one.contains(QStringLiteral("1 Checkpoint "))) << one.toStdString();
  EXPECT_TRUE(two.contains(QStringLiteral("2 Checkpoints"))) << two.toStdString();
}
