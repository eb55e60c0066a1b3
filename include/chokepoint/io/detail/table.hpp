// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// One CSV table with a header row, read with fast-cpp-csv-parser (fccp): its LineReader
// does the buffered reading (on a read-ahead thread for large inputs), the UTF-8 byte
// order mark, CRLF and the line-length limit; its double_quote_escape and trim_chars
// policies split, unquote and trim fields; its single_and_empty_line_comment policy
// recognises comment and blank lines. The rules of the format (the header, comments and
// blank lines, quoting, rows as long as the header, optional columns) are those of
// docs/formats.md, "CSV rules common to every file".
//
// Why not fccp's CSVReader: error messages must give the field number as the user sees
// it in the file, and CSVReader keeps the header's column order private and does not
// say in which field a quote was left open or how many fields a ragged row has. So the
// table drives the same fccp policies field by field and keeps that bookkeeping itself.

#include <chokepoint/detail/number.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/detail/fccp.hpp>
#include <chokepoint/io/detail/source.hpp>
#include <chokepoint/scalar.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint::io::detail {

// Fields are numbers as the library reads them everywhere (cut specs, the command).
using chokepoint::detail::number_status;
using chokepoint::detail::parse_number;

struct column {
  const char* name;
  bool required;
};

/// What a number in a column must be.
enum class rule { positive, non_negative, fraction, finite };

/// fccp's limit: a line of 2^24 bytes or more is refused.
inline constexpr std::size_t max_line_length = (std::size_t{1} << 24) - 1;

/// A field's text as shown in a message: at most 40 bytes, not cutting a UTF-8 sequence.
[[nodiscard]] inline std::string shown(std::string_view text) {
  constexpr std::size_t limit = 40;
  if (text.size() <= limit) return std::string(text);
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n)) + "...";
}

template <std::size_t N>
class table {
 public:
  /// Reads the header. Throws parse_error for an empty input, a missing or duplicate
  /// column, or anything the source throws.
  table(std::string file, std::unique_ptr<checked_source> source, const std::array<column, N>& columns)
      : file_(std::move(file)),
        source_(std::move(source)),
        lines_(file_, std::make_unique<borrowed_source>(*source_)),
        columns_(columns) {
    char* header = next_content_line();
    if (!header) throw parse_error(file_, 0, 0, "empty file (expected a header row)");
    line_ = lines_.get_file_line();
    read_header(header);
  }

  table(const table&) = delete;
  table& operator=(const table&) = delete;

  /// Moves to the next data row; false at the end of the input.
  bool next() {
    char* line = next_content_line();
    if (!line) return false;
    line_ = lines_.get_file_line();
    split_row(line);
    return true;
  }

  /// 1-based line of the current row (of the header before the first next()).
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

  /// Text of column k in the current row (empty if the header lacks it).
  [[nodiscard]] std::string_view text(std::size_t k) const noexcept { return text_[k]; }

  /// Column k as a name: non-empty. Valid until the next call of next().
  [[nodiscard]] std::string_view name(std::size_t k) const {
    if (text_[k].empty()) fail(k, "empty name");
    return text_[k];
  }

  /// A guess of the number of data rows in the whole input, from the size of a file and
  /// the length of the rows read so far; 0 when unknown. For reserving, not for logic.
  [[nodiscard]] std::size_t expected_rows() const noexcept {
    const std::size_t size = source_->size();
    if (size == 0 || rows_ == 0 || row_bytes_ == 0) return 0;
    return static_cast<std::size_t>(static_cast<double>(size) / static_cast<double>(row_bytes_) *
                                    static_cast<double>(rows_) * 1.25);
  }

  /// Column k as a number obeying `r`.
  template <scalar T>
  [[nodiscard]] T number(std::size_t k, rule r) const {
    T value{};
    const std::string_view s = text_[k];
    switch (parse_number(s.data(), s.data() + s.size(), value)) {
      case number_status::ok: break;
      case number_status::not_a_number: fail(k, "expected a number, got '" + shown(s) + "'");
      case number_status::out_of_range: fail(k, "number out of range, got '" + shown(s) + "'");
      case number_status::not_finite: fail_rule(k, r);
    }
    const bool ok = r == rule::positive       ? value > T(0)
                    : r == rule::non_negative ? !(value < T(0))
                    : r == rule::fraction     ? !(value < T(0)) && value < T(1)
                                              : true;
    if (!ok) fail_rule(k, r);
    if (value == T(0)) value = T(0);  // no -0 in the results
    return value;
  }

  /// Column k as a number obeying `r`, or nothing if the column or the field is empty.
  template <scalar T>
  [[nodiscard]] std::optional<T> optional_number(std::size_t k, rule r) const {
    if (text_[k].empty()) return std::nullopt;
    return number<T>(k, r);
  }

  /// Throws parse_error for column k of the current row: "<file>:<line>:<field>:
  /// <column>: <what>".
  [[noreturn]] void fail(std::size_t k, const std::string& what) const {
    raise(line_, field_of_[k], std::string(columns_[k].name) + ": " + what);
  }

 private:
  using quote = fccp::double_quote_escape<',', '"'>;
  using trim = fccp::trim_chars<' ', '\t'>;
  using comment = fccp::single_and_empty_line_comment<'#'>;

