// Iterative proportional fitting of dense share tables (see iterative_proportional_fitting.h).
#include "core/iterative_proportional_fitting.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace kunlun {

namespace {

std::size_t product(const std::vector<int>& sizes) {
  std::size_t n = 1;
  for (const int s : sizes) n *= static_cast<std::size_t>(s);
  return n;
}

// For each table cell, the position of its margin cell: computed once, so a sweep is two flat
// passes per margin.
std::vector<std::uint32_t> margin_map(const std::vector<int>& sizes, const std::vector<int>& axes) {
  const std::size_t cells = product(sizes);
  std::vector<std::size_t> stride(sizes.size(), 1);
  for (std::size_t a = sizes.size(); a-- > 1;)
    stride[a - 1] = stride[a] * static_cast<std::size_t>(sizes[a]);
  std::vector<std::uint32_t> map(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    std::size_t m = 0;
    for (const int a : axes) {
      const auto ax = static_cast<std::size_t>(a);
      m = m * static_cast<std::size_t>(sizes[ax]) +
          (c / stride[ax]) % static_cast<std::size_t>(sizes[ax]);
    }
    map[c] = static_cast<std::uint32_t>(m);
  }
  return map;
}

void check_margins(const std::vector<int>& sizes, const std::vector<IpfMargin>& margins) {
  if (sizes.empty()) throw std::invalid_argument("fit_proportional: table has no axes");
  for (const int s : sizes)
    if (s <= 0) throw std::invalid_argument("fit_proportional: axis size must be positive");
  if (product(sizes) > 0xffffffffu)
    throw std::invalid_argument("fit_proportional: table too large");
  for (const auto& m : margins) {
    std::vector<int> sub;
    for (std::size_t i = 0; i < m.axes.size(); ++i) {
      const int a = m.axes[i];
      if (a < 0 || a >= static_cast<int>(sizes.size()))
        throw std::invalid_argument("fit_proportional: margin axis out of range");
      if (std::find(m.axes.begin(), m.axes.begin() + static_cast<std::ptrdiff_t>(i), a) !=
          m.axes.begin() + static_cast<std::ptrdiff_t>(i))
        throw std::invalid_argument("fit_proportional: margin lists an axis twice");
      sub.push_back(sizes[static_cast<std::size_t>(a)]);
    }
    if (m.axes.empty() || m.target.size() != product(sub))
      throw std::invalid_argument("fit_proportional: margin target has the wrong length");
  }
}

}  // namespace

std::vector<double> table_margin(const std::vector<int>& sizes, const std::vector<double>& table,
                                 const std::vector<int>& axes) {
  std::vector<int> sub;
  for (const int a : axes) sub.push_back(sizes.at(static_cast<std::size_t>(a)));
  std::vector<double> out(product(sub), 0.0);
  const auto map = margin_map(sizes, axes);
  for (std::size_t c = 0; c < table.size(); ++c) out[map[c]] += table[c];
  return out;
}

IpfResult fit_proportional(const std::vector<int>& sizes, const std::vector<IpfMargin>& margins,
                           double tolerance, int max_iterations) {
  check_margins(sizes, margins);
  const std::size_t cells = product(sizes);
  std::vector<std::vector<std::uint32_t>> maps;
  maps.reserve(margins.size());
  for (const auto& m : margins) maps.push_back(margin_map(sizes, m.axes));

  IpfResult r;
  r.table.assign(cells, 1.0 / static_cast<double>(cells));
  std::vector<double> sums;

  // Largest |margin of the table - target| over all margins, with the margin it occurs in.
  const auto measure = [&] {
    r.max_error = 0;
    r.worst_margin = margins.empty() ? -1 : 0;
    for (std::size_t k = 0; k < margins.size(); ++k) {
      sums.assign(margins[k].target.size(), 0.0);
      for (std::size_t c = 0; c < cells; ++c) sums[maps[k][c]] += r.table[c];
      for (std::size_t j = 0; j < sums.size(); ++j) {
        const double e = std::abs(sums[j] - margins[k].target[j]);
        if (e > r.max_error) {
          r.max_error = e;
          r.worst_margin = static_cast<int>(k);
        }
      }
    }
  };

  measure();
  r.converged = r.max_error < tolerance;
  while (!r.converged && r.iterations < max_iterations) {
    ++r.iterations;
    for (std::size_t k = 0; k < margins.size(); ++k) {
      sums.assign(margins[k].target.size(), 0.0);
      for (std::size_t c = 0; c < cells; ++c) sums[maps[k][c]] += r.table[c];
      // A margin cell with no mass left cannot be raised: its target stays unmatched and shows
      // up as an error rather than being forced.
      for (std::size_t j = 0; j < sums.size(); ++j)
        sums[j] = sums[j] > 0 ? margins[k].target[j] / sums[j] : 0.0;
      for (std::size_t c = 0; c < cells; ++c) r.table[c] *= sums[maps[k][c]];
    }
    measure();
    r.converged = r.max_error < tolerance;
  }
  // Remove the last rounding drift of the total so that shares times N sum to N.
  double total = 0;
  for (const double x : r.table) total += x;
  if (total > 0)
    for (double& x : r.table) x /= total;
  return r;
}

}  // namespace kunlun
