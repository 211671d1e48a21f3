// Text bound for the terminal: control characters escaped, so that a scenario's or an
// argument's bytes (an unknown name quoted in an error, a file name) cannot move the cursor,
// clear the screen or ring the bell.
#pragma once

#include <string>
#include <string_view>

namespace ccsim::cli {

// `text` with every C0 control but the newline, DEL and every C1 control (UTF-8 C2 80 to
// C2 9F) written as \uXXXX, as JSON writes them; everything else unchanged.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace ccsim::cli
