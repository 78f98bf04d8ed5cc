#include "explorer/runtime/canonical_state.hpp"

#include <algorithm>

#include "explorer/program/machine_values.hpp"

namespace gilrace {
namespace {

constexpr std::uint32_t kUnmapped = 0xffffffffu;

std::uint64_t header(const ThreadState& t) {
  return std::uint64_t(t.pc) | (std::uint64_t(t.sp) << 32) | (std::uint64_t(t.status) << 48) |
         (std::uint64_t(t.error) << 56);
}

// With calls: which frame runs, where its locals start, how deep it is.
std::uint64_t frame_word(const ThreadState& t) {
  return std::uint64_t(t.function) | (std::uint64_t(t.frame_base) << 32) | (std::uint64_t(t.depth) << 48);
}

// Records are ordered by hash, then by their words: a total order that
// depends only on contents, and cheap because hashes rarely tie.
bool record_before(std::uint64_t hash_a, const std::uint64_t* a, std::uint32_t length_a, std::uint64_t hash_b,
                   const std::uint64_t* b, std::uint32_t length_b) {
  if (hash_a != hash_b) return hash_a < hash_b;
  return std::lexicographical_compare(a, a + length_a, b, b + length_b);
}

// A lock's owner went from `was` to `now` in a step of `thread` without
// touching another thread's record: unchanged, or taken or given back by
// `thread` itself.
bool own_lock_change(std::int32_t was, std::int32_t now, std::uint32_t thread) {
  const auto self = static_cast<std::int32_t>(thread);
  return was == now || (was < 0 && now == self) || (was == self && now < 0);
}

bool same_record(const std::uint64_t* a, std::uint32_t length_a, const std::uint64_t* b, std::uint32_t length_b) {
  return length_a == length_b && std::equal(a, a + length_a, b);
}

}  // namespace

StateEncoder::StateEncoder(const Program& program) : program_(program), initial_layout_(initial_machine(program)) {
  std::vector<std::int64_t> class_of_function(program.functions.size(), -1);
  thread_class_.resize(program.thread_count());
  for (std::uint32_t t = 0; t < program.thread_count(); ++t) {
    auto& c = class_of_function[program.thread_functions[t]];
    if (c < 0) {
      c = static_cast<std::int64_t>(classes_.size());
      classes_.emplace_back();
      class_function_.push_back(program.thread_functions[t]);
    }
    classes_[static_cast<std::size_t>(c)].push_back(t);
    thread_class_[t] = static_cast<std::uint32_t>(c);
  }
  thread_position_.resize(program.thread_count());
  for (const auto& members : classes_) {
    class_start_.push_back(static_cast<std::uint32_t>(position_thread_.size()));
    for (std::uint32_t t : members) {
      thread_position_[t] = static_cast<std::uint32_t>(position_thread_.size());
      position_thread_.push_back(t);
    }
  }
  held_.resize(program.thread_count());
  record_offset_.resize(program.thread_count());
  record_length_.resize(program.thread_count());
  record_hash_.resize(program.thread_count());
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
  if (machine.heap.empty()) return;
  for (const Value& g : machine.globals) visit(machine, g);
  if (heap_order_.size() == machine.heap.size()) return;  // every object is reachable from a global
  // Objects only frames refer to (a list dropped from its global while a
  // thread still holds it) are numbered in thread order. Two such states
  // that differ only by that order may then not merge; they never merge wrongly.
  for (std::uint32_t t = 0; t < machine.threads.size(); ++t) {
    const auto& state = machine.threads[t];
    const Value* values = machine.region(t);
    const std::size_t count = state.frame_base + program_.functions[state.function].local_names.size() + state.sp;
    for (std::size_t i = 0; i < count; ++i) visit(machine, values[i]);
  }
}

std::uint64_t* StateEncoder::encode_value(const Value& v, std::uint64_t* out) const {
  const std::uint64_t object = v.on_heap() ? heap_id_[v.object] : v.object;  // ranges keep their length there
  out[0] = std::uint64_t(v.kind) | (std::uint64_t(v.builtin) << 8) | (object << 32);
  out[1] = static_cast<std::uint64_t>(v.integer);
  return out + 2;
}

void StateEncoder::encode_head(const Machine& machine, StateKey& key) {
  number_heap(machine);
  key.resize(2 * machine.globals.size() + 1);
  std::uint64_t* at = key.data();
  for (const Value& g : machine.globals) at = encode_value(g, at);
  *at = heap_order_.size();
  if (any_held_) {
    for (auto& h : held_) h.clear();
    any_held_ = false;
  }
  for (std::uint32_t object : heap_order_) {
    const HeapObject& o = machine.heap[object];
    const std::size_t start = key.size();
    key.resize(start + 1 + 2 * o.items.size());
    at = key.data() + start;
    *at++ = std::uint64_t(o.kind) | (std::uint64_t(o.owner >= 0) << 8) | (std::uint64_t(o.items.size()) << 32);
    for (const Value& item : o.items) at = encode_value(item, at);
    if (o.owner >= 0) {
      held_[static_cast<std::size_t>(o.owner)].push_back(heap_id_[object]);
      any_held_ = true;
    }
  }
}

void StateEncoder::encode_thread(const Machine& machine, std::uint32_t thread) {
  const ThreadState& state = machine.threads[thread];
  const auto offset = static_cast<std::uint32_t>(records_.size());
  record_offset_[thread] = offset;
  auto& held = held_[thread];
  std::sort(held.begin(), held.end());
  // Every frame: the callers' (with their links) below the running one.
  const std::size_t count = state.frame_base + program_.functions[state.function].local_names.size() + state.sp;
  const bool steps = program_.counts_steps;
  const bool calls = program_.has_calls;
  records_.resize(offset + 2 + steps + calls + held.size() + 2 * count);
  std::uint64_t* at = records_.data() + offset;
  *at++ = header(state);
  if (steps) *at++ = state.steps;  // with loops, equal frames after different step counts are different states
  if (calls) *at++ = frame_word(state);
  *at++ = held.size();
  at = std::copy(held.begin(), held.end(), at);
  const Value* values = machine.region(thread);
  for (std::size_t i = 0; i < count; ++i) at = encode_value(values[i], at);
  record_length_[thread] = static_cast<std::uint32_t>(records_.size() - offset);
  record_hash_[thread] = hash_key(records_.data() + offset, record_length_[thread]);
}

void StateEncoder::encode(const Machine& machine, CanonicalState& out) {
  StateKey& key = out.key;
  encode_head(machine, key);
  records_.clear();
  for (std::uint32_t t = 0; t < machine.threads.size(); ++t) encode_thread(machine, t);

  out.order.resize(position_thread_.size());
  out.group_first.resize(position_thread_.size());
  const auto before = [this](std::uint32_t a, std::uint32_t b) {
    return record_before(record_hash_[a], records_.data() + record_offset_[a], record_length_[a], record_hash_[b],
                         records_.data() + record_offset_[b], record_length_[b]);
  };
  for (std::size_t c = 0; c < classes_.size(); ++c) {
    const auto& members = classes_[c];
    const std::uint32_t position = class_start_[c];
    auto* sorted = out.order.data() + position;
    std::copy(members.begin(), members.end(), sorted);
    std::sort(sorted, sorted + members.size(), before);
    const std::size_t runs_at = key.size();
    key.push_back(0);
    for (std::size_t i = 0; i < members.size();) {
      const std::uint32_t a = sorted[i];
      std::size_t j = i + 1;
      while (j < members.size() && record_hash_[sorted[j]] == record_hash_[a] &&
             same_record(records_.data() + record_offset_[a], record_length_[a],
                         records_.data() + record_offset_[sorted[j]], record_length_[sorted[j]]))
        ++j;
      for (std::size_t k = i; k < j; ++k) out.group_first[position + k] = static_cast<std::uint32_t>(position + i);
      key.push_back(j - i);
      key.insert(key.end(), records_.data() + record_offset_[a], records_.data() + record_offset_[a] + record_length_[a]);
      ++key[runs_at];
      i = j;
    }
  }
}

std::uint32_t StateEncoder::record_length(std::uint32_t klass, const std::uint64_t* record) const {
  const std::uint64_t sp = (record[0] >> 32) & 0xffff;
  const std::uint64_t steps = program_.counts_steps;
  const std::uint64_t calls = program_.has_calls;
  const std::uint64_t held = record[1 + steps + calls];
  std::uint64_t below = 0;  // slots of the callers' frames
  std::uint32_t function = class_function_[klass];
  if (calls) {
    function = static_cast<std::uint32_t>(record[1 + steps]);
    below = (record[1 + steps] >> 32) & 0xffff;
  }
  const std::uint64_t locals = program_.functions[function].local_names.size();
  return static_cast<std::uint32_t>(2 + steps + calls + held + 2 * (below + locals + sp));
}

void StateEncoder::layout(std::span<const std::uint64_t> key, KeyLayout& out) const {
  std::size_t at = 2 * program_.global_names.size();
  const std::uint64_t objects = key[at++];
  for (std::uint64_t o = 0; o < objects; ++o) at += 1 + 2 * (key[at] >> 32);
  out.head_end = static_cast<std::uint32_t>(at);
  out.class_offset.resize(classes_.size());
  out.runs.resize(classes_.size());
  for (std::uint32_t c = 0; c < classes_.size(); ++c) {
    out.class_offset[c] = static_cast<std::uint32_t>(at);
    const std::uint64_t runs = key[at++];
    auto& list = out.runs[c];
    list.clear();
    std::uint32_t position = class_start_[c];
    for (std::uint64_t r = 0; r < runs; ++r) {
      const auto count = static_cast<std::uint32_t>(key[at++]);
      const std::uint32_t length = record_length(c, key.data() + at);
      list.push_back({count, static_cast<std::uint32_t>(at), length, hash_key(key.data() + at, length), position});
      position += count;
      at += length;
    }
  }
}

std::int64_t StateEncoder::encode_after_step(std::span<const std::uint64_t> base_key, const KeyLayout& base_layout,
                                             const Machine& base, const Machine& machine, std::uint32_t thread,
                                             StateKey& out) {
  // Other threads' records stay valid only if heap numbering and every
  // other thread's locks are unchanged.
  if (machine.heap.size() != base.heap.size()) return -1;
  for (std::size_t i = 0; i < machine.heap.size(); ++i)
    if (!own_lock_change(base.heap[i].owner, machine.heap[i].owner, thread)) return -1;
  encode_head(machine, out);
  for (std::uint32_t i = 0; i < heap_order_.size(); ++i)
    if (heap_order_[i] != i) return -1;
  if (heap_order_.size() != machine.heap.size()) return -1;
  records_.clear();
  encode_thread(machine, thread);
  const std::uint64_t* record = records_.data();
  const std::uint32_t length = record_length_[thread];
  const std::uint64_t hash = record_hash_[thread];

  const std::uint32_t klass = thread_class_[thread];
  const std::uint32_t old_position = thread_position_[thread];
  std::int64_t new_first = -1;
  // At most one run more than the base: its count word and the record.
  const std::size_t head = out.size();
  out.resize(head + (base_key.size() - base_layout.head_end) + 1 + length);
  std::uint64_t* at = out.data() + head;
  for (std::uint32_t c = 0; c < classes_.size(); ++c) {
    const std::uint32_t from = base_layout.class_offset[c];
    if (c != klass) {
      const std::uint32_t to = c + 1 < classes_.size() ? base_layout.class_offset[c + 1]
                                                       : static_cast<std::uint32_t>(base_key.size());
      at = std::copy(base_key.begin() + from, base_key.begin() + to, at);
      continue;
    }
    std::uint64_t* runs = at++;
    *runs = 0;
    std::uint32_t position = class_start_[c];
    bool placed = false;
    const auto emit = [&](std::uint32_t count, const std::uint64_t* words, std::uint32_t words_length) {
      *at++ = count;
      at = std::copy(words, words + words_length, at);
      ++*runs;
      position += count;
    };
    for (const auto& run : base_layout.runs[c]) {
      const std::uint64_t* words = base_key.data() + run.offset;
      std::uint32_t count = run.count;
      if (old_position >= run.first && old_position < run.first + run.count) --count;  // the stepped thread left
      if (!placed && run.hash == hash && same_record(words, run.length, record, length)) {
        new_first = position;
        emit(count + 1, words, run.length);
        placed = true;
        continue;
      }
      if (!placed && record_before(hash, record, length, run.hash, words, run.length)) {
        new_first = position;
        emit(1, record, length);
        placed = true;
      }
      if (count > 0) emit(count, words, run.length);
    }
    if (!placed) {
      new_first = position;
      emit(1, record, length);
    }
  }
  out.resize(static_cast<std::size_t>(at - out.data()));
  return new_first;
}

const std::vector<std::uint64_t>& StateEncoder::thread_hashes(const Machine& machine, std::uint32_t stepped) {
  encode_head(machine, head_scratch_);
  bool only_stepped = stepped != kAllThreads && heap_order_ == cached_heap_order_ &&
                      cached_owners_.size() == machine.heap.size() && cached_hashes_.size() == machine.threads.size();
  for (std::size_t i = 0; only_stepped && i < machine.heap.size(); ++i)
    only_stepped = own_lock_change(cached_owners_[i], machine.heap[i].owner, stepped);
  records_.clear();
  if (only_stepped) {
    encode_thread(machine, stepped);
    cached_hashes_[stepped] = record_hash_[stepped];
  } else {
    for (std::uint32_t t = 0; t < machine.threads.size(); ++t) encode_thread(machine, t);
    cached_hashes_ = record_hash_;
    cached_heap_order_ = heap_order_;
  }
  cached_owners_.resize(machine.heap.size());
  for (std::size_t i = 0; i < machine.heap.size(); ++i) cached_owners_[i] = machine.heap[i].owner;
  return cached_hashes_;
}

bool StateEncoder::record_equals(const Machine& machine, std::uint32_t thread, std::span<const std::uint64_t> record) {
  records_.clear();
  encode_thread(machine, thread);
  return same_record(records_.data(), record_length_[thread], record.data(), static_cast<std::uint32_t>(record.size()));
}

void StateEncoder::decode(std::span<const std::uint64_t> key, Machine& out) const {
  if (out.threads.size() != initial_layout_.threads.size()) out = initial_layout_;
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
  // Read once: the stores below could alias the program in the compiler's view.
  const bool steps = program_.counts_steps, calls = program_.has_calls;
  for (std::size_t c = 0; c < classes_.size(); ++c) {
    const auto& members = classes_[c];
    const std::uint32_t class_function = class_function_[c];
    const std::size_t class_locals = program_.functions[class_function].local_names.size();
    const std::size_t region = program_.thread_region_size(class_function);
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
        state.steps = steps ? static_cast<std::uint32_t>(key[at++]) : state.pc;
        state.function = class_function;
        state.frame_base = 0;
        state.depth = 0;
        std::size_t locals = class_locals;
        if (calls) {
          const std::uint64_t word = key[at++];
          state.function = static_cast<std::uint32_t>(word);
          state.frame_base = static_cast<std::uint32_t>((word >> 32) & 0xffff);
          state.depth = static_cast<std::uint16_t>(word >> 48);
          locals = program_.functions[state.function].local_names.size();
        }
        const std::uint64_t held = key[at++];
        for (std::uint64_t i = 0; i < held; ++i) out.heap[key[at++]].owner = static_cast<std::int32_t>(t);
        Value* values = out.region(t);
        const std::size_t count_values = state.frame_base + locals + state.sp;
        for (std::size_t i = 0; i < count_values; ++i) {
          values[i] = decode_value(&key[at]);
          at += 2;
        }
        // Slots above the stack top hold nothing; keep them equal across decodes.
        std::fill(values + count_values, values + region, Value::null());
      }
    }
  }
}

// Two words per 64x64->128-bit multiply, folded (the "mum" step of wyhash).
std::uint64_t hash_key(const std::uint64_t* words, std::size_t count) {
  const auto mum = [](std::uint64_t a, std::uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
  };
  constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
  std::uint64_t h = k0 ^ count;
  std::size_t i = 0;
  for (; i + 1 < count; i += 2) h = mum(words[i] ^ k1 ^ h, words[i + 1] ^ k2);
  if (i < count) h = mum(words[i] ^ k1 ^ h, k2);
  return mum(h, k0 ^ count);
}

}  // namespace gilrace
