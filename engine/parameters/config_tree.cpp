// Reading YAML into located ConfigNode trees, resolving `extends:` chains, merging trees and
// emitting them back to YAML. yaml-cpp is only seen in this file.
#include "parameters/config_tree.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include "core/text.h"
#include "io/input_file.h"
#include "io/input_limits.h"

namespace kunlun {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// ConfigNode

ConfigNode ConfigNode::scalar(std::string text, SourceLocation where) {
  ConfigNode n;
  n.kind_ = Kind::scalar;
  n.text_ = std::move(text);
  n.where_ = std::move(where);
  return n;
}

ConfigNode ConfigNode::map(SourceLocation where) {
  ConfigNode n;
  n.kind_ = Kind::map;
  n.where_ = std::move(where);
  return n;
}

ConfigNode ConfigNode::list(SourceLocation where) {
  ConfigNode n;
  n.kind_ = Kind::list;
  n.where_ = std::move(where);
  return n;
}

const ConfigNode* ConfigNode::find(const std::string& key) const {
  for (const auto& [k, v] : entries_)
    if (k == key) return &v;
  return nullptr;
}

ConfigNode* ConfigNode::find(const std::string& key) {
  for (auto& [k, v] : entries_)
    if (k == key) return &v;
  return nullptr;
}

ConfigNode& ConfigNode::set(const std::string& key, ConfigNode value) {
  SourceLocation at = value.where();
  return set(key, std::move(value), std::move(at));
}

ConfigNode& ConfigNode::set(const std::string& key, ConfigNode value, SourceLocation key_where) {
  if (kind_ == Kind::null) kind_ = Kind::map;  // an empty `key:` becomes a map when filled
  if (kind_ != Kind::map) throw std::logic_error("ConfigNode::set on a node that is not a map");
  // entries() is writable from outside; keep the parallel key locations at least as long.
  key_where_.resize(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first == key) {
      entries_[i].second = std::move(value);
      key_where_[i] = std::move(key_where);
      return entries_[i].second;
    }
  }
  entries_.emplace_back(key, std::move(value));
  key_where_.push_back(std::move(key_where));
  return entries_.back().second;
}

bool ConfigNode::erase(const std::string& key) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first == key) {
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
      if (i < key_where_.size())
        key_where_.erase(key_where_.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
  }
  return false;
}

const SourceLocation& ConfigNode::key_where(const std::string& key) const {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first != key) continue;
    if (i < key_where_.size() && !key_where_[i].file.empty()) return key_where_[i];
    return entries_[i].second.where();  // added through entries(): the value is the best guess
  }
  return where_;  // no such key: the map itself is where it would go
}

// ---------------------------------------------------------------------------------------------
// Reading YAML

