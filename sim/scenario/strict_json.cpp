#include "sim/scenario/strict_json.hpp"

#include "sim/scenario/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace ccsim::scenario {

namespace {

// An object or array being scanned: its token in its parent's pointer, and for an object the
// line of each key seen.
struct Frame {
  bool object = false;
  std::string token;      // this value's token in its parent ("" for the root)
  std::string key;        // object: the current key
  std::size_t index = 0;  // array: the current index
  std::unordered_map<std::string, std::size_t> key_lines;
};

std::string pointer_of(const std::vector<Frame>& stack) {
  std::string p;
  for (std::size_t i = 1; i < stack.size(); ++i) p += "/" + stack[i].token;
  return p;
}

}  // namespace

std::string nul_byte_error(const std::string& text, const std::string& source) {
  const std::size_t at = text.find('\0');
  if (at == std::string::npos) return "";
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return source + ":" + std::to_string(line) + ":" + std::to_string(column) +
         ": malformed JSON: NUL byte (a scenario is UTF-8 text; a parser stopping here would ignore the rest)";
}

std::vector<std::string> duplicate_key_errors(const std::string& text, const std::string& source) {
  std::vector<std::string> errors;
  std::vector<Frame> stack;
  std::size_t line = 1;
  bool expect_key = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '{' || c == '[') {
      Frame f;
      f.object = c == '{';
      if (!stack.empty())
        f.token = stack.back().object ? escape_token(stack.back().key) : std::to_string(stack.back().index);
      stack.push_back(std::move(f));
      expect_key = c == '{';
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      expect_key = false;
    } else if (c == ',') {
      if (!stack.empty() && !stack.back().object) ++stack.back().index;
      expect_key = !stack.empty() && stack.back().object;
    } else if (c == ':') {
      expect_key = false;
    } else if (c == '"') {
      const std::size_t start = i;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (!expect_key || stack.empty()) continue;
      Frame& f = stack.back();
      f.key = nlohmann::json::parse(text.substr(start, i - start + 1)).get<std::string>();
      const auto [it, fresh] = f.key_lines.emplace(f.key, line);
      if (!fresh) {
        errors.push_back(source + ": " + pointer_of(stack) + "/" + escape_token(f.key) + ": duplicate key " +
                         quote(f.key) + " at line " + std::to_string(line) + " (first at line " +
                         std::to_string(it->second) + "; JSON objects take each key once)");
      }
      expect_key = false;
    }
  }
  return errors;
}

}  // namespace ccsim::scenario
