// Loads a scenario through the installed engine and prints what a consumer would need: its name,
// horizon and one declared parameter read by key.
#include <cstdio>
#include <variant>

#include "experiment/parameter_setting.h"
#include "scenario/scenario.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  try {
    const kunlun::Scenario s = kunlun::load_scenario(argv[1]);
    const double rate = std::get<double>(kunlun::get_parameter(s, "behaviour.mobility.annual_move_rate"));
    std::printf("%s %s..%s annual_move_rate=%g\n", s.name.c_str(), s.start.str().c_str(), s.end.str().c_str(), rate);
  } catch (const kunlun::InputError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
