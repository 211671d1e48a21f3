// Headless Chromium for the tests that check an HTML report renders in a real browser: the
// parsed DOM (`--dump-dom`) and a screenshot. Tests skip when /usr/bin/chromium is missing.
#pragma once

#include "tests/support/files.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace ccsim::testing {

class Browser {
public:
  static constexpr const char* kChromium = "/usr/bin/chromium";
  explicit Browser(std::filesystem::path dir) : dir_(std::move(dir)) {}
  [[nodiscard]] static bool available() { return std::filesystem::exists(kChromium); }

  // Runs headless Chromium on `page` with `mode` ("--dump-dom" or "--screenshot=..."); stdout to `out`.
  int run(const std::filesystem::path& page, const std::string& mode, const std::filesystem::path& out,
          const std::string& name) const {
    const std::filesystem::path profile = dir_ / ("profile_" + name);
    const std::string cmd = std::string("timeout 60 ") + kChromium +
                            " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                            " --disable-background-networking --disable-component-update --disable-sync"
                            " --hide-scrollbars --user-data-dir=" +
                            quoted(profile) + " " + mode + " " + quoted("file://" + page.string()) + " > " +
                            quoted(out) + " 2> " + quoted(dir_ / (name + ".log"));
    return std::system(cmd.c_str());
  }

  // The document as the browser parsed it.
  std::string dom_of(const std::filesystem::path& page, const std::string& name) const {
    const std::filesystem::path out = dir_ / (name + ".dom.html");
    EXPECT_EQ(run(page, "--dump-dom", out, name), 0) << read_text(dir_ / (name + ".log"));
    return read_text(out);
  }

  // The size of a 1200x2000 screenshot of `page` (0 when none was written).
  std::uintmax_t screenshot(const std::filesystem::path& page, const std::string& name) const {
    const std::filesystem::path png = dir_ / (name + ".png");
    EXPECT_EQ(run(page, "--screenshot=" + quoted(png) + " --window-size=1200,2000", dir_ / (name + ".out"), name), 0)
        << read_text(dir_ / (name + ".log"));
    if (!std::filesystem::exists(png)) return 0;
    EXPECT_EQ(read_text(png).substr(0, 4), "\x89PNG");
    return std::filesystem::file_size(png);
  }

  // The size of a screenshot of an empty page taken the same way.
  std::uintmax_t blank_screenshot() const {
    const std::filesystem::path blank = dir_ / "blank.html";
    std::ofstream(blank) << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>\n";
    return screenshot(blank, "blank");
  }

private:
  static std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }
  std::filesystem::path dir_;
};

}  // namespace ccsim::testing
