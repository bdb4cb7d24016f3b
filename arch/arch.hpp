#pragma once
// What the Linux target needs to know about the architecture it was built for: the target
// description, where each register of that description lives in the kernel's regsets
// (PTRACE_GETREGSET buffers), and the software-breakpoint instruction.
// One implementation per folder (arch/x86_64/, ...), chosen by CMake (RSPD_ARCH).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "arch/description.hpp"

namespace arch {

enum class Regset : int { general = 0, fp = 1, xstate = 2 };
inline constexpr std::size_t regset_count = 3;

struct RegsetInfo {
    Regset id;
    unsigned note_type; // NT_PRSTATUS, NT_PRFPREG, NT_X86_XSTATE
    std::size_t size;   // buffer size to ask the kernel for; keep the iov_len GETREGSET
                        // returns, as SETREGSET of NT_X86_XSTATE wants exactly that length
};

// One buffer per regset, indexed by Regset; an empty vector = not fetched / not available.
using RegsetBuffers = std::array<std::vector<std::uint8_t>, regset_count>;

// Where a register's bytes live in a regset buffer.
struct RegisterBinding {
    Regset regset;
    std::size_t offset; // byte offset in the regset buffer
    std::size_t size;   // bytes there; less than the register's size means zero-extended
    enum class Convert { none, fxsave_tag_word } convert = Convert::none;
    // XSAVE component (bit of XSTATE_BV) the bytes belong to, or -1. While that component is
    // in its init state the kernel's bytes mean nothing: reads give zeros, and a write first
    // zeroes the component's registers and marks it in use, else the kernel would drop it.
    int xsave_component = -1;
};

// How a stopped thread is made to run one system call, for calls rspd makes in the inferior
// (LLDB's _M and _m: mmap and munmap). Registers by their names in the description; all of
// them live in the general regset, which is saved and put back around the call.
struct SyscallAbi {
    std::span<const std::uint8_t> instruction; // the system-call instruction
    const char* number;                        // takes the call number
    std::array<const char*, 6> arguments;
    const char* result;
    const char* restart; // set to -1: the kernel must not take the call for one to restart
    long mmap;
    long munmap;
};

class Arch {
  public:
    virtual ~Arch() = default;
    virtual const Description& description() const = 0;
    // nullptr when the register has no home in any regset (sent as 'x' in g replies).
    virtual const RegisterBinding* binding(int regnum) const = 0;
    virtual std::span<const RegsetInfo> regsets() const = 0;
    virtual std::span<const std::uint8_t> breakpoint_instruction() const = 0; // {0xCC}
    // How far past the breakpoint address the PC is after the trap (1 on x86).
    virtual std::uint64_t pc_after_breakpoint() const = 0;
    virtual const SyscallAbi& syscall_abi() const = 0;

    // Copy register regnum between the regset buffers and the description's byte layout.
    // false if the register's regset buffer is missing or too small.
    bool read_register(int regnum, const RegsetBuffers& bufs, std::span<std::uint8_t> out) const;
    bool write_register(int regnum, RegsetBuffers& bufs, std::span<const std::uint8_t> in) const;
};

// The architecture this rspd was built for.
const Arch& native();

} // namespace arch
