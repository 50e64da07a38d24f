// Shared by the tests of parameter declarations (behaviour and policy types): a declaration is
// complete, its default passes its own checks, and an assumed value says what is known about it.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "parameters/parameter.h"

namespace kunlun::testing {

inline void expect_complete(const Parameter& p, const std::string& where) {
  EXPECT_FALSE(p.key.empty()) << where;
  EXPECT_FALSE(p.meaning.empty()) << where << " " << p.key;
  EXPECT_FALSE(p.evidence.empty()) << where << " " << p.key;
  if (p.type == ParameterType::choice) {
    EXPECT_FALSE(p.choices.empty()) << p.key;
  }
  // A default must pass the declaration's own checks.
  if (p.default_value) {
    EXPECT_NO_THROW(read_parameter(p, parameter_node(p, *p.default_value, {"<default>", 0, 0}), p.key, {}))
        << where << " " << p.key;
  }
  // Every assumption declares a distribution over a plausible range, with its reasoning.
  if (p.evidence.find("assumption") != std::string::npos) {
    ASSERT_TRUE(p.uncertainty.has_value()) << where << " " << p.key << " is an assumption without an uncertainty";
    EXPECT_FALSE(p.uncertainty->reasoning.empty()) << where << " " << p.key;
  }
  // A declared uncertainty is a distribution inside the valid range at the default value.
  if (p.uncertainty && p.default_value) {
    const double* x = std::get_if<double>(&*p.default_value);
    EXPECT_NO_THROW(resolve(*p.uncertainty, p, p.key, x != nullptr ? *x : 0.0)) << where << " " << p.key;
  }
}

}  // namespace kunlun::testing
