// Process 10, recruitment: open posts (capacity plus posts opened by ventures, minus holders) are
// offered to candidates from the graduate, returnee and outsider pools; a candidate accepts with a
// logistic probability from the county type's fill rate, shifted by the package (the county's
// utility for the class against its type's reference) and by the acceptance lever. The pools are
// finite: when a month's acceptances from a pool exceed its candidates, the candidates take the
// offers they value most and the other posts stay open.
#pragma once

#include <array>
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
    double offer_value;  // the county's value for the class plus the candidate's taste (Gumbel)
  };
  std::vector<std::vector<Hire>> hired_;  // by county x field, kept from month to month
  // Candidates waiting in each pool (graduate, returnee, outsider), at the simulated scale; the
  // fraction of a candidate is carried over. Set at the first month to the pool's steady state.
  std::array<double, 3> pool_{};
  bool pool_started_ = false;
};

// Of `offers` (the value each accepted offer has for its candidate), the `candidates` best are
// taken, ties to the lower index: their indices, in index order. All when there are enough.
std::vector<std::size_t> offers_taken(const std::vector<double>& offers, std::int64_t candidates);

}  // namespace kunlun
