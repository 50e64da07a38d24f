// Process 10, recruitment: open posts (capacity plus posts opened by ventures, minus holders) are
// offered to candidates from the graduate, returnee and outsider pools; a candidate accepts with a
// logistic probability from the county type's fill rate, shifted by the package (the county's
// utility for the class against its type's reference) and by the acceptance lever.
#pragma once

#include <vector>

#include <cstdint>
#include <vector>

#include "model/process.h"

namespace kunlun {

// A candidate is identified by the vacancy slot it is drawn for, so the same slot yields the
// same candidate (and the same luck) in every scenario: only acceptance differs.
std::uint64_t candidate_id(std::uint32_t step, int county, int field, std::uint32_t slot);

class Recruitment final : public Process {
 public:
  std::string_view name() const override { return "recruitment"; }
  bool acts_on_population(const StepContext&) const override { return true; }
  void act_on_population(StepContext& ctx) override;

  // Candidate slots per county, field and month are bounded by the id layout.
  static constexpr std::uint32_t kMaxSlots = 1u << 20;
  static constexpr int kMaxCounties = 1 << 12;
  static constexpr int kMaxFields = 1 << 8;

 private:
  struct Hire {
    AgentRecord record;
    int source;  // CandidateSource, counted as the entry source
  };
  std::vector<std::vector<Hire>> hired_;  // by county x field, kept from month to month
};

}  // namespace kunlun
