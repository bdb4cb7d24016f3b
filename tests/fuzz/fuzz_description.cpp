// libFuzzer target for the target-description loader (arch::Description::parse): several XML
// files that include each other with <xi:include href="..."/>. The input is the files, each
// "NAME\nXML", separated by NUL bytes; the root is target.xml. Checks, when parsing succeeds:
// registers are sorted by unique regnum, laid out back to back in the g packet, and found by
// number and by name; every file is served back verbatim (qXfer:features:read). Failures must
// be error values: no exception, crash, UB or unbounded recursion escapes parse().
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "arch/description.hpp"
#include "fuzz_support.hpp"

namespace {

using fuzz::check;

std::map<std::string, std::string> files_of(std::string_view input) {
    std::map<std::string, std::string> files;
    while (!input.empty()) {
        auto end = input.find('\0');
        auto file = input.substr(0, end);
        auto newline = file.find('\n');
        std::string name(file.substr(0, newline));
        files[name] = newline == std::string_view::npos ? "" : std::string(file.substr(newline + 1));
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    }
    return files;
}

void check_layout(const arch::Description& d) {
    std::size_t offset = 0;
    const arch::Register* previous = nullptr;
    for (const auto& r : d.registers()) {
        check(r.bitsize > 0 && r.bitsize % 8 == 0 && !r.name.empty());
        check(!previous || previous->regnum < r.regnum);
        check(r.offset == offset);
        check(d.by_number(r.regnum) == &r && d.by_name(r.name) == &r);
        offset += r.size();
        previous = &r;
    }
    check(d.g_packet_size() == offset);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto files = files_of({reinterpret_cast<const char*>(data), size});
    auto parsed = arch::Description::parse(files);
    if (!parsed) return 0;
    check_layout(*parsed);
    for (const auto& [name, text] : files) check(parsed->file(name) == text);
    return 0;
}
