// `kunlun parameters [FILE] [--format text|csv|markdown]`: every declared parameter, with its value
// in a scenario, unit, range and evidence.
#include <iostream>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "core/errors.h"
#include "experiment/parameter_listing.h"

namespace kunlun::cli {

int parameters_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("format", po::value<std::string>()->default_value("text"), "text, csv or markdown")
      ("set", po::value<std::vector<std::string>>(), "KEY=VALUE: override one scenario key first (repeatable)");
  const po::variables_map vm = parse_with_files(args, opts, 1);
  if (vm.count("help")) {
    std::cout << "Usage: kunlun parameters [FILE] [--format text|csv|markdown]\n\n"
                 "Lists every behaviour and policy parameter: its value in the scenario FILE (or its default\n"
                 "without one), unit, valid range, default, meaning, and its evidence: a source, or\n"
                 "\"assumption, to calibrate\". The Markdown of the baseline is docs/parameters.md.\n\n"
              << opts;
    return kExitOk;
  }
  const std::string format = vm["format"].as<std::string>();
  ListingFormat f = ListingFormat::text;
  if (format == "csv")
    f = ListingFormat::csv;
  else if (format == "markdown")
    f = ListingFormat::markdown;
  else if (format != "text")
    throw InputError({"<command line>"}, "--format", "unknown format '" + format + "'",
                     suggestion_hint(format, {"text", "csv", "markdown"}, "one of: "));
  if (!vm.count("file")) {
    std::cout << format_parameters(list_parameters(nullptr), f, "");
    return kExitOk;
  }
  const std::string file = vm["file"].as<std::vector<std::string>>().front();
  const std::vector<std::string> settings =
      vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  const Scenario sc = load_with_overrides(file, std::nullopt, std::nullopt, settings);
  std::cout << format_parameters(list_parameters(&sc), f, file);
  return kExitOk;
}

}  // namespace kunlun::cli
