// Counter-based randomness (Random123 Philox4x32-10): every draw is a pure function of
// (seed, replication, agent id, step, purpose), so results do not depend on thread count, agent
// order or which other draws were made, and the same agent meets the same luck in every scenario.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace kunlun {

// Why a draw is made. Each purpose is its own stream: adding a draw for a new purpose never
// shifts the numbers of an existing one. Append only; never renumber (it would change results).
enum class Purpose : std::uint16_t {
  synth_age = 1,
  synth_tenure = 2,
  retirement = 3,
  exit_province = 4,
  recruit_candidate = 5,
  recruit_accept = 6,
  synth_county = 7,
  personal_traits = 8,     // employer, performance, family of a new or initial agent
  promotion = 9,
  move = 10,
  destination = 11,
  venture_start = 12,
  venture_failure = 13,
  housing_purchase = 14,
  placement = 15,          // talents placed by programmes and order classes, rotations, engagements
  selection = 16,          // cultivation and equity-fund selection
  synth_term = 17,         // remaining term of initial paired cadres and flexible talents
  paper = 18,              // meeting the paper requirement at a title evaluation
  recruit_choice = 19,     // a candidate's taste among the offers of a month, when its pool runs short
};

class KeyedRng {
 public:
  KeyedRng(std::uint64_t seed, std::uint32_t replication);

  // Four independent 32-bit words for (subject, step, purpose). `subject` is an agent id or any
  // other stable 64-bit key (a candidate slot, a county-field cell).
  std::array<std::uint32_t, 4> words(std::uint64_t subject, std::uint32_t step, Purpose purpose,
                                     std::uint16_t lane = 0) const {
    using Philox = r123::Philox4x32;
    const Philox::ctr_type ctr = {{static_cast<std::uint32_t>(subject),
                                   static_cast<std::uint32_t>(subject >> 32), step,
                                   (static_cast<std::uint32_t>(purpose) << 16) | lane}};
    const Philox::ctr_type out = Philox()(ctr, key_);
    return {out[0], out[1], out[2], out[3]};
  }

  // A uniform double in the open interval (0, 1) from one 32-bit word.
  static double to_unit(std::uint32_t word) { return (static_cast<double>(word) + 0.5) * 0x1p-32; }

  double uniform(std::uint64_t subject, std::uint32_t step, Purpose purpose) const {
    return to_unit(words(subject, step, purpose)[0]);
  }

  // The last counter word of a draw: the purpose and the lane.
  static std::uint32_t tag(Purpose purpose, std::uint16_t lane = 0) {
    return (static_cast<std::uint32_t>(purpose) << 16) | lane;
  }

  // Batched draws for hot loops: out[k] = words(subjects[k], step, purpose)[0] for k < n, with
  // the purpose and lane of tags[k] (or `tag` for all when tags is null). The same numbers as
  // words(), computed many at a time with vector instructions where the processor has them.
  void first_words(const std::uint64_t* subjects, std::uint32_t step, const std::uint32_t* tags,
                   std::uint32_t tag, std::uint32_t* out, std::size_t n) const;

 private:
  r123::Philox4x32::key_type key_;
};

}  // namespace kunlun
