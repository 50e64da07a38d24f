// The checks of a run's start without its population (see initial_state_check.h).
#include "model/initial_state_check.h"

#include "core/errors.h"
#include "core/population_synthesis.h"
#include "model/recruitment.h"

namespace kunlun {

void check_region_table_fits_a_run(const RegionTable& regions) {
  // Candidate ids pack county and field (model/recruitment.h); the agent store's own limits are
  // checked with the population (check_population_synthesis).
  if (regions.county_count() > Recruitment::kMaxCounties ||
      regions.field_count() > Recruitment::kMaxFields)
    throw InputError({regions.source(), 0}, "regions", "too many counties or fields for one run",
                     "at most 4096 counties and 256 fields are supported");
}

InitialStateCheck check_initial_state(const Scenario& scenario) {
  const RegionTable regions = RegionTable::load(scenario.regions);
  check_region_table_fits_a_run(regions);
  const PopulationMargins margins = load_population_margins(scenario.population.margins, regions);
  InitialStateCheck check;
  check.agents = check_population_synthesis(margins, regions, scenario.population.total,
                                            scenario.population.scale);
  check.counties = regions.county_count();
  check.fields = regions.field_count();
  return check;
}

}  // namespace kunlun
