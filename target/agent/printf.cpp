// The printf bytecode: "numargs, 2-byte length, format with its NUL" in the code; the
// arguments, then a function and a channel, on the stack (GDB manual, "Bytecode
// Descriptions"). gdb sends the format as it appears in C source, escapes included, so
// "\n" arrives as a backslash and an n; the arguments are pushed last one first. Each conversion is checked and printed on its own:
// a format can never make us read arguments that are not there or write through %n.
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "target/agent/machine.hpp"

namespace target::agent {
namespace {

constexpr std::size_t max_string = 4096; // bytes one %s may read from the program

unsigned hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10) & 0xf;
}

// C escapes (\n, \t, \\, \", octal \NNN, hex \xHH, ...) turned into the bytes they name.
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case 'e': out += '\x1b'; break;
        case 'x': {
            unsigned v = 0;
            while (i + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])))
                v = v * 16 + hex_value(s[++i]);
            out += static_cast<char>(v & 0xff);
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                unsigned v = c - '0';
                for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k)
                    v = v * 8 + (s[++i] - '0');
                out += static_cast<char>(v & 0xff);
            } else {
                out += c; // \\, \", \', \?
            }
        }
    }
    return out;
}

// One conversion: "%[flags][width][.precision][length]conv", width and precision digits
// only (no '*': the bytecode passes no extra arguments for them).
struct Spec {
    std::string text;   // the conversion as written, length modifiers removed
    char conv = 0;
    int length = 0;     // 0 int, 1 long, 2 long long / size_t / intmax_t, -1 short, -2 char
    int precision = -1;
};

std::optional<Spec> parse_spec(std::string_view f, std::size_t& i) {
    Spec s;
    s.text = "%";
    auto take_digits = [&](std::string& into) {
        std::size_t start = i;
        while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i])) && i - start < 4)
            into += f[i++];
        return std::isdigit(static_cast<unsigned char>(i < f.size() ? f[i] : 'x')) == 0;
    };
    while (i < f.size() && std::string_view("-+ #0").find(f[i]) != std::string_view::npos)
        s.text += f[i++];
    if (!take_digits(s.text)) return std::nullopt;
    if (i < f.size() && f[i] == '.') {
        s.text += f[i++];
        std::string digits;
        if (!take_digits(digits)) return std::nullopt;
        s.text += digits;
        s.precision = digits.empty() ? 0 : std::stoi(digits);
    }
    for (; i < f.size() && std::string_view("hlzjtLq").find(f[i]) != std::string_view::npos; ++i) {
        if (f[i] == 'h') s.length = s.length == -1 ? -2 : -1;
        else s.length = (f[i] == 'l' && s.length == 0) ? 1 : 2;
    }
    if (i >= f.size()) return std::nullopt;
    s.conv = f[i++];
    return s;
}

// snprintf of one checked conversion and one argument.
template <class T> std::string format_one(const std::string& spec, T value) {
    char buf[512];
    int n = std::snprintf(buf, sizeof buf, spec.c_str(), value);
    if (n < 0) return {};
    return std::string(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1));
}

std::string read_string(Environment& env, std::uint64_t addr, int precision) {
    std::string s;
    std::size_t limit = precision >= 0 ? std::min<std::size_t>(precision, max_string) : max_string;
    for (std::uint8_t byte = 0; s.size() < limit; ++addr) {
        if (!env.read_memory(addr, std::span(&byte, 1)) || byte == 0) break;
        s += static_cast<char>(byte);
    }
    return s;
}

std::optional<std::string> convert(const Spec& s, std::uint64_t arg, Environment& env) {
    std::string spec = s.text;
    auto integer = [&](bool is_signed) -> std::string {
        spec += "ll";
        spec += s.conv;
        std::uint64_t v = arg;
        if (s.length == 0) v = is_signed ? static_cast<std::uint64_t>(static_cast<std::int32_t>(v)) : static_cast<std::uint32_t>(v);
        if (s.length == -1) v = is_signed ? static_cast<std::uint64_t>(static_cast<std::int16_t>(v)) : static_cast<std::uint16_t>(v);
        if (s.length == -2) v = is_signed ? static_cast<std::uint64_t>(static_cast<std::int8_t>(v)) : static_cast<std::uint8_t>(v);
        if (is_signed) return format_one(spec, static_cast<long long>(v));
        return format_one(spec, static_cast<unsigned long long>(v));
    };
    switch (s.conv) {
    case 'd': case 'i': return integer(true);
    case 'u': case 'x': case 'X': case 'o': return integer(false);
    case 'c': return format_one(spec + 'c', static_cast<int>(arg & 0xff));
    case 'p': return format_one(spec + 'p', reinterpret_cast<void*>(static_cast<std::uintptr_t>(arg)));
    case 's': {
        std::string text = read_string(env, arg, s.precision);
        spec += 's';
        return format_one(spec, text.c_str());
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
        double d = 0;
        static_assert(sizeof d == sizeof arg);
        std::memcpy(&d, &arg, sizeof d);
        return format_one(spec + s.conv, d);
    }
    default: return std::nullopt; // %n and anything unknown
    }
}

} // namespace

bool run_printf(Machine& m, std::uint64_t numargs) {
    std::uint64_t length = 0;
    if (!m.operand(2, length)) return false;
    if (length == 0 || m.code.size() - m.pc < length) return m.fail("printf format past the end");
    std::string_view raw(reinterpret_cast<const char*>(m.code.data() + m.pc), length);
    m.pc += length;
    if (raw.back() != '\0') return m.fail("printf format without its NUL");
    if (!m.need(2 + numargs)) return false;
    m.pop(); // channel
    m.pop(); // function: ours is always the plain print
    // gdb pushes the last argument first: the first one is nearest the top.
    std::vector<std::uint64_t> args(m.stack.rbegin(), m.stack.rbegin() + numargs);
    m.stack.resize(m.stack.size() - numargs);

    std::string format = unescape(raw.substr(0, raw.size() - 1));
    std::string out;
    std::size_t next_arg = 0;
    for (std::size_t i = 0; i < format.size();) {
        if (format[i] != '%') {
            out += format[i++];
            continue;
        }
        ++i;
        if (i < format.size() && format[i] == '%') {
            out += '%';
            ++i;
            continue;
        }
        auto spec = parse_spec(format, i);
        if (!spec) return m.fail("printf: malformed conversion");
        if (next_arg >= args.size()) return m.fail("printf: more conversions than arguments");
        auto text = convert(*spec, args[next_arg++], m.env);
        if (!text) return m.fail(fmt::format("printf: unsupported conversion %{}", spec->conv));
        out += *text;
        if (out.size() > m.limits.max_output) return m.fail("printf: output too long");
    }
    m.env.print(out);
    return true;
}

} // namespace target::agent
