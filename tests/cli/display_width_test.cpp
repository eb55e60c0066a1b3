// SPDX-License-Identifier: MIT
// The width of a table cell in terminal columns, which the command's tables pad by.
#include "display_width.hpp"

#include <doctest/doctest.h>

using chokepoint::cli::code_point_width;
using chokepoint::cli::display_width;

TEST_CASE("display width: ASCII, wide East Asian characters and combining marks") {
  CHECK(display_width("") == 0);
  CHECK(display_width("Lynas") == 5);
  CHECK(display_width("北方稀土集团") == 12);        // CJK ideographs: 2 columns each
  CHECK(display_width("Société Générale") == 16);    // precomposed é: 1 column
  CHECK(display_width("Socie\u0301te\u0301") == 7);  // e + COMBINING ACUTE ACCENT: 1 column
  CHECK(display_width("ＡＢＣ") == 6);               // fullwidth forms
  CHECK(display_width("삼성전자") == 8);             // Hangul syllables
  CHECK(display_width("ｶﾀｶﾅ") == 4);                 // halfwidth katakana: 1 column
  CHECK(display_width("トヨタ通商") == 10);
  CHECK(display_width("Zürich 中") == 9);
  CHECK(display_width("a\u200Bb") == 2);    // ZERO WIDTH SPACE
  CHECK(display_width("\U0001F600") == 2);  // an emoji
  CHECK(display_width("\U00020000") == 2);  // CJK Extension B
}

TEST_CASE("display width: bytes that are not UTF-8 take one column each") {
  CHECK(display_width("\xff") == 1);
  CHECK(display_width("a\xe4\xb8") == 3);     // a truncated 3-byte sequence
  CHECK(display_width("\xc0\xaf") == 2);      // an overlong '/'
  CHECK(display_width("\xed\xa0\x80") == 3);  // a surrogate
}

TEST_CASE("display width: the edges of the ranges") {
  CHECK(code_point_width(U'\u10FF') == 1);
  CHECK(code_point_width(U'\u1100') == 2);
  CHECK(code_point_width(U'\u115F') == 2);
  CHECK(code_point_width(U'\u1160') == 0);
  CHECK(code_point_width(U'\u2E7F') == 1);
  CHECK(code_point_width(U'\u2E80') == 2);
  CHECK(code_point_width(U'\u302A') == 0);
  CHECK(code_point_width(U'\u4DFF') == 1);  // Yijing hexagram symbols: narrow
  CHECK(code_point_width(U'\u4E00') == 2);
  CHECK(code_point_width(U'\u9FFF') == 2);
  CHECK(code_point_width(U'\uA4D0') == 1);
  CHECK(code_point_width(U'\uD7A3') == 2);
  CHECK(code_point_width(U'\uD7A4') == 1);
  CHECK(code_point_width(U'\uFF01') == 2);
  CHECK(code_point_width(U'\uFF61') == 1);
  CHECK(code_point_width(U'\u0300') == 0);
  CHECK(code_point_width(U'\u036F') == 0);
  CHECK(code_point_width(U'\u0370') == 1);
  CHECK(code_point_width(U'\t') == 0);
}
