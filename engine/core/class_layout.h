// The agent class (field x level x title x origin), what policies target and lever tables are
// indexed by besides the county: the one place that encodes it, decodes it and lays out the
// county x class tables of levers, cost bases, place values and policy targets.
#pragma once

#include <cstddef>

#include "core/categories.h"

namespace kunlun {

// The parts of an agent class.
struct AgentClassParts {
  int field = 0, level = 0, title = 0, origin = 0;
};

struct ClassLayout {
  int counties = 0, fields = 0;

  constexpr ClassLayout() = default;
  constexpr ClassLayout(int counties_, int fields_) : counties(counties_), fields(fields_) {}

  // Classes per county, and cells (county x class) in all.
  constexpr int classes() const { return class_count(fields); }
  constexpr std::size_t cells() const {
    return static_cast<std::size_t>(counties) * static_cast<std::size_t>(classes());
  }
  static constexpr int class_count(int fields) { return fields * kLevels * kTitles * kOrigins; }

  // Origin varies fastest, then title, level and field: a field's classes are contiguous.
  static constexpr int encode(int field, int level, int title, int origin) {
    return ((field * kLevels + level) * kTitles + title) * kOrigins + origin;
  }
  static constexpr AgentClassParts decode(int agent_class) {
    return {agent_class / (kOrigins * kTitles * kLevels), (agent_class / (kOrigins * kTitles)) % kLevels,
            (agent_class / kOrigins) % kTitles, agent_class % kOrigins};
  }
  static constexpr int origin_of(int agent_class) { return agent_class % kOrigins; }
  static constexpr int title_of(int agent_class) { return (agent_class / kOrigins) % kTitles; }

  // Row-major by county: the index of a county's class in a county x class table.
  constexpr std::size_t cell(int county, int agent_class) const {
    return static_cast<std::size_t>(county) * static_cast<std::size_t>(classes()) +
           static_cast<std::size_t>(agent_class);
  }
  constexpr std::size_t cell(int county, int field, int level, int title, int origin) const {
    return cell(county, encode(field, level, title, origin));
  }
};

}  // namespace kunlun
