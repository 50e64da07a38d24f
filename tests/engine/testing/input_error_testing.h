// Shared by the tests of input checks: catching the InputError a call must throw.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "core/errors.h"

namespace kunlun::testing {

// Runs `f`, which must throw InputError, and returns the error.
inline InputError error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return InputError({}, "", "");
}

inline std::string abs_path(const std::filesystem::path& p) {
  return std::filesystem::absolute(p).lexically_normal().string();
}

}  // namespace kunlun::testing
