// The agent-expression machine, one test per bytecode of the GDB manual's "Bytecode
// Descriptions", then malformed bytecode: every failure is an error outcome, never a crash.
#include <boost/test/unit_test.hpp>

#include <map>
#include <vector>

#include "target/agent/interpreter.hpp"
#include "target/agent/opcodes.hpp"

namespace {

using target::agent::Op;

struct FakeEnv final : target::agent::Environment {
    std::map<std::uint64_t, std::uint8_t> memory;
    std::map<int, std::uint64_t> registers;
    std::string printed;

    bool read_memory(std::uint64_t addr, std::span<std::uint8_t> out) override {
        for (std::size_t i = 0; i < out.size(); ++i) {
            auto it = memory.find(addr + i);
            if (it == memory.end()) return false;
            out[i] = it->second;
        }
        return true;
    }
    std::optional<std::uint64_t> read_register(int regnum) override {
        auto it = registers.find(regnum);
        if (it == registers.end()) return std::nullopt;
        return it->second;
    }
    void print(std::string_view text) override { printed += text; }
    void put(std::uint64_t addr, std::vector<std::uint8_t> bytes) {
        for (auto b : bytes) memory[addr++] = b;
    }
};

// Bytecode builder: ops and raw operand bytes mixed.
struct Code {
    std::vector<std::uint8_t> bytes;
    Code& op(Op o) { bytes.push_back(static_cast<std::uint8_t>(o)); return *this; }
    Code& u8(std::uint8_t v) { bytes.push_back(v); return *this; }
    Code& u16(std::uint16_t v) { u8(v >> 8); return u8(v & 0xff); }
    Code& u32(std::uint32_t v) { u16(v >> 16); return u16(v & 0xffff); }
    Code& u64(std::uint64_t v) { u32(v >> 32); return u32(v & 0xffffffff); }
    Code& c8(std::uint8_t v) { return op(Op::const8).u8(v); }
    Code& c64(std::uint64_t v) { return op(Op::const64).u64(v); }
    Code& end() { return op(Op::end); }
};

FakeEnv env;

target::agent::Outcome run(const Code& c, FakeEnv& e = env, target::agent::Limits limits = {}) {
    return target::agent::evaluate(c.bytes, e, limits);
}

std::uint64_t value(const Code& c, FakeEnv& e = env) {
    auto out = run(c, e);
    BOOST_TEST_INFO("error: " << out.error);
    BOOST_REQUIRE(out.ok);
    return out.value;
}

std::uint64_t binary(Op o, std::uint64_t a, std::uint64_t b) {
    return value(Code().c64(a).c64(b).op(o).end());
}

bool fails(const Code& c, std::string_view why, target::agent::Limits limits = {}) {
    auto out = run(c, env, limits);
    BOOST_TEST_INFO("error: " << out.error);
    return !out.ok && out.error.find(why) != std::string::npos;
}

constexpr std::uint64_t neg(std::int64_t v) { return static_cast<std::uint64_t>(v); }

} // namespace

BOOST_AUTO_TEST_SUITE(agent)

BOOST_AUTO_TEST_CASE(arithmetic) {
    BOOST_TEST(binary(Op::add, 40, 2) == 42u);
    BOOST_TEST(binary(Op::add, neg(-1), 1) == 0u);
    BOOST_TEST(binary(Op::sub, 40, 42) == neg(-2));
    BOOST_TEST(binary(Op::mul, neg(-6), 7) == neg(-42));
    BOOST_TEST(binary(Op::div_signed, neg(-42), 5) == neg(-8));
    BOOST_TEST(binary(Op::div_unsigned, neg(-42), 1ull << 63) == 1u);
    BOOST_TEST(binary(Op::rem_signed, neg(-42), 5) == neg(-2));
    BOOST_TEST(binary(Op::rem_unsigned, 42, 5) == 2u);
    BOOST_TEST(binary(Op::div_signed, 1ull << 63, neg(-1)) == 1ull << 63); // wraps
    BOOST_TEST(binary(Op::rem_signed, 1ull << 63, neg(-1)) == 0u);
}

