#include "experiment/cohort_retention.h"

#include <limits>

namespace kunlun {

CohortRetention::CohortRetention(const InitialState& initial, const std::vector<ReportingGroup>& groups)
    : groups_(&groups),
      start_year_(initial.scenario.start.year()),
      end_index_(initial.scenario.end.index()),
      cohorts_(initial.scenario.end.year() - initial.scenario.start.year() + 1),
      counties_(static_cast<std::size_t>(initial.regions.county_count())),
      entrants_(static_cast<std::size_t>(cohorts_) * counties_, 0),
      lost_(entrants_.size() * kYears * kCohortLossKinds, 0) {}

void CohortRetention::add_step(const StepResult& step) {
  const int today = step.date.index();
  const int cohort_now = step.date.year() - start_year_;
  for (std::size_t c = 0; c < counties_; ++c) {
    const int county = static_cast<int>(c);
    for (int s = 0; s < kEntrySources; ++s)
      if (followed(static_cast<EntrySource>(s)))
        entrants_[at(cohort_now, county)] += step.flows.entry(county, static_cast<EntrySource>(s));
    for (int m = 1; m <= kCohortMonths; ++m)
      for (int kind = 0; kind < kCohortLossKinds; ++kind) {
        const std::int32_t n = step.flows.cohort_loss(county, m, static_cast<CohortLoss>(kind));
        if (n == 0) continue;
        const int cohort = YearMonth::from_index(today - m).year() - start_year_;
        // Lost by the k-th anniversary when it happened within 12k months of entry.
        for (int k = (m + 11) / 12; k <= kYears; ++k)
          lost_[(at(cohort, county) * kYears + static_cast<std::size_t>(k - 1)) * kCohortLossKinds +
                static_cast<std::size_t>(kind)] += n;
      }
  }
}

bool CohortRetention::followed_for(int cohort, int years) const {
  // The cohort's last entrants arrive in December.
  return YearMonth(start_year_ + cohort, 12).index() + 12 * years <= end_index_;
}

std::vector<CohortRetention::Row> CohortRetention::rows() const {
  std::vector<Row> out;
  for (int cohort = 0; cohort < cohorts_; ++cohort)
    for (std::size_t g = 0; g < groups_->size(); ++g)
      for (int k = 1; k <= kYears; ++k) {
        if (!followed_for(cohort, k)) continue;
        Row r{start_year_ + cohort, g, k, 0, 0, 0};
        std::int64_t lost_province = 0, lost_county = 0;
        for (std::size_t c = 0; c < counties_; ++c) {
          if (!(*groups_)[g].has_county[c]) continue;
          r.entrants += entrants_[at(cohort, static_cast<int>(c))];
          const std::size_t base = (at(cohort, static_cast<int>(c)) * kYears + static_cast<std::size_t>(k - 1)) * kCohortLossKinds;
          lost_province += lost_[base + static_cast<std::size_t>(CohortLoss::province)];
          lost_county += lost_[base + static_cast<std::size_t>(CohortLoss::county)];
        }
        if (r.entrants == 0) continue;
        r.in_province = r.entrants - lost_province;
        r.in_county = r.entrants - lost_county;
        out.push_back(r);
      }
  return out;
}

double CohortRetention::pooled(const std::vector<Row>& rows, std::size_t group, int years, CohortLoss kind) {
  std::int64_t entrants = 0, kept = 0;
  for (const Row& r : rows)
    if (r.group == group && r.years == years) {
      entrants += r.entrants;
      kept += kind == CohortLoss::province ? r.in_province : r.in_county;
    }
  return entrants > 0 ? static_cast<double>(kept) / static_cast<double>(entrants)
                      : std::numeric_limits<double>::quiet_NaN();
}

void CohortRetention::append_rows(std::string& out, std::uint32_t replication) const {
  for (const Row& r : rows())
    out += std::to_string(replication) + "," + std::to_string(r.cohort) + "," + (*groups_)[r.group].code + "," +
           std::to_string(r.years) + "," + std::to_string(r.entrants) + "," + std::to_string(r.in_province) + "," +
           std::to_string(r.in_county) + "\n";
}

}  // namespace kunlun
