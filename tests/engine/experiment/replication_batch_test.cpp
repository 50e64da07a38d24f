// How replications share the threads within the memory there is.
#include <gtest/gtest.h>

#include <cstddef>

#include "experiment/replication_batch.h"

using namespace kunlun;

TEST(ReplicationBatch, PlanSharesThreadsBetweenReplicationsWithinMemory) {
  const std::size_t gib = std::size_t{1} << 30;
  EXPECT_EQ(plan_batch(2, 5, gib, 10 * gib).concurrent, 2);
  EXPECT_EQ(plan_batch(2, 5, gib, 10 * gib).threads_each, 1);
  // One replication: all threads on its agents.
  EXPECT_EQ(plan_batch(2, 1, gib, 10 * gib).concurrent, 1);
  EXPECT_EQ(plan_batch(2, 1, gib, 10 * gib).threads_each, 2);
  // Eight threads, three replications: three at once, two threads each.
  EXPECT_EQ(plan_batch(8, 3, gib, 10 * gib).concurrent, 3);
  EXPECT_EQ(plan_batch(8, 3, gib, 10 * gib).threads_each, 2);
  // Memory for only one national-scale replication at a time.
  EXPECT_EQ(plan_batch(8, 10, 6 * gib, 10 * gib).concurrent, 1);
  EXPECT_EQ(plan_batch(8, 10, 6 * gib, 10 * gib).threads_each, 8);
}
