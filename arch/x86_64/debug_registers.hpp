#pragma once
// The x86 debug registers as the Intel SDM (Vol. 3B, "Debug Registers") defines them:
// DR0-DR3 hold addresses, DR7 enables each and says what it watches (R/W bits: execute,
// write, read-or-write; LEN bits: 1, 2, 4 or 8 bytes, the address aligned to that length),
// DR6 says which slot fired (B0-B3) and whether a single step did (BS).
// Pure data and arithmetic: target/linux/ writes the result into the threads.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "target/result.hpp"

namespace arch::x86_64 {

inline constexpr int debug_slots = 4;

// DR7's R/W field values. x86 has no read-only kind: a read watchpoint is an access one
// whose hits the client filters (gdb does, when Z3 is refused).
enum class DrKind : std::uint8_t { execute = 0b00, write = 0b01, access = 0b11 };

// The DR7 bits that enable slot for kind over len bytes (local enable, R/W, LEN); nullopt
// for a slot outside 0-3, a length other than 1, 2, 4, 8, or an execute slot longer than 1.
std::optional<std::uint64_t> dr7_slot_bits(int slot, DrKind kind, int len);
// Every DR7 bit that belongs to slot (enables, R/W, LEN).
std::uint64_t dr7_slot_mask(int slot);

struct Dr6 {
    unsigned hit_slots = 0; // bit i: slot i fired (B0-B3)
    bool single_step = false; // BS
};
Dr6 decode_dr6(std::uint64_t dr6);

// [addr, addr + len) as the fewest naturally aligned 1/2/4/8-byte pieces that cover exactly
// it (an unaligned 4-byte watch at 0x1002 = 2@0x1002 + 2@0x1004).
struct Piece {
    std::uint64_t addr;
    int len;
    friend bool operator==(const Piece&, const Piece&) = default;
};
std::vector<Piece> aligned_pieces(std::uint64_t addr, std::uint64_t len);

// The four slots of one process: hardware breakpoints and watchpoints are split into
// pieces, identical pieces of different requests share a slot, and a request that does not
// fit changes nothing. The same request twice is one request (Z packets are idempotent).
class DebugRegisters {
  public:
    struct Slot {
        std::uint64_t addr = 0;
        int len = 0;
        DrKind kind = DrKind::execute;
        int users = 0; // requests using it; 0: free
    };

    // ENOSPC when the free slots are too few, EINVAL for an empty range.
    target::Result<void> insert(DrKind kind, std::uint64_t addr, std::uint64_t len);
    // ENOENT when no such request is in place.
    target::Result<void> remove(DrKind kind, std::uint64_t addr, std::uint64_t len);
    void clear();

    const Slot& slot(int i) const { return slots_[i]; }
    std::uint64_t dr7() const;
    bool any() const { return dr7() != 0; }
    // Counts every change, so each thread can tell whether its copy is current.
    unsigned generation() const { return generation_; }

  private:
    struct Request {
        DrKind kind;
        std::uint64_t addr;
        std::uint64_t len;
        friend bool operator==(const Request&, const Request&) = default;
    };
    std::optional<int> find(DrKind kind, const Piece& piece) const;

    std::array<Slot, debug_slots> slots_{};
    std::vector<Request> requests_;
    unsigned generation_ = 0;
};

} // namespace arch::x86_64
