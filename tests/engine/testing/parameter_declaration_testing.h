// Shared by the tests of parameter declarations (behaviour and policy types): a declaration is
// complete and its default passes its own checks.
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
}

}  // namespace kunlun::testing
