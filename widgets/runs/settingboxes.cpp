#include "widgets/runs/settingboxes.h"

#include <QCoreApplication>
#include <QSpinBox>

namespace widgets {
namespace {

struct RunSettingText {
  Q_DECLARE_TR_FUNCTIONS(RunSettingBoxes)
};

}  // namespace

void setUpRunSettingBoxes(QSpinBox* topK, QSpinBox* window, QSpinBox* stride, QSpinBox* threads) {
  topK->setToolTip(RunSettingText::tr("How many most probable tokens to keep per position and map"));
  window->setRange(0, 1 << 20);
  window->setSpecialValueText(RunSettingText::tr("the models' context"));
  window->setSuffix(RunSettingText::tr(" tokens"));
  stride->setRange(0, 1 << 20);
  stride->setSpecialValueText(RunSettingText::tr("half the window"));
  stride->setSuffix(RunSettingText::tr(" tokens"));
  threads->setRange(0, 1024);
  threads->setSpecialValueText(RunSettingText::tr("one per core"));
}

}  // namespace widgets
