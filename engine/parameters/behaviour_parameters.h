// The behaviour parameters (everything under `behaviour:`), each declared once with its key,
// unit, range, default, meaning and evidence, and bound to the field the processes read.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "parameters/behaviour_params.h"
#include "parameters/parameter.h"

namespace kunlun {

struct BehaviourParameter {
  Parameter declaration;
  std::function<ParameterValue(const BehaviourParams&)> get;
  std::function<void(BehaviourParams&, const ParameterValue&)> set;
};

// In the order of the reference pages (and of scenarios/qinghai/baseline.yaml).
const std::vector<BehaviourParameter>& behaviour_parameters();
// nullptr when `key` ("behaviour.mobility.family") is not a behaviour parameter.
const BehaviourParameter* find_behaviour_parameter(std::string_view key);

// The maps whose shares sum to 1, each as its members' full keys. An analysis that varies one
// share renormalises its map (sensitivity_analysis.h).
std::vector<std::vector<std::string>> behaviour_share_maps();

// The rules between parameters that one declaration cannot state: shares of one map sum to 1, a
// maximum age is not below its minimum. Errors are located where `tree` wrote the keys.
void check_behaviour(const BehaviourParams& behaviour, const ConfigNode& tree);

}  // namespace kunlun
