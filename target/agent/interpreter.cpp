// The bytecode table: one small function per opcode, looked up by value. Values are 64-bit
// two's complement (the manual's LONGEST); operations that C++ leaves undefined (shifts by
// 64 or more, INT64_MIN / -1) get the result wrapping arithmetic gives.
#include "target/agent/interpreter.hpp"

#include <array>
#include <limits>

#include <fmt/format.h>

#include "target/agent/machine.hpp"
#include "target/agent/opcodes.hpp"

namespace target::agent {

bool Machine::fail(std::string why) {
    if (error.empty()) error = fmt::format("{} (at offset {})", why, pc);
    return false;
}

bool Machine::need(std::size_t values) {
    return stack.size() >= values || fail("stack underflow");
}

bool Machine::push(std::uint64_t value) {
    if (stack.size() >= limits.max_stack) return fail("stack overflow");
    stack.push_back(value);
    return true;
}

std::uint64_t Machine::pop() {
    std::uint64_t v = stack.back();
    stack.pop_back();
    return v;
}

bool Machine::operand(std::size_t bytes, std::uint64_t& out) {
    if (code.size() - pc < bytes) return fail("operand past the end of the bytecode");
    out = 0;
    for (std::size_t i = 0; i < bytes; ++i)
        out = (out << 8) | code[pc++];
    return true;
}

namespace {

using OpFn = bool (*)(Machine&, std::uint64_t operand);

struct OpDef {
    const char* name = nullptr; // nullptr: not an opcode
    std::uint8_t operand_bytes = 0;
    OpFn run = nullptr;
};

std::int64_t as_signed(std::uint64_t v) { return static_cast<std::int64_t>(v); }

template <class F> bool binary(Machine& m, F f) {
    if (!m.need(2)) return false;
    std::uint64_t b = m.pop();
    std::uint64_t a = m.pop();
    return m.push(f(a, b));
}

template <class F> bool unary(Machine& m, F f) {
    if (!m.need(1)) return false;
    m.top() = f(m.top());
    return true;
}

// Signed division and remainder, checked: zero divisors fail, INT64_MIN / -1 wraps.
bool divide(Machine& m, bool is_signed, bool remainder) {
    if (!m.need(2)) return false;
    std::uint64_t b = m.pop();
    std::uint64_t a = m.pop();
    if (b == 0) return m.fail("division by zero");
    if (!is_signed) return m.push(remainder ? a % b : a / b);
    if (as_signed(a) == std::numeric_limits<std::int64_t>::min() && as_signed(b) == -1)
        return m.push(remainder ? 0 : a);
    return m.push(static_cast<std::uint64_t>(remainder ? as_signed(a) % as_signed(b)
                                                       : as_signed(a) / as_signed(b)));
}

std::uint64_t sign_extend(std::uint64_t v, std::uint64_t bits) {
    if (bits >= 64) return v;
    if (bits == 0) return 0;
    std::uint64_t sign = std::uint64_t{1} << (bits - 1);
    v &= (sign << 1) - 1;
    return (v ^ sign) - sign;
}

std::uint64_t zero_extend(std::uint64_t v, std::uint64_t bits) {
    if (bits >= 64) return v;
    return v & ((std::uint64_t{1} << bits) - 1);
}

// refN: an N-byte little-endian (x86's natural order) value from target memory.
bool ref(Machine& m, std::size_t bytes) {
    if (!m.need(1)) return false;
    std::uint64_t addr = m.top();
    std::array<std::uint8_t, 8> buf{};
    if (!m.env.read_memory(addr, std::span(buf).first(bytes)))
        return m.fail(fmt::format("cannot read {} bytes at {:#x}", bytes, addr));
    std::uint64_t v = 0;
    for (std::size_t i = bytes; i-- > 0;)
        v = (v << 8) | buf[i];
    m.top() = v;
    return true;
}

bool jump(Machine& m, std::uint64_t target) {
    if (target >= m.code.size()) return m.fail(fmt::format("jump to {} outside the bytecode", target));
    m.pc = static_cast<std::size_t>(target);
    return true;
}

bool unsupported(Machine& m, const char* what) {
    return m.fail(fmt::format("{} is not supported", what));
}

constexpr std::array<OpDef, 256> make_table() {
    std::array<OpDef, 256> t{};
    auto def = [&t](Op op, const char* name, std::uint8_t operand_bytes, OpFn run) {
        t[static_cast<std::uint8_t>(op)] = OpDef{name, operand_bytes, run};
    };
    def(Op::float_prefix, "float", 0, [](Machine& m, std::uint64_t) { return unsupported(m, "floating point"); });
    def(Op::add, "add", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return a + b; }); });
    def(Op::sub, "sub", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return a - b; }); });
    def(Op::mul, "mul", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return a * b; }); });
    def(Op::div_signed, "div_signed", 0, [](Machine& m, std::uint64_t) { return divide(m, true, false); });
    def(Op::div_unsigned, "div_unsigned", 0, [](Machine& m, std::uint64_t) { return divide(m, false, false); });
    def(Op::rem_signed, "rem_signed", 0, [](Machine& m, std::uint64_t) { return divide(m, true, true); });
    def(Op::rem_unsigned, "rem_unsigned", 0, [](Machine& m, std::uint64_t) { return divide(m, false, true); });
    def(Op::lsh, "lsh", 0, [](Machine& m, std::uint64_t) {
        return binary(m, [](std::uint64_t a, std::uint64_t b) { return b >= 64 ? 0 : a << b; });
    });
    def(Op::rsh_signed, "rsh_signed", 0, [](Machine& m, std::uint64_t) {
        return binary(m, [](std::uint64_t a, std::uint64_t b) {
            return static_cast<std::uint64_t>(as_signed(a) >> (b >= 64 ? 63 : b));
        });
    });
    def(Op::rsh_unsigned, "rsh_unsigned", 0, [](Machine& m, std::uint64_t) {
        return binary(m, [](std::uint64_t a, std::uint64_t b) { return b >= 64 ? 0 : a >> b; });
    });
    // No trace buffer behind a breakpoint condition: the trace bytecodes only keep their
    // effect on the stack.
    def(Op::trace, "trace", 0, [](Machine& m, std::uint64_t) {
        if (!m.need(2)) return false;
        m.pop();
        m.pop();
        return true;
    });
    def(Op::trace_quick, "trace_quick", 1, [](Machine& m, std::uint64_t) { return m.need(1); });
    def(Op::log_not, "log_not", 0, [](Machine& m, std::uint64_t) { return unary(m, [](std::uint64_t a) { return std::uint64_t{a == 0}; }); });
    def(Op::bit_and, "bit_and", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return a & b; }); });
    def(Op::bit_or, "bit_or", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return a | b; }); });
    def(Op::bit_xor, "bit_xor", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return a ^ b; }); });
    def(Op::bit_not, "bit_not", 0, [](Machine& m, std::uint64_t) { return unary(m, [](std::uint64_t a) { return ~a; }); });
    def(Op::equal, "equal", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return std::uint64_t{a == b}; }); });
    def(Op::less_signed, "less_signed", 0, [](Machine& m, std::uint64_t) {
        return binary(m, [](auto a, auto b) { return std::uint64_t{as_signed(a) < as_signed(b)}; });
    });
    def(Op::less_unsigned, "less_unsigned", 0, [](Machine& m, std::uint64_t) { return binary(m, [](auto a, auto b) { return std::uint64_t{a < b}; }); });
    def(Op::ext, "ext", 1, [](Machine& m, std::uint64_t n) { return unary(m, [n](std::uint64_t a) { return sign_extend(a, n); }); });
    def(Op::zero_ext, "zero_ext", 1, [](Machine& m, std::uint64_t n) { return unary(m, [n](std::uint64_t a) { return zero_extend(a, n); }); });
    def(Op::ref8, "ref8", 0, [](Machine& m, std::uint64_t) { return ref(m, 1); });
    def(Op::ref16, "ref16", 0, [](Machine& m, std::uint64_t) { return ref(m, 2); });
    def(Op::ref32, "ref32", 0, [](Machine& m, std::uint64_t) { return ref(m, 4); });
    def(Op::ref64, "ref64", 0, [](Machine& m, std::uint64_t) { return ref(m, 8); });
    def(Op::ref_float, "ref_float", 0, [](Machine& m, std::uint64_t) { return unsupported(m, "ref_float"); });
    def(Op::ref_double, "ref_double", 0, [](Machine& m, std::uint64_t) { return unsupported(m, "ref_double"); });
    def(Op::ref_long_double, "ref_long_double", 0, [](Machine& m, std::uint64_t) { return unsupported(m, "ref_long_double"); });
    def(Op::l_to_d, "l_to_d", 0, [](Machine& m, std::uint64_t) { return unsupported(m, "l_to_d"); });
    def(Op::d_to_l, "d_to_l", 0, [](Machine& m, std::uint64_t) { return unsupported(m, "d_to_l"); });
    def(Op::if_goto, "if_goto", 2, [](Machine& m, std::uint64_t target) {
        if (!m.need(1)) return false;
        return m.pop() != 0 ? jump(m, target) : true;
    });
    def(Op::goto_, "goto", 2, [](Machine& m, std::uint64_t target) { return jump(m, target); });
    def(Op::const8, "const8", 1, [](Machine& m, std::uint64_t n) { return m.push(n); });
    def(Op::const16, "const16", 2, [](Machine& m, std::uint64_t n) { return m.push(n); });
    def(Op::const32, "const32", 4, [](Machine& m, std::uint64_t n) { return m.push(n); });
    def(Op::const64, "const64", 8, [](Machine& m, std::uint64_t n) { return m.push(n); });
    def(Op::reg, "reg", 2, [](Machine& m, std::uint64_t n) {
        auto value = m.env.read_register(static_cast<int>(n));
        if (!value) return m.fail(fmt::format("no register {}", n));
        return m.push(*value);
    });
    def(Op::end, "end", 0, [](Machine& m, std::uint64_t) {
        if (!m.need(1)) return false;
        m.finished = true;
        return true;
    });
    def(Op::dup, "dup", 0, [](Machine& m, std::uint64_t) { return m.need(1) && m.push(m.top()); });
    def(Op::pop, "pop", 0, [](Machine& m, std::uint64_t) {
        if (!m.need(1)) return false;
        m.pop();
        return true;
    });
    def(Op::swap, "swap", 0, [](Machine& m, std::uint64_t) {
        if (!m.need(2)) return false;
        std::swap(m.stack[m.stack.size() - 1], m.stack[m.stack.size() - 2]);
        return true;
    });
    // Trace state variables belong to tracepoints, which rspd does not have.
    def(Op::getv, "getv", 2, [](Machine& m, std::uint64_t) { return unsupported(m, "trace state variable"); });
    def(Op::setv, "setv", 2, [](Machine& m, std::uint64_t) { return unsupported(m, "trace state variable"); });
    def(Op::tracev, "tracev", 2, [](Machine&, std::uint64_t) { return true; });
    def(Op::tracenz, "tracenz", 0, [](Machine& m, std::uint64_t) {
        if (!m.need(2)) return false;
        m.pop();
        m.pop();
        return true;
    });
    def(Op::trace16, "trace16", 2, [](Machine& m, std::uint64_t) { return m.need(1); });
    def(Op::pick, "pick", 1, [](Machine& m, std::uint64_t n) {
        if (n >= m.stack.size()) return m.fail(fmt::format("pick {} with {} on the stack", n, m.stack.size()));
        return m.push(m.stack[m.stack.size() - 1 - n]);
    });
    def(Op::rot, "rot", 0, [](Machine& m, std::uint64_t) {
        if (!m.need(3)) return false;
        std::size_t n = m.stack.size();
        std::uint64_t a = m.stack[n - 3], b = m.stack[n - 2], c = m.stack[n - 1];
        m.stack[n - 3] = c; // a b c => c a b
        m.stack[n - 2] = a;
        m.stack[n - 1] = b;
        return true;
    });
    def(Op::printf, "printf", 1, run_printf);
    return t;
}

constexpr std::array<OpDef, 256> table = make_table();

} // namespace

Outcome evaluate(std::span<const std::uint8_t> code, Environment& env, const Limits& limits) {
    Machine m{code, env, limits, 0, {}, {}, false};
    for (std::size_t steps = 0; !m.finished; ++steps) {
        if (steps >= limits.max_steps) {
            m.fail(fmt::format("more than {} bytecodes executed", limits.max_steps));
            break;
        }
        if (m.pc >= code.size()) {
            m.fail("ran off the end of the bytecode");
            break;
        }
        std::uint8_t byte = code[m.pc++];
        const OpDef& op = table[byte];
        if (!op.run) {
            m.fail(fmt::format("unknown bytecode {:#04x}", byte));
            break;
        }
        std::uint64_t arg = 0;
        if (!m.operand(op.operand_bytes, arg) || !op.run(m, arg)) break;
    }
    if (!m.finished) return {false, 0, m.error};
    return {true, m.stack.back(), {}};
}

} // namespace target::agent
