// Declared uncertainties: quantiles against closed forms, anchors, text, and the overrides a
// scenario writes (shape errors named at their line).
#include "parameters/uncertainty.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "parameters/parameter.h"
#include "testing/input_error_testing.h"

namespace kunlun {
namespace {

using testing::error_of;

Parameter share_parameter() {
  Parameter p;
  p.key = "behaviour.x.share";
  p.min = 0;
  p.max = 1;
  return p;
}

Parameter open_parameter() {
  Parameter p;
  p.key = "behaviour.x.weight";
  return p;
}

TEST(Uncertainty, QuantilesMatchTheirClosedForms) {
  const Parameter p = open_parameter();
  EXPECT_DOUBLE_EQ(quantile(uniform(0, 4, "r"), p, 0.25), 1.0);
  EXPECT_NEAR(quantile(log_uniform(1, 100, "r"), p, 0.5), 10.0, 1e-12);
  EXPECT_NEAR(quantile(log_uniform(1, 100, "r"), p, 0.25), std::sqrt(10.0), 1e-12);
  // Triangular (0, 1, 2): F(x) = x^2 / 2 below the mode, so q = 0.125 at x = 0.5.
  EXPECT_NEAR(quantile(triangular(0, 1, 2, "r"), p, 0.125), 0.5, 1e-12);
  EXPECT_NEAR(quantile(triangular(0, 1, 2, "r"), p, 0.5), 1.0, 1e-12);
  // A symmetric truncation leaves the median at the mean; q = 0 and 1 are the ends.
  const Uncertainty n = truncated_normal(1, 0.5, 0, 2, "r");
  EXPECT_NEAR(quantile(n, p, 0.5), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(quantile(n, p, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(quantile(n, p, 1.0), 2.0);
  // Truncation to [mean, inf) in effect: the half-normal's median is 0.6745 sd above the mean.
  EXPECT_NEAR(quantile(truncated_normal(0, 1, 0, 50, "r"), p, 0.5), 0.6744897501960817, 1e-9);
  // Beta(1, 1) is uniform; Beta(2, 2) is symmetric; Beta(2, 1) has F(x) = x^2.
  EXPECT_NEAR(quantile(beta(1, 1, 2, 4, "r"), p, 0.3), 2.6, 1e-12);
  EXPECT_NEAR(quantile(beta(2, 2, 0, 1, "r"), p, 0.5), 0.5, 1e-12);
  EXPECT_NEAR(quantile(beta(2, 1, 0, 1, "r"), p, 0.25), 0.5, 1e-12);
}

TEST(Uncertainty, AWholeNumberParameterTakesEachWholeValueEquallyOften) {
  Parameter p = open_parameter();
  p.type = ParameterType::integer;
  const Uncertainty u = uniform(6, 12, "r");
  std::map<double, int> count;
  const int n = 7000;
  for (int i = 0; i < n; ++i) ++count[quantile(u, p, (i + 0.5) / n)];
  ASSERT_EQ(count.size(), 7u);
  for (const auto& [value, c] : count) {
    EXPECT_EQ(value, std::round(value));
    EXPECT_EQ(c, 1000) << value;
  }
}

TEST(Uncertainty, AChoiceSpreadsOverItsOptions) {
  Parameter p = open_parameter();
  p.type = ParameterType::choice;
  p.choices = {"a", "b", "c"};
  const Uncertainty u = resolve(one_of({"b", "c"}, "r"), p, p.key, 0);
  EXPECT_EQ(quantile(u, p, 0.1), 0.0);
  EXPECT_EQ(quantile(u, p, 0.9), 1.0);
  EXPECT_EQ(quantile(u, p, 1.0), 1.0);
  EXPECT_NE(error_of([&] { resolve(one_of({"d"}, "r"), p, p.key, 0); }).message().find("'d' is not one of"),
            std::string::npos);
}

TEST(Uncertainty, AnchorsFollowTheValueInForce) {
  const Parameter p = open_parameter();
  const Uncertainty times = resolve(times_value(log_uniform(0.5, 2, "r")), p, p.key, 0.06);
  EXPECT_DOUBLE_EQ(times.low, 0.03);
  EXPECT_DOUBLE_EQ(times.high, 0.12);
  const Uncertainty plus = resolve(plus_value(uniform(-0.5, 0.5, "r")), p, p.key, -0.7);
  EXPECT_DOUBLE_EQ(plus.low, -1.2);
  EXPECT_DOUBLE_EQ(plus.high, -0.2);
  EXPECT_EQ(uncertainty_text(times_value(log_uniform(0.5, 2, "r"))), "log-uniform x0.5 to x2 of the value");
  EXPECT_EQ(uncertainty_text(plus), "uniform -1.2 to -0.2");
}

TEST(Uncertainty, ARangeOutsideTheValidRangeIsRefusedNotClamped) {
  const Parameter p = share_parameter();
  const InputError e = error_of([&] { resolve(times_value(uniform(0.5, 2, "r")), p, p.key, 0.8); });
  EXPECT_EQ(e.key(), "behaviour.x.share");
  EXPECT_NE(e.message().find("0.4 to 1.6 leaves the parameter's valid range (0 to 1)"), std::string::npos)
      << e.message();
  EXPECT_NE(error_of([&] { resolve(log_uniform(0, 1, "r"), p, p.key, 0.5); }).message().find("above 0"),
            std::string::npos);
  EXPECT_NE(error_of([&] { resolve(uniform(0.5, 0.5, "r"), p, p.key, 0.5); }).message().find("is empty"),
            std::string::npos);
  EXPECT_NE(error_of([&] { resolve(triangular(0, 0.9, 0.5, "r"), p, p.key, 0.5); }).message().find("mode"),
            std::string::npos);
}

UncertaintyOverride override_of(const std::string& yaml) {
  const ConfigNode tree = read_yaml_text("uncertainty:\n  behaviour.x.share: " + yaml + "\n", "design.yaml");
  const auto all = read_uncertainty_overrides(*tree.find("uncertainty"), "uncertainty");
  EXPECT_EQ(all.size(), 1u);
  return all.at(0);
}

TEST(UncertaintyOverride, FixNarrowReboundAndReplace) {
  const Parameter p = share_parameter();
  const Uncertainty declared = uniform(0.2, 0.6, "declared");
  EXPECT_FALSE(apply_override(declared, p, 0.3, nullptr) == std::nullopt);
  const UncertaintyOverride fixed = override_of("fixed");
  EXPECT_EQ(apply_override(declared, p, 0.3, &fixed), std::nullopt);
  // Halved about the value in force, 0.3: 0.25 to 0.45.
  const UncertaintyOverride half = override_of("{scale: 0.5}");
  const auto narrowed = apply_override(declared, p, 0.3, &half);
  ASSERT_TRUE(narrowed);
  EXPECT_DOUBLE_EQ(narrowed->low, 0.25);
  EXPECT_DOUBLE_EQ(narrowed->high, 0.45);
  const UncertaintyOverride bounds = override_of("{low: 0.1, high: 0.9}");
  const auto rebounded = apply_override(declared, p, 0.3, &bounds);
  EXPECT_EQ(rebounded->distribution, Distribution::uniform);
  EXPECT_DOUBLE_EQ(rebounded->low, 0.1);
  EXPECT_EQ(rebounded->reasoning, "declared");
  const UncertaintyOverride replaced =
      override_of("{distribution: beta, alpha: 2, beta: 5, low: 0, high: 1, reasoning: a survey}");
  const auto b = apply_override(declared, p, 0.3, &replaced);
  EXPECT_EQ(b->distribution, Distribution::beta);
  EXPECT_EQ(b->reasoning, "a survey");
}

TEST(UncertaintyOverride, KeysMayBeWrittenDottedOrNested) {
  const ConfigNode tree = read_yaml_text(
      "uncertainty:\n  behaviour:\n    mobility:\n      family: {scale: 2}\n      utility_gap: fixed\n"
      "  behaviour.utility.hometown: {low: 0, high: 1}\n",
      "design.yaml");
  const auto all = read_uncertainty_overrides(*tree.find("uncertainty"), "uncertainty");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].key, "behaviour.mobility.family");
  EXPECT_EQ(all[0].where.line, 4);
  EXPECT_EQ(all[1].key, "behaviour.mobility.utility_gap");
  EXPECT_TRUE(all[1].fixed);
  EXPECT_EQ(all[2].key, "behaviour.utility.hometown");
}

TEST(UncertaintyOverride, ShapeErrorsNameTheFileLineAndKey) {
  const auto error = [](const std::string& yaml) {
    return error_of([&] { override_of(yaml); });
  };
  const InputError unknown = error("{distribution: lognormal, low: 1, high: 2}");
  EXPECT_EQ(unknown.where().file, "design.yaml");
  EXPECT_EQ(unknown.where().line, 2);
  EXPECT_EQ(unknown.key(), "behaviour.x.share.distribution");
  EXPECT_NE(unknown.hint().find("log_uniform"), std::string::npos);
  EXPECT_EQ(error("{distribution: normal, low: 0, high: 1, mean: 0.5}").key(), "behaviour.x.share.sd");
  EXPECT_EQ(error("{scale: -1}").key(), "behaviour.x.share.scale");
  EXPECT_EQ(error("{widen: 2}").key(), "behaviour.x.share.widen");
  EXPECT_NE(error("loose").message().find("'loose' is not an uncertainty"), std::string::npos);
  EXPECT_NE(error("{scale: 2, low: 0}").message().find("scale stands alone"), std::string::npos);
  // Widened past the valid range: refused at the override's line, not clamped.
  const Parameter p = share_parameter();
  const UncertaintyOverride wide = override_of("{scale: 4}");
  const InputError e = error_of([&] { apply_override(uniform(0.2, 0.6, "r"), p, 0.3, &wide); });
  EXPECT_EQ(e.where().line, 2);
  EXPECT_NE(e.message().find("leaves the parameter's valid range"), std::string::npos);
}

}  // namespace
}  // namespace kunlun
