// utf8_char_length and printable_text: what counts as a UTF-8 character
// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), and
// the '?' that stands for every other byte in messages.
#include <gtest/gtest.h>

#include "explorer/program/utf8.hpp"

namespace gilrace {
namespace {

TEST(Utf8, CharacterLengths) {
  EXPECT_EQ(utf8_char_length("a", 0), 1u);
  EXPECT_EQ(utf8_char_length("\xC3\xA9", 0), 2u);          // é
  EXPECT_EQ(utf8_char_length("\xE2\x82\xAC", 0), 3u);      // €
  EXPECT_EQ(utf8_char_length("\xF0\x9F\x98\x80", 0), 4u);  // U+1F600
  EXPECT_EQ(utf8_char_length("\xEF\xBB\xBF", 0), 3u);      // the byte order mark
}

TEST(Utf8, MalformedSequences) {
  EXPECT_EQ(utf8_char_length("\xE9", 0), 0u);              // Latin-1 é
  EXPECT_EQ(utf8_char_length("\xA9", 0), 0u);              // a continuation byte alone
  EXPECT_EQ(utf8_char_length("\xC3", 0), 0u);              // cut at the end
  EXPECT_EQ(utf8_char_length("\xC3(", 0), 0u);             // cut by another character
  EXPECT_EQ(utf8_char_length("\xC0\xAF", 0), 0u);          // overlong '/'
  EXPECT_EQ(utf8_char_length("\xE0\x80\xAF", 0), 0u);      // overlong '/'
  EXPECT_EQ(utf8_char_length("\xED\xA0\x80", 0), 0u);      // a surrogate, U+D800
  EXPECT_EQ(utf8_char_length("\xF4\x90\x80\x80", 0), 0u);  // U+110000
  EXPECT_EQ(utf8_char_length("\xFF", 0), 0u);
}

TEST(Utf8, PrintableText) {
  EXPECT_EQ(printable_text("caf\xC3\xA9\tx\n"), "caf\xC3\xA9\tx\n");
  EXPECT_EQ(printable_text("caf\xE9 = 0"), "caf? = 0");
  EXPECT_EQ(printable_text(std::string("n\0m", 3)), "n?m");
  EXPECT_EQ(printable_text("\x1B[31mred\x7F\r"), "?[31mred??");
}

TEST(Utf8, ByteOrderMarkOnlyAtTheStart) {
  EXPECT_EQ(byte_order_mark_length("\xEF\xBB\xBFglobal n = 0"), 3u);
  EXPECT_EQ(byte_order_mark_length("global n = 0\xEF\xBB\xBF"), 0u);
  EXPECT_EQ(byte_order_mark_length("\xEF\xBB"), 0u);  // cut short: not a mark
  EXPECT_EQ(byte_order_mark_length(""), 0u);
}

}  // namespace
}  // namespace gilrace
