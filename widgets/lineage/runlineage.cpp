#include "widgets/lineage/runlineage.h"

#include <QDir>
#include <algorithm>

#include "widgets/session/session.h"

namespace widgets {

RunLineage runLineage(const Session& session) {
  RunLineage out;
  const auto run = session.currentRun();
  if (!run) return out;
  for (int m : session.lineageOrder())
    if (run->maps[std::size_t(m)].role != core::analysis::MapRole::Zoomed) out.maps.push_back(m);
  const auto& checkpoints = session.checkpoints();
  const auto links = session.lineage();
  // Each drawn map's checkpoint (by path, as Session::mapName matches them); -1 when not in the session.
  std::vector<int> checkpointOf(out.maps.size(), -1);
  for (std::size_t i = 0; i < out.maps.size(); ++i) {
    const QString path = QDir::cleanPath(QString::fromStdString(run->maps[std::size_t(out.maps[i])].path));
    for (std::size_t c = 0; c < checkpoints.size(); ++c)
      if (!path.isEmpty() && QDir::cleanPath(checkpoints[c].path) == path) checkpointOf[i] = int(c);
  }
  const auto drawnAt = [&](std::size_t checkpoint) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < out.maps.size(); ++i)
      if (checkpointOf[i] == int(checkpoint)) return i;
    return std::nullopt;
  };
  std::optional<std::size_t> base;
  for (std::size_t i = 0; i < out.maps.size(); ++i)
    if (run->maps[std::size_t(out.maps[i])].role == core::analysis::MapRole::Base) base = i;
  out.links.resize(out.maps.size());
  for (std::size_t i = 0; i < out.maps.size(); ++i) {
    if (checkpointOf[i] < 0) {
      if (base && *base != i) out.links[i] = {base, true};
      continue;
    }
    // Up the session's tree to the nearest ancestor the run holds; guessed if any step was a guess.
    bool guessed = false;
    std::optional<std::size_t> at = std::size_t(checkpointOf[i]);
    for (std::size_t steps = 0; steps <= links.size(); ++steps) {
      const auto& link = links[*at];
      if (!link.parent) {
        at.reset();
        break;
      }
      guessed = guessed || link.guessed;
      at = link.parent;
      if (drawnAt(*at)) break;
    }
    if (at && drawnAt(*at) && *drawnAt(*at) != i) out.links[i] = {drawnAt(*at), guessed};
    else if (base && *base != i && run->maps[std::size_t(out.maps[i])].role != core::analysis::MapRole::Base)
      out.links[i] = {base, true};  // its ancestors are not in this run: the run's base, as a guess
  }
  out.layout = core::model::layout_lineage(out.links);
  return out;
}

}  // namespace widgets
