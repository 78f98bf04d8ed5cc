// SHA-256 (FIPS 180-4) of a text, as 64 lowercase hex digits: how reports
// and traces name the exact scenario text they came from.
#pragma once
#include <string>
#include <string_view>

namespace gilrace {
std::string sha256_hex(std::string_view data);
}
