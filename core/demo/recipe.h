#pragma once
// The demo recipe as JSON (the cache key, --recipe overrides) and its checks. Internal to core/demo.
#include <nlohmann/json.hpp>

#include "core/demo/demo.h"
#include "core/error.h"

namespace core::demo {

// Every field of `recipe`, under its member name.
nlohmann::json recipe_json(const DemoRecipe& recipe);

// InvalidInput naming the first field out of range.
Result<void> check_recipe(const DemoRecipe& recipe, int threads);

}  // namespace core::demo
