// UTF-8 checks for text that reaches messages and reports: scenario lines
// are UTF-8 outside comments, and what gilrace prints must stay valid UTF-8
// whatever bytes a file or a command line held.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace gilrace {

// The length of the well-formed UTF-8 character starting at text[at] (1 to
// 4), or 0 when the bytes there are not one (a stray continuation byte, an
// overlong form, a surrogate, a code point past U+10FFFF, a cut sequence).
std::size_t utf8_char_length(std::string_view text, std::size_t at);

// 3 when `text` starts with a UTF-8 byte order mark, else 0. Windows
// editors write one; every reader skips it and counts columns after it.
std::size_t byte_order_mark_length(std::string_view text);

// `text` with every byte that is not part of a well-formed UTF-8 character,
// and every control character but tab and newline, replaced by '?'.
std::string printable_text(std::string_view text);

}  // namespace gilrace
