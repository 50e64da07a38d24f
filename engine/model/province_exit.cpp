#include "model/province_exit.h"

#include <omp.h>

#include <cmath>

namespace kunlun {

ProvinceExit::ProvinceExit(const ExitParams& params, const RegionTable& regions)
    : params_(params), fields_(regions.field_count()) {
  // annual_rate is a yearly probability; the process runs monthly, so convert to the monthly
  // probability with the same survival over twelve months, then to log-odds.
  const double monthly = 1.0 - std::pow(1.0 - params.annual_rate, 1.0 / 12.0);
  const double reference = std::log(monthly / (1.0 - monthly));
  county_field_origin_.resize(static_cast<std::size_t>(regions.county_count()) * fields_ * kOrigins);
  for (int c = 0; c < regions.county_count(); ++c) {
    const Region& county = regions.county(c);
    const int type = county_type_index(county.type);
    const int pref = regions.prefecture_slot_of_county(c);
    for (int f = 0; f < fields_; ++f)
      for (int o = 0; o < kOrigins; ++o) {
        double x = reference + params.log_odds_by_county_type[static_cast<std::size_t>(type)] +
                   params.log_odds_by_origin[static_cast<std::size_t>(o)];
        if (!params.log_odds_by_prefecture.empty()) x += params.log_odds_by_prefecture[static_cast<std::size_t>(pref)];
        if (!params.log_odds_by_field.empty()) x += params.log_odds_by_field[static_cast<std::size_t>(f)];
        county_field_origin_[(static_cast<std::size_t>(c) * fields_ + f) * kOrigins + o] = x;
      }
  }
}

double ProvinceExit::base_log_odds(int county, int field, int origin, double age_years) const {
  return county_field_origin_[(static_cast<std::size_t>(county) * fields_ + field) * kOrigins + origin] +
         params_.log_odds_per_year_of_age * (age_years - params_.reference_age_years);
}

void ProvinceExit::run(StepContext& ctx) {
  AgentStore& a = ctx.agents;
  const CellLayout cells = ctx.cells;
  const float* lever = ctx.levers.data(Lever::exit_log_odds);
  const int classes = ctx.levers.classes();
  const double* table = county_field_origin_.data();
  const int fields = fields_;
  const double age_slope = params_.log_odds_per_year_of_age;
  const double age_reference = params_.reference_age_years;
  const std::int64_t n = static_cast<std::int64_t>(a.size());

#pragma omp parallel
  {
    FlowTally& tally = ctx.tallies.local(omp_get_thread_num());
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) {
      if (a.status[i] != AgentStatus::active) continue;
      const int county = a.county[i], field = a.field[i], origin = a.origin[i];
      const int cls = agent_class(field, a.level[i], a.title[i], origin);
      const double age_years = a.age_months[i] / 12.0;
      const double log_odds = table[(static_cast<std::size_t>(county) * fields + field) * kOrigins + origin] +
                              age_slope * (age_years - age_reference) +
                              lever[static_cast<std::size_t>(county) * classes + cls];
      const double p = 1.0 / (1.0 + std::exp(-log_odds));
      if (ctx.rng.uniform(a.id[i], ctx.step, Purpose::exit_province) < p) {
        a.status[i] = AgentStatus::left_province;
        tally.add(Flow::outflow_external, cells.index(county, field, a.level[i]));
      }
    }
  }
}

}  // namespace kunlun