BOOST_AUTO_TEST_CASE(division_by_zero_is_an_error) {
    for (Op o : {Op::div_signed, Op::div_unsigned, Op::rem_signed, Op::rem_unsigned})
        BOOST_TEST(fails(Code().c8(1).c8(0).op(o).end(), "division by zero"));
}

BOOST_AUTO_TEST_CASE(shifts) {
    BOOST_TEST(binary(Op::lsh, 1, 4) == 16u);
    BOOST_TEST(binary(Op::lsh, 1, 64) == 0u);
    BOOST_TEST(binary(Op::rsh_signed, neg(-16), 2) == neg(-4));
    BOOST_TEST(binary(Op::rsh_signed, neg(-16), 200) == neg(-1));
    BOOST_TEST(binary(Op::rsh_unsigned, neg(-16), 60) == 0xfu);
    BOOST_TEST(binary(Op::rsh_unsigned, 16, 64) == 0u);
}

BOOST_AUTO_TEST_CASE(logic_and_bits) {
    BOOST_TEST(value(Code().c8(0).op(Op::log_not).end()) == 1u);
    BOOST_TEST(value(Code().c8(7).op(Op::log_not).end()) == 0u);
    BOOST_TEST(binary(Op::bit_and, 0xc, 0xa) == 0x8u);
    BOOST_TEST(binary(Op::bit_or, 0xc, 0xa) == 0xeu);
    BOOST_TEST(binary(Op::bit_xor, 0xc, 0xa) == 0x6u);
    BOOST_TEST(value(Code().c8(0).op(Op::bit_not).end()) == ~0ull);
}

BOOST_AUTO_TEST_CASE(comparisons) {
    BOOST_TEST(binary(Op::equal, 5, 5) == 1u);
    BOOST_TEST(binary(Op::equal, 5, 6) == 0u);
    BOOST_TEST(binary(Op::less_signed, neg(-1), 0) == 1u);
    BOOST_TEST(binary(Op::less_signed, 0, neg(-1)) == 0u);
    BOOST_TEST(binary(Op::less_unsigned, neg(-1), 0) == 0u);
    BOOST_TEST(binary(Op::less_unsigned, 0, neg(-1)) == 1u);
}

BOOST_AUTO_TEST_CASE(extensions) {
    BOOST_TEST(value(Code().c8(0x80).op(Op::ext).u8(8).end()) == neg(-128));
    BOOST_TEST(value(Code().c8(0x7f).op(Op::ext).u8(8).end()) == 0x7fu);
    BOOST_TEST(value(Code().c64(neg(-1)).op(Op::ext).u8(64).end()) == neg(-1));
    BOOST_TEST(value(Code().c64(neg(-1)).op(Op::zero_ext).u8(16).end()) == 0xffffu);
    BOOST_TEST(value(Code().c64(neg(-1)).op(Op::zero_ext).u8(64).end()) == neg(-1));
}

BOOST_AUTO_TEST_CASE(constants_are_big_endian) {
    BOOST_TEST(value(Code().c8(0xab).end()) == 0xabu);
    BOOST_TEST(value(Code().op(Op::const16).u16(0x1234).end()) == 0x1234u);
    BOOST_TEST(value(Code().op(Op::const32).u32(0x12345678).end()) == 0x12345678u);
    BOOST_TEST(value(Code().c64(0x0123456789abcdefull).end()) == 0x0123456789abcdefull);
}

