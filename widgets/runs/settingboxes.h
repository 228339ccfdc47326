#pragma once
// widgets::setUpRunSettingBoxes: the run settings' spin boxes as the Run dialog and the Preferences
// dialog (which presets them) both show them: window and stride in tokens with 0 meaning "the models'
// context" and "half the window", threads with 0 meaning "one per core", top-k's tooltip. Each dialog
// sets top-k's range and the values itself.
class QSpinBox;

namespace widgets {

void setUpRunSettingBoxes(QSpinBox* topK, QSpinBox* window, QSpinBox* stride, QSpinBox* threads);

}  // namespace widgets
