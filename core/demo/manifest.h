#pragma once
// The demo folder's manifest (demo.json): what build_demo made, written last so that its presence
// means the folder is complete. Paths are stored relative to the folder. Internal to core/demo.
#include <filesystem>

#include "core/demo/demo.h"
#include "core/error.h"

namespace core::demo {

inline constexpr const char* kManifestName = "demo.json";
// Bumped whenever the demo's files or recipe semantics change: old caches are then rebuilt.
inline constexpr int kDemoFormatVersion = 2;

Result<void> write_manifest(const DemoResult& result, const std::filesystem::path& folder);

// The manifest of `folder`, with paths made absolute; NotFound when there is none, Corrupt when it
// does not parse or a file it lists is missing or has another size.
Result<DemoResult> read_manifest(const std::filesystem::path& folder);

}  // namespace core::demo