  /// LineReader destroys its byte source as soon as it has read everything (at once,
  /// for an input under 32 MB), but the table asks the source about NUL bytes until
  /// the end: so LineReader gets this stand-in and the table keeps the source.
  class borrowed_source final : public fccp::ByteSourceBase {
   public:
    explicit borrowed_source(checked_source& source) : source_(source) {}
    int read(char* buffer, int size) override { return source_.read(buffer, size); }

   private:
    checked_source& source_;
  };

  [[noreturn]] void fail_rule(std::size_t k, rule r) const {
    const char* must = r == rule::positive       ? "must be positive and finite"
                       : r == rule::non_negative ? "must be non-negative and finite"
                       : r == rule::fraction     ? "must be in [0, 1)"
                                                 : "must be finite";
    fail(k, std::string(must) + ", got '" + shown(text_[k]) + "'");
  }

  /// Next line from fccp, with its exceptions turned into ours. At the end of an input
  /// cut short by a NUL byte, reports the NUL.
  char* next_physical_line() {
    char* line = nullptr;
    try {
      line = lines_.next_line();
    } catch (const fccp::error::line_length_limit_exceeded& e) {
      throw parse_error(file_, static_cast<std::size_t>(e.file_line), 0,
                        "line longer than " + std::to_string(max_line_length) + " bytes");
    } catch (const fccp::error::base& e) {
      // No other fccp error comes from LineReader today; never let one escape.
      throw parse_error(file_, lines_.get_file_line(), 0, e.what());
    }
    if (!line && source_->nul_seen()) throw nul_error();
    return line;
  }

  char* next_content_line() {
    char* line;
    do line = next_physical_line();
    while (line && comment::is_comment(line));
    return line;
  }

  [[nodiscard]] parse_error nul_error() const {
    // The NUL is on the line after the last one delivered if it starts a line,
    // otherwise on the last one delivered (the part before the NUL).
    std::size_t line = lines_.get_file_line();
    if (source_->nul_starts_line() || line == 0) ++line;
    return parse_error(file_, line, 0, "NUL byte (binary data, not CSV text)");
  }

  /// Throws parse_error(line, field, what), unless the line is the partial last line
  /// before a NUL byte: then the NUL is the problem, not what the partial line lacks.
  [[noreturn]] void raise(std::size_t line, std::size_t field, const std::string& what) const {
    if (source_->nul_seen() && !source_->nul_starts_line() && line == lines_.get_file_line()) {
      bool more = true;
      try {
        more = lines_.next_line() != nullptr;
      } catch (...) {
        // a line too long follows: this one was not the last
      }
      if (!more) throw nul_error();
    }
    throw parse_error(file_, line, field, what);
  }

  /// Cuts the next field off `rest` (fccp's quoting rules); returns its end. Sets `rest`
  /// to nullptr after the last field.
  char* cut_field(char*& rest, std::size_t field) const {
    char* begin = rest;
    const char* end = nullptr;
    try {
      end = quote::find_next_column_end(begin);
    } catch (const fccp::error::escaped_string_not_closed&) {
      raise(line_, field, "unterminated quoted field");
    }
    char* e = begin + (end - begin);
    rest = *e == '\0' ? nullptr : e + 1;
    return e;
  }

  static std::string_view clean(char* begin, char* end) {
    trim::trim(begin, end);
    quote::unescape(begin, end);
    return {begin, static_cast<std::size_t>(end - begin)};
  }

  void read_header(char* line) {
    std::size_t field = 0;
    for (char* rest = line; rest;) {
      ++field;
      char* begin = rest;
      char* end = cut_field(rest, field);
      const std::string_view name = clean(begin, end);
      int k = -1;
      for (std::size_t i = 0; i < N; ++i) {
        if (name == columns_[i].name) {
          if (field_of_[i] != 0) raise(line_, field, "duplicate column '" + std::string(name) + "'");
          field_of_[i] = field;
          k = static_cast<int>(i);
        }
      }
      column_at_.push_back(k);
    }
    for (std::size_t i = 0; i < N; ++i)
      if (columns_[i].required && field_of_[i] == 0)
        raise(line_, 0, "missing column '" + std::string(columns_[i].name) + "'");
  }

  void split_row(char* line) {
    const std::size_t expected = column_at_.size();
    std::size_t field = 0;
    const char* last_end = line;
    for (char* rest = line; rest;) {
      ++field;
      char* begin = rest;
      char* end = cut_field(rest, field);
      last_end = end;
      if (field <= expected) {
        if (const int k = column_at_[field - 1]; k >= 0) text_[static_cast<std::size_t>(k)] = clean(begin, end);
      }
    }
    if (field != expected)
      raise(line_, 0,
            std::string(field < expected ? "too few fields" : "too many fields") + ": expected " +
                std::to_string(expected) + ", got " + std::to_string(field));
    ++rows_;
    row_bytes_ += static_cast<std::size_t>(last_end - line) + 1;
  }

  std::string file_;
  std::unique_ptr<checked_source> source_;  // outlives lines_ and its read-ahead thread
  mutable fccp::LineReader lines_;
  std::array<column, N> columns_;
  std::array<std::size_t, N> field_of_{};   // 1-based field number in the file, 0 if absent
  std::vector<int> column_at_;              // for each field of the header: column index or -1
  std::array<std::string_view, N> text_{};  // fields of the current row, by column
  std::size_t line_ = 0;
  std::size_t rows_ = 0;       // data rows read so far
  std::size_t row_bytes_ = 0;  // and their length in bytes, for expected_rows()
};

}  // namespace chokepoint::io::detail
