"""Student-t intervals of a mean over replications, for the report and for Results.plot.

Only numpy is needed (scipy is not one of kunlun's dependencies).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["t_quantile_975", "mean_and_band"]

_T975 = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
         2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905,
         2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
         2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272]


def t_quantile_975(df: int) -> float:
    """0.975 quantile of Student's t with df degrees of freedom."""
    if df < 1:
        raise ValueError("t quantile needs at least one degree of freedom")
    if df <= len(_T975):
        return _T975[df - 1]
    # Cornish-Fisher expansion around the normal quantile; below 1e-6 off for df > 30.
    z, v = 1.959963984540054, float(df)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4))


def mean_and_band(by_replication: np.ndarray):
    """Mean over the columns (replications) per row, and the 95% t-interval of that mean.

    The interval is None with fewer than two replications."""
    n = by_replication.shape[1]
    mean = by_replication.mean(axis=1)
    if n < 2:
        return mean, None, None
    half = t_quantile_975(n - 1) * by_replication.std(axis=1, ddof=1) / math.sqrt(n)
    return mean, mean - half, mean + half