namespace {

SourceLocation location(const YAML::Mark& mark, const std::string& file) {
  // yaml-cpp counts from 0 and uses -1 for "unknown"; we count from 1 and use 0.
  return SourceLocation{file, mark.line >= 0 ? mark.line + 1 : 0,
                        mark.column >= 0 ? mark.column + 1 : 0};
}

const char* const kLimitsPage = "the limits of input files are listed in docs/scenarios.md";

// What the conversion of one file has taken: an alias repeats its anchor's whole subtree, so the
// expanded tree is counted as it is built, and nesting is bounded so recursion is too.
struct ConversionBudget {
  std::size_t values = 0;
  // Nodes met so far, by where they start and their kind: a node met again is an alias's repeat.
  std::set<std::pair<std::size_t, int>> seen;
  std::size_t repeats = 0;  // nodes met again
  // The nodes being converted, outermost first, by the same identity: an alias inside its own
  // anchor meets one of them again and would repeat forever.
  std::vector<std::pair<std::size_t, int>> open;
};

// The node nearest the one being converted that is written where its mark says (not an alias's
// repeat, whose mark is its anchor's): where an error about the expansion points.
struct WrittenAt {
  const SourceLocation* at;
  const std::string* path;
};

ConfigNode convert(const YAML::Node& node, const std::string& file, const std::string& path,
                   const SourceLocation& fallback, ConversionBudget& budget, int depth,
                   WrittenAt written) {
  SourceLocation at = location(node.Mark(), file);
  const std::pair<std::size_t, int> identity{static_cast<std::size_t>(node.Mark().pos),
                                             static_cast<int>(node.Type())};
  const bool repeat = !budget.seen.insert(identity).second;
  if (repeat && (node.IsMap() || node.IsSequence()) &&
      std::find(budget.open.begin(), budget.open.end(), identity) != budget.open.end())
    // Where the alias is written: its key, or the list holding it.
    throw InputError(fallback.line > 0 ? fallback : *written.at, path,
                     "a YAML alias (*name) inside the map or list its anchor (&name) marks on line " +
                         std::to_string(at.line) + " would repeat it inside itself forever",
                     "an alias may only repeat an anchor written before it and outside it: write the "
                     "values themselves");
  if (repeat)
    ++budget.repeats;
  else
    written = WrittenAt{&at, &path};
  if (++budget.values > input_limits::kScenarioValues) {
    const std::string limit = std::to_string(input_limits::kScenarioValues);
    if (budget.repeats == 0)
      throw InputError(*written.at, *written.path, "the file holds more than " + limit + " values",
                       "a scenario holds a few thousand values at most; check that this is the file "
                       "you meant; " + std::string(kLimitsPage));
    throw InputError(*written.at, *written.path,
                     "the file holds more than " + limit + " values once its YAML aliases are expanded",
                     "an alias (*name) repeats everything its anchor (&name) holds: write fewer "
                     "aliases or the values themselves; " + std::string(kLimitsPage));
  }
  if (depth > input_limits::kScenarioDepth)
    throw InputError(at, path,
                     "maps and lists are nested more than " +
                         std::to_string(input_limits::kScenarioDepth) + " levels deep",
                     "a scenario is a few levels deep; check the indentation and the brackets");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: {
      // yaml-cpp places an empty value on the next line; the key's line is where it was written.
      ConfigNode n;
      n.set_where(fallback.line > 0 ? fallback : at);
      return n;
    }
    case YAML::NodeType::Scalar: {
      ConfigNode n = ConfigNode::scalar(node.Scalar(), at);
      // yaml-cpp tags plain scalars "?" and quoted or block ones "!"; an explicit tag such as
      // !!str also makes the text a string.
      n.set_quoted(node.Tag() != "?");
      return n;
    }
    case YAML::NodeType::Sequence: {
      ConfigNode n = ConfigNode::list(at);
      budget.open.push_back(identity);
      int index = 0;
      for (const auto& item : node)
        n.items().push_back(convert(item, file, path + "[" + std::to_string(index++) + "]", at,
                                    budget, depth + 1, written));
      budget.open.pop_back();
      return n;
    }
    case YAML::NodeType::Map: {
      ConfigNode n = ConfigNode::map(at);
      budget.open.push_back(identity);
      for (auto it = node.begin(); it != node.end(); ++it) {
        const SourceLocation key_at = location(it->first.Mark(), file);
        if (!it->first.IsScalar())
          throw InputError(key_at, path, "a key must be plain text, not a map, list or nothing");
        const std::string key = it->first.Scalar();
        const std::string full = join_key(path, key);
        if (n.find(key) != nullptr)
          throw InputError(
              key_at, full, "duplicate key '" + key + "'",
              "it is already written on line " + std::to_string(n.key_where(key).line));
        n.set(key, convert(it->second, file, full, key_at, budget, depth + 1, written), key_at);
      }
      budget.open.pop_back();
      return n;
    }
  }
  throw std::logic_error("unknown yaml-cpp node type");
}

ConfigNode parse(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard, far deeper than ours: the same error as ours.
    throw InputError(location(e.mark, file), "",
                     "maps and lists are nested more than " +
                         std::to_string(input_limits::kScenarioDepth) + " levels deep",
                     "a scenario is a few levels deep; check the indentation and the brackets");
  } catch (const YAML::Exception& e) {
    throw InputError(location(e.mark, file), "", "YAML syntax error: " + e.msg,
                     "check the indentation and the brackets and quotes around this line");
  }
  ConversionBudget budget;
  const SourceLocation top{file, 1, 1};
  const std::string top_path;
  return convert(root, file, "", top, budget, 0, WrittenAt{&top, &top_path});
}

