#include "widgets/display/deferredrefresh.h"

#include <QEvent>
#include <QWidget>

namespace widgets {

DeferredRefresh::DeferredRefresh(QWidget* view, std::function<void()> refresh)
    : QObject(view), view_(view), refresh_(std::move(refresh)) {
  view_->installEventFilter(this);
}

void DeferredRefresh::request() {
  if (view_->isVisible() || !view_->window()->isVisible()) {
    pending_ = false;
    refresh_();
  } else {
    pending_ = true;
  }
}

bool DeferredRefresh::eventFilter(QObject* watched, QEvent* event) {
  if (watched == view_ && event->type() == QEvent::Show && pending_) {
    pending_ = false;
    refresh_();
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace widgets
