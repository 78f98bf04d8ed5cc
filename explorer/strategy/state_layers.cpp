#include "explorer/strategy/state_layers.hpp"

#include <stdexcept>

namespace gilrace {

StateLayers::Interned StateLayers::intern(std::span<const std::uint64_t> key, std::uint64_t hash,
                                          std::uint32_t depth, std::uint32_t new_node, std::size_t checked) {
  if (layers_.size() <= depth) layers_.resize(depth + 1);
  if (!layers_[depth]) layers_[depth] = std::make_unique<Layer>();
  Layer& layer = *layers_[depth];
  Interned result;
  result.hash = hash;
  const auto [index, inserted] = layer.keys.intern(key, result.hash);
  result.inserted = inserted;
  if (!inserted) {
    result.node = layer.nodes[index];
    return result;
  }
  layer.nodes.push_back(new_node);
  result.node = new_node;
  // Only a new key can be a state met before at another depth.
  for (std::size_t other = first_held_; other < layers_.size(); ++other)
    if (other != depth && other != checked && layers_[other] && layers_[other]->keys.contains(key, result.hash))
      throw std::logic_error("a state was reached after different numbers of opcodes");
  return result;
}

void StateLayers::release(std::size_t depth) {
  layers_[depth].reset();
  while (first_held_ < layers_.size() && !layers_[first_held_]) ++first_held_;
}

}  // namespace gilrace
