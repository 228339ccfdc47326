#include "core/demo/manifest.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace core::demo {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string relative_name(const fs::path& p, const fs::path& folder) { return p.lexically_relative(folder).generic_string(); }

// The files whose sizes the manifest pins (a truncated copy is not a cache hit). Not the session:
// the user's annotations and view state change it, and they must not make the demo rebuild.
std::vector<fs::path> pinned_files(const DemoResult& r) {
  std::vector<fs::path> files{r.territory, r.tokenizer, r.prompts_file};
  for (const auto& m : r.maps) files.push_back(m.folder / "model.safetensors");
  return files;
}

}  // namespace

Result<void> write_manifest(const DemoResult& r, const fs::path& folder) {
  json maps = json::array();
  for (const auto& m : r.maps)
    maps.push_back({{"name", m.name}, {"role", m.role}, {"folder", relative_name(m.folder, folder)}, {"sha256", m.sha256},
                    {"description", m.description}, {"greedy_sample", m.greedy_sample},
                    {"sampled_reward", m.sampled_reward}});
  json prompts = json::array();
  for (const auto& p : r.prompts) prompts.push_back({{"name", p.name}, {"text", p.text}});
  json stages = json::array();
  for (const auto& [name, s] : r.stage_seconds) stages.push_back({{"stage", name}, {"seconds", s}});
  json training = json::object();
  for (const auto& [name, v] : r.training) training[name] = v;
  json sizes = json::object();
  for (const auto& f : pinned_files(r)) {
    std::error_code ec;
    const auto n = fs::file_size(f, ec);
    if (ec) return fail(ErrorCode::Io, "a demo file is missing", f.string(), ec.message());
    sizes[relative_name(f, folder)] = n;
  }
  const json doc = {
      {"format", kDemoFormatVersion},
      {"key", r.key},
      {"session", relative_name(r.session, folder)},
      {"territory", relative_name(r.territory, folder)},
      {"tokenizer", relative_name(r.tokenizer, folder)},
      {"prompts_file", relative_name(r.prompts_file, folder)},
      {"maps", maps},
      {"prompts", prompts},
      {"zoom_prompt", r.zoom_prompt},
      {"comparison_run", r.comparison_run},
      {"zoom_run", r.zoom_run},
      {"training_documents", r.training_documents},
      {"territory_documents", r.territory_documents},
      {"training_tokens", r.training_tokens},
      {"effects", effects_json(r.effects)},
      {"build_seconds", r.seconds},
      {"stages", stages},
      {"training", training},
      {"sizes", sizes}};
  // Written beside and renamed, so a reader never sees half a manifest.
  const fs::path tmp = folder / (std::string(kManifestName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << doc.dump(2) << '\n';
    out.flush();
    if (!out) return fail(ErrorCode::Io, "cannot write the demo manifest", tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, folder / kManifestName, ec);
  if (ec) return fail(ErrorCode::Io, "cannot write the demo manifest", (folder / kManifestName).string(), ec.message());
  return {};
}

Result<DemoResult> read_manifest(const fs::path& folder) {
  const fs::path file = folder / kManifestName;
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorCode::NotFound, "no demo manifest", file.string());
  std::ostringstream text;
  text << in.rdbuf();
  DemoResult r;
  try {
    const json doc = json::parse(text.str());
    if (doc.at("format").get<int>() != kDemoFormatVersion)
      return fail(ErrorCode::Corrupt, "the demo was made by another version of Cartograph", file.string());
    r.key = doc.at("key").get<std::string>();
    r.folder = folder;
    r.session = folder / doc.at("session").get<std::string>();
    r.territory = folder / doc.at("territory").get<std::string>();
    r.tokenizer = folder / doc.at("tokenizer").get<std::string>();
    r.prompts_file = folder / doc.at("prompts_file").get<std::string>();
    for (const auto& m : doc.at("maps"))
      r.maps.push_back({m.at("name"), m.at("role"), folder / m.at("folder").get<std::string>(), m.at("sha256"),
                        m.at("description"), m.at("greedy_sample"), m.at("sampled_reward")});
    for (const auto& p : doc.at("prompts")) r.prompts.push_back({p.at("name"), p.at("text")});
    r.zoom_prompt = doc.at("zoom_prompt");
    r.comparison_run = doc.at("comparison_run");
    r.zoom_run = doc.at("zoom_run");
    r.training_documents = doc.at("training_documents");
    r.territory_documents = doc.at("territory_documents");
    r.training_tokens = doc.at("training_tokens");
    r.effects = effects_from_json(doc.at("effects"));
    for (const auto& s : doc.at("stages")) r.stage_seconds.emplace_back(s.at("stage"), s.at("seconds"));
    for (const auto& [name, v] : doc.at("training").items()) r.training.emplace_back(name, v.get<double>());
    for (const auto& [name, size] : doc.at("sizes").items()) {
      std::error_code ec;
      const auto actual = fs::file_size(folder / name, ec);
      if (ec || actual != size.get<std::uintmax_t>())
        return fail(ErrorCode::Corrupt, "the demo folder is incomplete: " + name + " is missing or changed", file.string());
    }
  } catch (const std::exception& ex) {
    return fail(ErrorCode::Corrupt, "the demo manifest does not parse", file.string(), ex.what());
  }
  std::error_code ec;
  if (!fs::is_regular_file(r.session, ec))
    return fail(ErrorCode::Corrupt, "the demo folder is incomplete: its session is missing", file.string());
  return r;
}

}  // namespace core::demo
