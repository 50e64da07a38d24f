// Retention curves by entry cohort for one replication: of the talents who entered the province in a
// year (recruits, programme talents and order-class graduates, by their county of entry), the share
// still working in the province and still in their county of entry 1..5 years later. A cohort is
// reported at k years only when every one of its entrants has been followed that long.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experiment/reporting_groups.h"
#include "model/simulation.h"

namespace kunlun {

class CohortRetention {
 public:
  static constexpr int kYears = kCohortMonths / 12;
  static constexpr const char* kHeader =
      "replication,cohort,group,years_since_entry,entrants,in_province,in_county\n";

  CohortRetention(const InitialState& initial, const std::vector<ReportingGroup>& groups);
  void add_step(const StepResult& step);

  struct Row {
    int cohort = 0;  // calendar year of entry
    std::size_t group = 0;
    int years = 0;
    std::int64_t entrants = 0, in_province = 0, in_county = 0;
  };
  // Every followed cohort x group x years since entry, with entrants in the group.
  std::vector<Row> rows() const;
  // Pooled over every cohort in `rows` followed `years` years: the share retained; NaN without
  // entrants.
  static double pooled(const std::vector<Row>& rows, std::size_t group, int years, CohortLoss kind);
  void append_rows(std::string& out, std::uint32_t replication) const;

  // Whether entrants arriving this way are followed (rotations and flexible engagements end by design).
  static bool followed(EntrySource source) {
    return source != EntrySource::paired_assistance && source != EntrySource::flexible;
  }

 private:
  bool followed_for(int cohort, int years) const;
  std::size_t at(int cohort, int county) const { return static_cast<std::size_t>(cohort) * counties_ + static_cast<std::size_t>(county); }

  const std::vector<ReportingGroup>* groups_;
  int start_year_, end_index_, cohorts_;
  std::size_t counties_;
  std::vector<std::int64_t> entrants_;  // cohort x county
  std::vector<std::int64_t> lost_;      // (cohort x county) x years x kind: lost by that anniversary
};

}  // namespace kunlun