BOOST_AUTO_TEST_CASE(memory_references_are_little_endian_and_unaligned) {
    FakeEnv e;
    e.put(0x1001, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88});
    BOOST_TEST(value(Code().c64(0x1001).op(Op::ref8).end(), e) == 0x01u);
    BOOST_TEST(value(Code().c64(0x1001).op(Op::ref16).end(), e) == 0x0201u);
    BOOST_TEST(value(Code().c64(0x1001).op(Op::ref32).end(), e) == 0x04030201u);
    BOOST_TEST(value(Code().c64(0x1001).op(Op::ref64).end(), e) == 0x8807060504030201ull);
    auto out = run(Code().c64(0x1005).op(Op::ref64).end(), e);
    BOOST_TEST(!out.ok);
    BOOST_TEST(out.error.find("cannot read 8 bytes at 0x1005") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(registers) {
    FakeEnv e;
    e.registers[6] = 0x7ffe0000;
    BOOST_TEST(value(Code().op(Op::reg).u16(6).end(), e) == 0x7ffe0000u);
    BOOST_TEST(!run(Code().op(Op::reg).u16(999).end(), e).ok);
}

BOOST_AUTO_TEST_CASE(a_condition_as_gdb_compiles_it) {
    // `i == 4999` with i at DW_OP_fbreg -20 = rbp + 16 - 20, the bytes gdb 13 sent for
    // `break f if i == 4999` (register 6 is rbp).
    FakeEnv e;
    e.registers[6] = 0x7000;
    e.put(0x7000 - 4, {0x87, 0x13, 0, 0});
    std::vector<std::uint8_t> code{0x26, 0x00, 0x06, 0x22, 0x10, 0x02, 0x22, 0xec, 0x16, 0x08, 0x02,
                                   0x19, 0x16, 0x20, 0x23, 0x13, 0x87, 0x13, 0x27};
    auto out = target::agent::evaluate(code, e);
    BOOST_TEST(out.ok);
    BOOST_TEST(out.value == 1u);
    e.put(0x7000 - 4, {0x86, 0x13, 0, 0});
    BOOST_TEST(target::agent::evaluate(code, e).value == 0u);
}

BOOST_AUTO_TEST_CASE(stack_operations) {
    BOOST_TEST(value(Code().c8(3).op(Op::dup).op(Op::add).end()) == 6u);
    BOOST_TEST(value(Code().c8(3).c8(4).op(Op::pop).end()) == 3u);
    BOOST_TEST(value(Code().c8(10).c8(3).op(Op::swap).op(Op::sub).end()) == neg(-7));
    BOOST_TEST(value(Code().c8(1).c8(2).c8(3).op(Op::pick).u8(2).end()) == 1u);
    BOOST_TEST(value(Code().c8(1).c8(2).op(Op::pick).u8(0).end()) == 2u);
    // rot: a b c => c a b: the top becomes the third item, b the top.
    BOOST_TEST(value(Code().c8(1).c8(2).c8(3).op(Op::rot).end()) == 2u);
    BOOST_TEST(value(Code().c8(1).c8(2).c8(3).op(Op::rot).op(Op::pop).end()) == 1u);
    BOOST_TEST(value(Code().c8(1).c8(2).c8(3).op(Op::rot).op(Op::pop).op(Op::pop).end()) == 3u);
}

BOOST_AUTO_TEST_CASE(jumps) {
    // if_goto taken: 1 → jump over "const8 7 end" to "const8 9 end".
    Code taken = Code().c8(1).op(Op::if_goto).u16(8).c8(7).end().c8(9).end();
    BOOST_TEST(value(taken) == 9u);
    Code not_taken = Code().c8(0).op(Op::if_goto).u16(8).c8(7).end().c8(9).end();
    BOOST_TEST(value(not_taken) == 7u);
    Code jump = Code().op(Op::goto_).u16(6).c8(7).end().c8(9).end();
    BOOST_TEST(value(jump) == 9u);
}

BOOST_AUTO_TEST_CASE(trace_bytecodes_keep_their_stack_effect) {
    BOOST_TEST(value(Code().c8(5).c8(0x10).c8(4).op(Op::trace).end()) == 5u);
    BOOST_TEST(value(Code().c8(0x10).op(Op::trace_quick).u8(4).end()) == 0x10u);
    BOOST_TEST(value(Code().c8(0x10).op(Op::trace16).u16(4).end()) == 0x10u);
    BOOST_TEST(value(Code().c8(5).c8(0x10).c8(4).op(Op::tracenz).end()) == 5u);
    BOOST_TEST(value(Code().c8(5).op(Op::tracev).u16(1).end()) == 5u);
}

BOOST_AUTO_TEST_CASE(unsupported_bytecodes_are_errors) {
    BOOST_TEST(fails(Code().op(Op::getv).u16(1).end(), "trace state variable"));
    BOOST_TEST(fails(Code().c8(1).op(Op::setv).u16(1).end(), "trace state variable"));
    BOOST_TEST(fails(Code().op(Op::float_prefix).end(), "floating point"));
    for (Op o : {Op::ref_float, Op::ref_double, Op::ref_long_double, Op::l_to_d, Op::d_to_l})
        BOOST_TEST(fails(Code().c8(0).op(o).end(), "not supported"));
    BOOST_TEST(fails(Code().u8(0x31).end(), "unknown bytecode 0x31"));
    BOOST_TEST(fails(Code().u8(0xff).end(), "unknown bytecode"));
}

BOOST_AUTO_TEST_CASE(printf_prints_through_the_environment) {
    // gdb's dprintf bytecode: the args last one first, function 0, channel 0, printf nargs
    // "fmt" — the format with its C escapes as written in the source.
    FakeEnv e;
    e.put(0x2000, {'h', 'i', 0});
    std::string fmt = R"(x=%d s=%s %5.2x|%-3c|%lu %%\n)";
    Code c;
    c.c64(neg(-1)).c8('A').c8(0xab).c64(0x2000).c64(neg(-7));
    c.c8(0).c8(0).op(Op::printf).u8(5).u16(static_cast<std::uint16_t>(fmt.size() + 1));
    for (char ch : fmt) c.u8(static_cast<std::uint8_t>(ch));
    c.u8(0).c8(1).end();
    BOOST_TEST(value(c, e) == 1u);
    BOOST_TEST(e.printed == "x=-7 s=hi    ab|A  |18446744073709551615 %\n");
}

BOOST_AUTO_TEST_CASE(printf_rejects_bad_formats) {
    auto printf_code = [](std::string fmt, int nargs, int pushed, bool nul = true) {
        Code c;
        for (int i = 0; i < pushed; ++i) c.c8(1);
        c.op(Op::printf).u8(static_cast<std::uint8_t>(nargs)).u16(static_cast<std::uint16_t>(fmt.size() + nul));
        for (char ch : fmt) c.u8(static_cast<std::uint8_t>(ch));
        if (nul) c.u8(0);
        return c.c8(0).end();
    };
    BOOST_TEST(fails(printf_code("%d %d", 1, 3), "more conversions than arguments"));
    BOOST_TEST(fails(printf_code("%n", 1, 3), "unsupported conversion"));
    BOOST_TEST(fails(printf_code("%*d", 1, 3), "unsupported conversion"));
    BOOST_TEST(fails(printf_code("%d", 1, 2), "stack underflow"));
    BOOST_TEST(fails(printf_code("abc", 0, 2, false), "without its NUL"));
    BOOST_TEST(fails(Code().c8(0).c8(0).op(Op::printf).u8(0).u16(40).u8('a'), "past the end"));
}

BOOST_AUTO_TEST_CASE(malformed_bytecode_is_an_error_not_a_crash) {
    BOOST_TEST(fails(Code().op(Op::add).end(), "stack underflow"));
    BOOST_TEST(fails(Code().end(), "stack underflow"));
    BOOST_TEST(fails(Code().c8(1), "ran off the end"));
    BOOST_TEST(fails(Code().op(Op::const32).u8(1), "operand past the end"));
    BOOST_TEST(fails(Code().op(Op::goto_).u16(500), "outside the bytecode"));
    BOOST_TEST(fails(Code().c8(1).op(Op::pick).u8(1).end(), "pick 1"));
    BOOST_TEST(fails(Code().op(Op::goto_).u16(0), "bytecodes executed"));
    target::agent::Limits small{.max_stack = 4};
    BOOST_TEST(fails(Code().c8(1).c8(1).c8(1).c8(1).c8(1).end(), "stack overflow", small));
    // A loop that pushes forever stops at the stack limit.
    BOOST_TEST(fails(Code().c8(1).op(Op::goto_).u16(0), "stack overflow"));
    BOOST_TEST(!run(Code()).ok);
}

BOOST_AUTO_TEST_SUITE_END()
