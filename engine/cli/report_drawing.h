// The HTML report of a comparison is drawn by the kunlun.report Python module with Debian's
// matplotlib; this finds the interpreter and the module and runs them.
#pragma once

#include <filesystem>
#include <string>

namespace kunlun::cli {

struct ReportDrawer {
  std::string python;      // KUNLUN_PYTHON, or the interpreter CMake found
  std::string module_dir;  // KUNLUN_PYTHONPATH, an installed share/kunlun/python, or the source tree's
};

ReportDrawer find_report_drawer(const std::string& executable);
// Before any simulation: throws InputError, with what to install, when the report cannot be drawn.
void check_report_drawer(const ReportDrawer& drawer);
// Writes DIR/report.html; throws std::runtime_error when the module fails.
void draw_report(const ReportDrawer& drawer, const std::filesystem::path& compare_dir);

}  // namespace kunlun::cli
