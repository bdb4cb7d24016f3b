// Parsing a target-description XML (GDB manual, "Target Description Format") into the register
// list. We use Boost.PropertyTree's XML reader (header-only) rather than a hand parser: it is
// a real XML parser (entities, comments, CDATA, the DOCTYPE line) and the project already
// depends on Boost. Only what rspd needs is read: architecture, osabi, features and their
// <reg> elements; type definitions (<vector>, <union>, <flags>...) are the client's business.
#include "arch/description.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <set>
#include <sstream>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fmt/format.h>

namespace arch {
namespace {

namespace pt = boost::property_tree;
using target::Error;
using target::make_error;
using target::Result;

// xi:include nests; deeper than this is a cycle or a mistake.
constexpr int max_include_depth = 8;
// The XML parser recurses once per element level: deeper files are refused before parsing,
// as a stack overflow would be. Real descriptions nest 4 deep (target, feature, flags, field).
constexpr std::size_t max_element_depth = 32;
// What p/P packets can name.
constexpr int max_regnum = 0xffff;

std::string attr(const pt::ptree& node, const char* name) {
    if (auto a = node.get_child_optional(pt::path(std::string("<xmlattr>.") + name)))
        return a->data();
    return {};
}

// Decimal attribute; empty = absent. gdb and lldb both write these in decimal.
Result<std::optional<int>> int_attr(const pt::ptree& node, const char* name,
                                    const std::string& where) {
    std::string text = attr(node, name);
    if (text.empty()) return std::optional<int>{};
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0)
        return make_error(EINVAL, fmt::format("{}: {}=\"{}\" is not a number", where, name, text));
    return std::optional<int>{value};
}

// Deepest element nesting of an XML text, by a light scan: comments, CDATA, declarations,
// processing instructions and quoted attribute values are skipped, so none of their '<',
// '>' or '/>' counts.
std::size_t element_depth(std::string_view xml) {
    // Markup that opens no element, and where it ends ("</" closes one).
    static constexpr std::pair<std::string_view, std::string_view> not_elements[] = {
        {"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}, {"<!", ">"}, {"</", ">"}};
    std::size_t depth = 0, deepest = 0;
    for (std::size_t i = xml.find('<'); i < xml.size(); i = xml.find('<', i + 1)) {
        auto rest = xml.substr(i);
        auto skip = std::find_if(std::begin(not_elements), std::end(not_elements),
                                 [&](const auto& markup) { return rest.starts_with(markup.first); });
        if (skip != std::end(not_elements)) {
            if (skip->first == "</" && depth > 0) --depth;
            i = std::min(xml.find(skip->second, i), xml.size());
            continue;
        }
        char quote = 0; // a start tag: its '>' is the first one outside quotes
        for (++i; i < xml.size() && (quote || xml[i] != '>'); ++i) {
            if (quote && xml[i] == quote) quote = 0;
            else if (!quote && (xml[i] == '"' || xml[i] == '\'')) quote = xml[i];
        }
        if (xml[i - 1] != '/') deepest = std::max(deepest, ++depth); // <empty/> opens nothing
    }
    return deepest;
}

class Parser {
  public:
    explicit Parser(const std::map<std::string, std::string, std::less<>>& files) : files_(files) {}

    Result<void> root(const std::string& annex) {
        auto doc = read(annex);
        if (!doc) return doc.error();
        auto target = doc->get_child_optional("target");
        if (!target) return make_error(EINVAL, fmt::format("{}: no <target> element", annex));
        return target_children(*target, annex, 0);
    }

    std::vector<Register> registers;
    std::string architecture;
    std::string osabi;

  private:
    Result<pt::ptree> read(const std::string& annex) {
        auto it = files_.find(annex);
        if (it == files_.end())
            return make_error(ENOENT, fmt::format("{}: no such description file", annex));
        if (element_depth(it->second) > max_element_depth)
            return make_error(EINVAL, fmt::format("{}: elements nest too deep", annex));
        std::istringstream in(it->second);
        pt::ptree tree;
        try {
            pt::read_xml(in, tree, pt::xml_parser::no_comments);
        } catch (const pt::xml_parser_error& e) {
            return make_error(
                EINVAL, fmt::format("{}:{}: malformed XML: {}", annex, e.line(), e.message()));
        }
        return tree;
    }

    Result<void> target_children(const pt::ptree& node, const std::string& annex, int depth) {
        for (const auto& [key, child] : node) {
            Result<void> r;
            if (key == "architecture")
                architecture = child.data();
            else if (key == "osabi")
                osabi = child.data();
            else if (key == "feature")
                r = feature(child, annex);
            else if (key == "xi:include")
                r = include(child, annex, depth);
            if (!r) return r;
        }
        return {};
    }

    // An included document's root element stands where the xi:include was (gdb does the same).
    Result<void> include(const pt::ptree& node, const std::string& annex, int depth) {
        std::string href = attr(node, "href");
        if (href.empty())
            return make_error(EINVAL, fmt::format("{}: xi:include without href", annex));
        if (depth >= max_include_depth)
            return make_error(EINVAL, fmt::format("{}: includes nest too deep at {}", annex, href));
        auto doc = read(href);
        if (!doc) return doc.error();
        return target_children(*doc, href, depth + 1);
    }

    Result<void> feature(const pt::ptree& node, const std::string& annex) {
        std::string name = attr(node, "name");
        if (name.empty())
            return make_error(EINVAL, fmt::format("{}: <feature> without name", annex));
        for (const auto& [key, child] : node) {
            if (key != "reg") continue;
            auto r = reg(child, name, annex);
            if (!r) return r;
        }
        return {};
    }

    Result<void> reg(const pt::ptree& node, const std::string& feature, const std::string& annex) {
        Register r;
        r.name = attr(node, "name");
        if (r.name.empty()) return make_error(EINVAL, fmt::format("{}: <reg> without name", annex));
        std::string where = fmt::format("{}: reg {}", annex, r.name);
        auto bits = int_attr(node, "bitsize", where);
        if (!bits) return bits.error();
        if (!*bits || **bits == 0 || **bits % 8 != 0)
            return make_error(EINVAL,
                              fmt::format("{}: bitsize must be a positive multiple of 8", where));
        r.bitsize = **bits;
        auto regnum = int_attr(node, "regnum", where);
        if (!regnum) return regnum.error();
        r.regnum = regnum->value_or(next_regnum_); // gdb: no regnum = previous + 1
        if (r.regnum > max_regnum)
            return make_error(EINVAL, fmt::format("{}: regnum {} is over {}", where, r.regnum, max_regnum));
        next_regnum_ = r.regnum + 1;
        r.type = attr(node, "type");
        if (r.type.empty()) r.type = "int"; // the manual's default
        r.group = attr(node, "group");
        r.feature = feature;
        r.generic = attr(node, "generic");
        r.altname = attr(node, "altname");
        auto dwarf = int_attr(node, "dwarf_regnum", where);
        if (!dwarf) return dwarf.error();
        r.dwarf_regnum = dwarf->value_or(-1);
        // lldb reads both spellings of the eh_frame number.
        auto eh = int_attr(node, "ehframe_regnum", where);
        if (!eh) return eh.error();
        auto gcc = int_attr(node, "gcc_regnum", where);
        if (!gcc) return gcc.error();
        r.ehframe_regnum = eh->value_or(gcc->value_or(-1));
        registers.push_back(std::move(r));
        return {};
    }

    const std::map<std::string, std::string, std::less<>>& files_;
    int next_regnum_ = 0;
};

// Sorts by regnum, rejects duplicates and lays the registers out in the g packet.
Result<std::size_t> lay_out(std::vector<Register>& regs) {
    std::stable_sort(regs.begin(), regs.end(),
                     [](const Register& a, const Register& b) { return a.regnum < b.regnum; });
    std::set<std::string, std::less<>> names;
    std::size_t offset = 0;
    for (std::size_t i = 0; i < regs.size(); ++i) {
        if (i > 0 && regs[i].regnum == regs[i - 1].regnum)
            return make_error(EINVAL, fmt::format("registers {} and {} share regnum {}",
                                                  regs[i - 1].name, regs[i].name, regs[i].regnum));
        if (!names.insert(regs[i].name).second)
            return make_error(EINVAL, fmt::format("register {} defined twice", regs[i].name));
        regs[i].offset = offset;
        offset += regs[i].size();
    }
    return offset;
}

} // namespace

Result<Description> Description::parse(std::map<std::string, std::string> files,
                                       const std::string& root) {
    try {
        Description d;
        d.files_.insert(std::make_move_iterator(files.begin()),
                        std::make_move_iterator(files.end()));
        Parser parser(d.files_);
        if (auto r = parser.root(root); !r) return r.error();
        auto size = lay_out(parser.registers);
        if (!size) return size.error();
        d.registers_ = std::move(parser.registers);
        d.g_size_ = *size;
        d.architecture_ = std::move(parser.architecture);
        d.osabi_ = std::move(parser.osabi);
        return d;
    } catch (const std::exception& e) { // ptree internals, bad_alloc: still a value, never a throw
        return make_error(EINVAL, fmt::format("{}: {}", root, e.what()));
    }
}

const Register* Description::by_number(int regnum) const {
    auto it = std::lower_bound(registers_.begin(), registers_.end(), regnum,
                               [](const Register& r, int n) { return r.regnum < n; });
    return it != registers_.end() && it->regnum == regnum ? &*it : nullptr;
}

const Register* Description::by_name(std::string_view name) const {
    auto it = std::find_if(registers_.begin(), registers_.end(),
                           [&](const Register& r) { return r.name == name; });
    return it != registers_.end() ? &*it : nullptr;
}

const Register* Description::by_generic(std::string_view generic) const {
    auto it = std::find_if(registers_.begin(), registers_.end(),
                           [&](const Register& r) { return r.generic == generic; });
    return it != registers_.end() && !generic.empty() ? &*it : nullptr;
}

std::optional<std::string_view> Description::file(std::string_view annex) const {
    auto it = files_.find(annex);
    if (it == files_.end()) return std::nullopt;
    return std::string_view(it->second);
}

} // namespace arch
