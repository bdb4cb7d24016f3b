#pragma once
// A parsed target description: the registers named by the target-description XML, in the
// order and with the numbers the XML gives, and the XML files themselves, served verbatim
// through qXfer:features:read. This is the single source of truth for register numbers,
// names and sizes; nothing else in rspd lists registers.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "target/result.hpp"

namespace arch {

struct Register {
    std::string name;    // as in the XML: "rax", "ymm0h", "orig_rax"
    int regnum = 0;      // protocol number (p/P packets, expedited registers)
    int bitsize = 0;
    std::string type;    // "int64", "code_ptr", "vec128", "i387_ext", ...
    std::string group;   // "general", "float", "vector", "system" or empty
    std::string feature; // "org.gnu.gdb.i386.core", ...
    std::size_t offset = 0; // byte offset in the g packet
    // LLDB extras (optional attributes of <reg>; see lldbgdbremote.md "qRegisterInfo")
    std::string generic;  // "pc", "sp", "fp", "flags", "arg1".. or empty
    std::string altname;
    int dwarf_regnum = -1;
    int ehframe_regnum = -1;
    std::size_t size() const { return static_cast<std::size_t>(bitsize) / 8; }
};

class Description {
  public:
    // files: annex name -> XML text; root: the annex that holds <target> ("target.xml").
    // Follows <xi:include href="..."/> into the other files.
    static target::Result<Description> parse(std::map<std::string, std::string> files,
                                             const std::string& root = "target.xml");

    const std::vector<Register>& registers() const { return registers_; }
    const Register* by_number(int regnum) const;
    const Register* by_name(std::string_view name) const;
    std::size_t g_packet_size() const { return g_size_; }
    std::string_view architecture() const { return architecture_; } // "i386:x86-64"
    std::string_view osabi() const { return osabi_; }                // "GNU/Linux"
    // XML text of an annex, for qXfer:features:read; nullopt if unknown.
    std::optional<std::string_view> file(std::string_view annex) const;
    // Registers every stop reply carries (PC, SP, FP), by the XML's generic= attribute.
    const Register* pc() const { return by_generic("pc"); }
    const Register* sp() const { return by_generic("sp"); }
    const Register* fp() const { return by_generic("fp"); }
    const Register* by_generic(std::string_view generic) const;

  private:
    std::map<std::string, std::string, std::less<>> files_;
    std::vector<Register> registers_; // sorted by regnum
    std::size_t g_size_ = 0;
    std::string architecture_;
    std::string osabi_;
};

} // namespace arch
