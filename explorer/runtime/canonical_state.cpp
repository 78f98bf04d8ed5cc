#include "explorer/runtime/canonical_state.hpp"

#include <algorithm>
#include <numeric>

#include "explorer/program/machine_values.hpp"

namespace gilrace {
namespace {

constexpr std::uint32_t kUnmapped = 0xffffffffu;

std::uint64_t header(const ThreadState& t) {
  return std::uint64_t(t.pc) | (std::uint64_t(t.sp) << 32) | (std::uint64_t(t.status) << 48) |
         (std::uint64_t(t.error) << 56);
}

}  // namespace

StateEncoder::StateEncoder(const Program& program) : program_(program), initial_layout_(initial_machine(program)) {
  std::vector<std::int64_t> class_of_function(program.functions.size(), -1);
  for (std::uint32_t t = 0; t < program.thread_count(); ++t) {
    auto& c = class_of_function[program.thread_functions[t]];
    if (c < 0) {
      c = static_cast<std::int64_t>(classes_.size());
      classes_.emplace_back();
    }
    classes_[static_cast<std::size_t>(c)].push_back(t);
  }
  for (const auto& members : classes_) position_thread_.insert(position_thread_.end(), members.begin(), members.end());
  held_.resize(program.thread_count());
  record_offset_.resize(program.thread_count());
  record_length_.resize(program.thread_count());
}

void StateEncoder::visit(const Machine& machine, const Value& value) {
  if (!value.on_heap() || heap_id_[value.object] != kUnmapped) return;
  heap_id_[value.object] = static_cast<std::uint32_t>(heap_order_.size());
  heap_order_.push_back(value.object);
  for (const Value& item : machine.heap[value.object].items) visit(machine, item);
}

void StateEncoder::number_heap(const Machine& machine) {
  heap_id_.assign(machine.heap.size(), kUnmapped);
  heap_order_.clear();
  for (const Value& g : machine.globals) visit(machine, g);
  // Objects only frames refer to (rare: a list dropped from its global while
  // a thread still holds it) are numbered in thread order. Two such states
  // that differ only by that order may then not merge; they never merge wrongly.
  for (std::uint32_t t = 0; t < machine.threads.size(); ++t) {
    const auto& state = machine.threads[t];
    const Value* values = machine.locals(t);
    const std::size_t count = program_.functions[state.function].local_names.size() + state.sp;
    for (std::size_t i = 0; i < count; ++i) visit(machine, values[i]);
  }
}

void StateEncoder::encode_value(const Value& v, std::vector<std::uint64_t>& out) const {
  const std::uint64_t object = v.on_heap() ? heap_id_[v.object] : 0;
  out.push_back(std::uint64_t(v.kind) | (std::uint64_t(v.builtin) << 8) | (object << 32));
  out.push_back(static_cast<std::uint64_t>(v.integer));
}

void StateEncoder::encode_thread(const Machine& machine, std::uint32_t thread) {
  const ThreadState& state = machine.threads[thread];
  record_offset_[thread] = static_cast<std::uint32_t>(records_.size());
  records_.push_back(header(state));
  auto& held = held_[thread];
  std::sort(held.begin(), held.end());
  records_.push_back(held.size());
  records_.insert(records_.end(), held.begin(), held.end());
  const Value* values = machine.locals(thread);
  const std::size_t count = program_.functions[state.function].local_names.size() + state.sp;
  for (std::size_t i = 0; i < count; ++i) encode_value(values[i], records_);
  record_length_[thread] = static_cast<std::uint32_t>(records_.size() - record_offset_[thread]);
}

void StateEncoder::encode(const Machine& machine, CanonicalState& out) {
  number_heap(machine);
  StateKey& key = out.key;
  key.clear();
  for (const Value& g : machine.globals) encode_value(g, key);
  key.push_back(heap_order_.size());
  for (auto& h : held_) h.clear();
  for (std::uint32_t object : heap_order_) {
    const HeapObject& o = machine.heap[object];
    key.push_back(std::uint64_t(o.kind) | (std::uint64_t(o.owner >= 0) << 8) | (std::uint64_t(o.items.size()) << 32));
    for (const Value& item : o.items) encode_value(item, key);
    if (o.owner >= 0) held_[static_cast<std::size_t>(o.owner)].push_back(heap_id_[object]);
  }
  records_.clear();
  for (std::uint32_t t = 0; t < machine.threads.size(); ++t) encode_thread(machine, t);

  out.order.resize(position_thread_.size());
  out.group_first.resize(position_thread_.size());
  const auto record_less = [this](std::uint32_t a, std::uint32_t b) {
    const auto* ra = records_.data() + record_offset_[a];
    const auto* rb = records_.data() + record_offset_[b];
    return std::lexicographical_compare(ra, ra + record_length_[a], rb, rb + record_length_[b]);
  };
  const auto record_equal = [this](std::uint32_t a, std::uint32_t b) {
    return record_length_[a] == record_length_[b] &&
           std::equal(records_.data() + record_offset_[a], records_.data() + record_offset_[a] + record_length_[a],
                      records_.data() + record_offset_[b]);
  };
  std::uint32_t position = 0;
  for (const auto& members : classes_) {
    auto* sorted = out.order.data() + position;
    std::copy(members.begin(), members.end(), sorted);
    std::sort(sorted, sorted + members.size(), record_less);
    const std::size_t runs_at = key.size();
    key.push_back(0);
    for (std::size_t i = 0; i < members.size();) {
      std::size_t j = i + 1;
      while (j < members.size() && record_equal(sorted[i], sorted[j])) ++j;
      for (std::size_t k = i; k < j; ++k) out.group_first[position + k] = static_cast<std::uint32_t>(position + i);
      key.push_back(j - i);
      const auto* record = records_.data() + record_offset_[sorted[i]];
      key.insert(key.end(), record, record + record_length_[sorted[i]]);
      ++key[runs_at];
      i = j;
    }
    position += static_cast<std::uint32_t>(members.size());
  }
}

void StateEncoder::decode(const StateKey& key, Machine& out) const {
  out = initial_layout_;
  std::size_t at = 0;
  const auto decode_value = [&](const std::uint64_t* w) {
    Value v;
    v.kind = static_cast<ValueKind>(w[0] & 0xff);
    v.builtin = static_cast<BuiltinId>((w[0] >> 8) & 0xff);
    v.object = static_cast<std::uint32_t>(w[0] >> 32);
    v.integer = static_cast<std::int64_t>(w[1]);
    return v;
  };
  for (auto& g : out.globals) {
    g = decode_value(&key[at]);
    at += 2;
  }
  out.heap.resize(key[at++]);
  for (auto& object : out.heap) {
    const std::uint64_t word = key[at++];
    object.kind = static_cast<HeapObject::Kind>(word & 0xff);
    object.owner = -1;
    object.items.resize(word >> 32);
    for (auto& item : object.items) {
      item = decode_value(&key[at]);
      at += 2;
    }
  }
  for (const auto& members : classes_) {
    const std::uint64_t runs = key[at++];
    std::size_t member = 0;
    for (std::uint64_t r = 0; r < runs; ++r) {
      const std::uint64_t count = key[at++];
      const std::size_t record = at;
      for (std::uint64_t k = 0; k < count; ++k, ++member) {
        at = record;
        const std::uint32_t t = members[member];
        ThreadState& state = out.threads[t];
        const std::uint64_t h = key[at++];
        state.pc = static_cast<std::uint32_t>(h);
        state.sp = static_cast<std::uint16_t>(h >> 32);
        state.status = static_cast<ThreadStatus>((h >> 48) & 0xff);
        state.error = static_cast<PyError>(h >> 56);
        state.error_pc = state.status == ThreadStatus::Raised ? state.pc - 1 : 0;
        const std::uint64_t held = key[at++];
        for (std::uint64_t i = 0; i < held; ++i) out.heap[key[at++]].owner = static_cast<std::int32_t>(t);
        Value* values = out.locals(t);
        const std::size_t count_values = program_.functions[state.function].local_names.size() + state.sp;
        for (std::size_t i = 0; i < count_values; ++i) {
          values[i] = decode_value(&key[at]);
          at += 2;
        }
      }
    }
  }
}

std::uint64_t hash_key(const std::uint64_t* words, std::size_t count) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ count;
  for (std::size_t i = 0; i < count; ++i) {
    h ^= words[i] + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  return h;
}

}  // namespace gilrace
