// The routing graph of a run report: Graphviz's `dot -Tsvg` on the scenario's DOT (what
// `ccsim graph` prints), inlined; without `dot` on PATH, a note saying how to get it.
#include "analysis/reports/html_run_sections.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace ccsim::analysis::html {

namespace {

// The `dot` program on PATH, if any.
std::optional<std::filesystem::path> find_dot() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  const std::string dirs = path;
  std::size_t from = 0;
  while (from <= dirs.size()) {
    const std::size_t to = std::min(dirs.find(':', from), dirs.size());
    const std::filesystem::path candidate = std::filesystem::path(dirs.substr(from, to - from)) / "dot";
    if (to > from && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    from = to + 1;
  }
  return std::nullopt;
}

// `dot -Tsvg` on `dot_text`: the <svg> element, or nothing when dot failed.
std::optional<std::string> render(const std::filesystem::path& dot, const std::string& dot_text) {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return std::nullopt;
  const auto file = dir / ("ccsim-routing-" + std::to_string(::getpid()) + ".dot");
  std::ofstream(file) << dot_text;
  const auto quote = [](const std::string& s) {
    std::string q = "'";
    for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  const std::string cmd = quote(dot.string()) + " -Tsvg " + quote(file.string()) + " 2>/dev/null";
  std::string out;
  if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n = 0; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    if (::pclose(pipe) != 0) out.clear();
  }
  std::filesystem::remove(file, ec);
  const std::size_t svg = out.find("<svg");
  if (svg == std::string::npos) return std::nullopt;
  out.erase(0, svg);  // the XML prolog and doctype have no place inside HTML
  // The xlink namespace declaration is a URL; HTML knows xlink: attributes without it.
  const std::string xlink = " xmlns:xlink=\"http://www.w3.org/1999/xlink\"";
  if (const std::size_t at = out.find(xlink); at != std::string::npos) out.erase(at, xlink.size());
  return out;
}

}  // namespace

void routing_graph_section(Page& page, const std::string& dot_text) {
  if (dot_text.empty()) return;
  page.h2("routing", "Routing graph");
  const auto dot = find_dot();
  const auto svg = dot ? render(*dot, dot_text) : std::nullopt;
  if (!svg) {
    page.note(dot ? "Graphviz dot could not draw the routing graph; ccsim graph SCENARIO | dot -Tsvg shows why."
                  : "Install Graphviz to see the routing graph (dot on PATH); ccsim graph SCENARIO prints it as DOT.");
    return;
  }
  page.raw("<figure class=\"routing\">" + *svg +
           "<figcaption>The scenario's routing as ccsim graph draws it (Graphviz): queues (boxes) and agent groups "
           "(ellipses) per site, exits (double octagons), overflow rules (arrows labelled with their condition) "
           "and the queues each group serves (dashed).</figcaption></figure>\n");
}

}  // namespace ccsim::analysis::html