std::string display_path(const fs::path& p) { return fs::absolute(p).lexically_normal().string(); }

}  // namespace

ConfigNode read_yaml_text(const std::string& text, const std::string& file_label) {
  check_input_size(text.size(), file_label, input_limits::kScenarioFileBytes, "a scenario file");
  check_input_text(text, file_label);
  return parse(text, file_label);
}

ConfigNode read_yaml_file(const fs::path& file) {
  // Locations carry the absolute path: relative paths inside the file resolve against its
  // directory even if the working directory changes later (the Python face re-validates trees).
  const std::string label = display_path(file);
  return parse(read_input_file(file, label, input_limits::kScenarioFileBytes, "a scenario file"),
               label);
}

// ---------------------------------------------------------------------------------------------
// extends

namespace {

const char* const kExtendsHint = "write extends: baseline.yaml, or extends: [a.yaml, b.yaml]";

// One resolution of `extends:` from a scenario file: the chain of files being resolved (for
// cycles), and every base resolved so far, so that a base reached twice (a diamond: each file
// extending [prev, prev]) is read and resolved once.
struct ExtendsWalk {
  std::vector<fs::path> chain;
  std::vector<std::string> chain_names;
  std::map<fs::path, ConfigNode> resolved;  // by canonical path
  int files = 1;                            // distinct files read, the first one included
};

bool is_yaml_name(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

ConfigNode load_with_bases(const fs::path& file, ExtendsWalk& walk) {
  ConfigNode tree = read_yaml_file(file);
  const ConfigNode* extends = tree.is_map() ? tree.find("extends") : nullptr;
  if (extends == nullptr) return tree;

  const SourceLocation extends_at = tree.key_where("extends");
  std::vector<const ConfigNode*> targets;
  if (extends->is_scalar()) {
    targets.push_back(extends);
  } else if (extends->is_list()) {
    for (const auto& item : extends->items()) targets.push_back(&item);
  }
  if (targets.empty())
    throw InputError(extends_at, "extends", "expected a path or a list of paths", kExtendsHint);
  if (targets.size() > input_limits::kExtendsBasesPerFile)
    throw InputError(extends_at, "extends",
                     "lists " + std::to_string(targets.size()) + " bases, more than " +
                         std::to_string(input_limits::kExtendsBasesPerFile),
                     "a scenario extends a few bases; merge some of them into one file");

  const fs::path dir = fs::absolute(file).parent_path();
  ConfigNode merged;
  for (const ConfigNode* target : targets) {
    const SourceLocation at = target->where().line > 0 ? target->where() : extends_at;
    if (!target->is_scalar() || target->text().empty())
      throw InputError(at, "extends", "expected a path to a scenario file", kExtendsHint);
    const fs::path base = (dir / target->text()).lexically_normal();
    const std::string shown = display_path(base);
    std::error_code folder_ec;
    if (const auto reason = unreadable_file_reason(base, shown))
      throw InputError(
          at, "extends", *reason,
          fs::is_directory(base, folder_ec) ? "extends names scenario files, not folders"
                                 : "paths in extends are relative to the directory of the file "
                                   "that writes them");
    if (!is_yaml_name(base))
      throw InputError(at, "extends", "the base " + shown + " is not a YAML file",
                       "a base is a scenario file ending in .yaml or .yml, such as "
                       "scenarios/qinghai/baseline.yaml");
    std::error_code canonical_ec;
    const fs::path identity = fs::weakly_canonical(base, canonical_ec);
    if (identity == walk.chain.back())
      throw InputError(at, "extends", "the file extends itself: " + shown,
                       "a scenario cannot extend itself; name its base instead");
    for (std::size_t i = 0; i < walk.chain.size(); ++i) {
      if (walk.chain[i] != identity) continue;
      std::string cycle;
      for (std::size_t j = i; j < walk.chain_names.size(); ++j)
        cycle += walk.chain_names[j] + " -> ";
      throw InputError(at, "extends", "extends cycle: " + cycle + shown,
                       "a scenario cannot extend itself, directly or through its bases");
    }
    auto done = walk.resolved.find(identity);
    if (done == walk.resolved.end()) {
      if (++walk.files > input_limits::kExtendsFiles)
        throw InputError(at, "extends",
                         "the scenario reaches more than " +
                             std::to_string(input_limits::kExtendsFiles) +
                             " files through extends",
                         "a scenario builds on a few bases; " + std::string(kLimitsPage));
      walk.chain.push_back(identity);
      walk.chain_names.push_back(shown);
      ConfigNode loaded = load_with_bases(base, walk);
      walk.chain.pop_back();
      walk.chain_names.pop_back();
      if (!loaded.is_map())
        throw InputError(at, "extends", "the base " + shown + " is not a map of keys",
                         "a base is a scenario file, such as scenarios/qinghai/baseline.yaml");
      done = walk.resolved.emplace(identity, std::move(loaded)).first;
    }
    // Several bases apply in order: each one is merged over the ones before it.
    if (merged.is_null())
      merged = done->second;
    else
      deep_merge(merged, done->second);
  }
  tree.erase("extends");
  deep_merge(merged, tree);
  return merged;
}

}  // namespace

ConfigNode load_scenario_tree(const fs::path& file) {
  ExtendsWalk walk;
  std::error_code ec;
  walk.chain.push_back(fs::weakly_canonical(file, ec));
  walk.chain_names.push_back(display_path(file));
  return load_with_bases(file, walk);
}

void deep_merge(ConfigNode& base, const ConfigNode& over) {
  if (!base.is_map() || !over.is_map()) {
    base = over;
    return;
  }
  // The map now also stands where the more derived file wrote it: a later "missing key" error
  // then points at the file the user is editing.
  base.set_where(over.where());
  for (const auto& [key, value] : over.entries()) {
    ConfigNode* mine = base.find(key);
    if (mine != nullptr && mine->is_map() && value.is_map()) {
      ConfigNode merged = std::move(*mine);
      deep_merge(merged, value);
      base.set(key, std::move(merged), over.key_where(key));
    } else {
      base.set(key, value, over.key_where(key));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Emitting YAML

namespace {

void emit(YAML::Emitter& out, const ConfigNode& node) {
  switch (node.kind()) {
    case ConfigNode::Kind::null:
      out << YAML::Null;
      break;
    case ConfigNode::Kind::scalar:
      // A quoted scalar stays quoted, so that '2030' is still a string when re-read; plain text
      // is quoted by the emitter only when it could not be read back as plain text.
      if (node.quoted()) out << YAML::DoubleQuoted;
      out << node.text();
      break;
    case ConfigNode::Kind::list:
      out << YAML::BeginSeq;
      for (const auto& item : node.items()) emit(out, item);
      out << YAML::EndSeq;
      break;
    case ConfigNode::Kind::map:
      out << YAML::BeginMap;
      for (const auto& [key, value] : node.entries()) {
        out << YAML::Key << key << YAML::Value;
        emit(out, value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

std::string to_yaml(const ConfigNode& tree) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, tree);
  if (!out.good()) throw std::logic_error("to_yaml: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

// ---------------------------------------------------------------------------------------------
// set_path

std::vector<std::string> split_key(const std::string& dotted_path) { return split(dotted_path, '.'); }

void set_path(ConfigNode& tree, const std::string& dotted_path, ConfigNode value) {
  const std::vector<std::string> keys = split_key(dotted_path);
  for (const auto& k : keys)
    if (k.empty())
      throw InputError(value.where(), dotted_path, "not a valid key path",
                       "write keys separated by single dots, such as behaviour.mobility.annual_move_rate");

  ConfigNode* node = &tree;
  std::string walked;  // the path to `node`
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    if (!node->is_map() && !node->is_null()) break;
    walked = join_key(walked, keys[i]);
    ConfigNode* child = node->find(keys[i]);
    if (child == nullptr || child->is_null())
      child = &node->set(keys[i], ConfigNode::map(value.where()));
    node = child;
  }
  // Replacing a value by a map silently would lose it: the user asked for a key under a value.
  if (!node->is_map() && !node->is_null())
    throw InputError(value.where(), dotted_path,
                     walked.empty() ? "cannot set a key: the tree is not a map"
                                    : "cannot set a key under '" + walked + "': it is not a map");
  node->set(keys.back(), std::move(value));
}

}  // namespace kunlun
