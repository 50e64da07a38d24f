// Destination: what a leaver who holds a home-purchase grant pays back.
#include <gtest/gtest.h>

#include "model/destination.h"

using namespace kunlun;

TEST(HousingPurchaseSubsidy, ClawbackIsTheSharedUnvestedPartAndNothingOnceVested) {
  // 60 months' vesting, 12 held: 48/60 unvested, half of it recovered = 0.5 x 100000 x 0.8.
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 0.5f), 40000);
  EXPECT_EQ(grant_clawback_cny(100000, 0, 60, 0.5f), 50000);
  EXPECT_EQ(grant_clawback_cny(100000, 59, 60, 0.5f), 833);  // 0.5 x 100000 / 60 = 833.3
  EXPECT_EQ(grant_clawback_cny(100000, 60, 60, 0.5f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 200, 60, 0.5f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 0.0f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 1.0f), 80000);
  EXPECT_EQ(grant_clawback_cny(100000, 0, 0, 1.0f), 0);  // no vesting: earned at once
  EXPECT_EQ(grant_clawback_cny(0, 0, 60, 1.0f), 0);
}
