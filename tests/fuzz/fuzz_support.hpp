#pragma once
// What every fuzz target shares: check() for invariants, and HeapWatch.
//
// HeapWatch: peak live heap while a fuzz input runs, from the sanitizer's malloc/free hooks: a fuzzer
// traps when one input makes the code under test hold more than a fixed bound, so an input
// that grows memory without limit (a cache keyed by client text, a buffer sized from a
// length field) is found even when it frees everything before returning.
#include <sanitizer/allocator_interface.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace fuzz {

// A broken invariant: trap, so libFuzzer records the input as a crash.
inline void check(bool ok) {
    if (!ok) __builtin_trap();
}

class HeapWatch {
  public:
    // Once, from LLVMFuzzerInitialize.
    static void install() { __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free); }
    // At the start of an input: growth is measured from here.
    static void start() { start_ = peak_ = live_; }
    // The most the heap grew since start().
    static std::int64_t peak_growth() { return peak_ - start_; }

  private:
    static void on_malloc(const volatile void*, std::size_t size) {
        live_ += static_cast<std::int64_t>(size);
        peak_ = std::max(peak_, live_);
    }
    static void on_free(const volatile void* ptr) {
        if (ptr) live_ -= static_cast<std::int64_t>(__sanitizer_get_allocated_size(ptr));
    }
    static inline std::int64_t live_ = 0, peak_ = 0, start_ = 0;
};

} // namespace fuzz
