#include "core/fast_math.h"

namespace kunlun {

#if defined(__x86_64__) && defined(__GNUC__) && defined(__ELF__) && defined(__GLIBC__)
__attribute__((target_clones("avx2", "default")))
#endif
void logistic_with_log(const double* a, const float* x, double coef, double* p, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    const double z = a[k] + coef * fast_log(static_cast<double>(x[k]));
    p[k] = 1.0 / (1.0 + fast_exp(-z));
  }
}

}  // namespace kunlun
