#include "cli/terminal_text.hpp"

#include <cstdio>

namespace ccsim::cli {

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    unsigned code = c;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      code = static_cast<unsigned char>(text[++i]);  // a C1 control, U+0080 to U+009F
    } else if ((c >= 0x20 && c != 0x7F) || c == '\n') {
      out += text[i];
      continue;
    }
    char escaped[8];
    std::snprintf(escaped, sizeof escaped, "\\u%04x", code);
    out += escaped;
  }
  return out;
}

}  // namespace ccsim::cli
