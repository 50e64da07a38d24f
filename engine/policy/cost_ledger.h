// The month's policy costs, CNY, by policy and county, and the level of government that pays each
// policy. Policies book into it; outputs aggregate it to prefectures and the province.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace kunlun {

enum class PayingLevel : std::uint8_t { province, prefecture, county };
inline constexpr std::array<std::string_view, 3> kPayingLevelNames{"province", "prefecture", "county"};

class CostLedger {
 public:
  CostLedger() = default;
  CostLedger(int policies, int counties)
      : policies_(policies), counties_(counties),
        cny_(static_cast<std::size_t>(policies) * static_cast<std::size_t>(counties), 0.0) {}

  int policies() const { return policies_; }
  int counties() const { return counties_; }
  void book(int policy, int county, double cny) { cny_[index(policy, county)] += cny; }
  double at(int policy, int county) const { return cny_[index(policy, county)]; }
  double policy_total(int policy) const {
    double sum = 0;
    for (int c = 0; c < counties_; ++c) sum += at(policy, c);
    return sum;
  }
  void clear() { cny_.assign(cny_.size(), 0.0); }

 private:
  std::size_t index(int policy, int county) const {
    return static_cast<std::size_t>(policy) * static_cast<std::size_t>(counties_) + static_cast<std::size_t>(county);
  }
  int policies_ = 0, counties_ = 0;
  std::vector<double> cny_;
};

}  // namespace kunlun
