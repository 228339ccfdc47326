#pragma once
// widgets::runLineage: the lineage tree of one run's maps, from the session's checkpoint lineage (set
// parents and guesses, core/model/lineage_tree.h). A map's parent is its checkpoint's nearest ancestor
// that is also a map of the run; a map the session does not list descends from the base (a guess).
// GUI thread only (reads the Session).
#include <vector>

#include "core/model/lineage_tree.h"

namespace widgets {

class Session;

struct RunLineage {
  std::vector<int> maps;                          // the run's map indices drawn (zoomed maps left out), lineage order
  std::vector<core::model::LineageLink> links;    // parent as an index into `maps`
  core::model::LineageLayout layout;
};

RunLineage runLineage(const Session& session);

}  // namespace widgets
