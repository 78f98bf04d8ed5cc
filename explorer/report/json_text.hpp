// The text of a JSON file gilrace writes (report, trace, diff, baseline).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace gilrace {

// Indented by 2, then a newline. A byte that is not UTF-8 becomes U+FFFD
// instead of an exception: a path from the command line may hold any bytes,
// and the file must still be written, and be valid JSON.
inline std::string json_text(const nlohmann::json& json) {
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace gilrace
