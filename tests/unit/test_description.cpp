// arch::Description: parsing target-description XML, following xi:include, numbering and
// laying out registers, and refusing bad input with an error value.
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

#include "arch/description.hpp"

using arch::Description;
using Files = std::map<std::string, std::string>;

namespace {

std::string target_with(const std::string& body) {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
           "<target version=\"1.0\">\n" +
           body + "</target>\n";
}

std::string feature(const std::string& name, const std::string& regs) {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
           "<feature name=\"" +
           name + "\">\n" + regs + "</feature>\n";
}

std::string include(const std::string& href) {
    return "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + href + "\"/>\n";
}

Description parsed(Files files) {
    auto d = Description::parse(std::move(files));
    BOOST_REQUIRE_MESSAGE(d.ok(), "parse failed: " << (d.ok() ? "" : d.error().message));
    return std::move(*d);
}

// The error message of a parse that must fail.
std::string failure(Files files) {
    auto d = Description::parse(std::move(files));
    BOOST_REQUIRE_MESSAGE(!d.ok(), "parse should have failed");
    BOOST_TEST(!d.error().message.empty());
    return d.error().message;
}

} // namespace

BOOST_AUTO_TEST_SUITE(description)

BOOST_AUTO_TEST_CASE(inline_feature_numbers_and_offsets) {
    auto d =
        parsed({{"target.xml", target_with("<architecture>toy</architecture>\n"
                                           "<osabi>GNU/Linux</osabi>\n"
                                           "<feature name=\"org.toy.core\">\n"
                                           "  <reg name=\"a\" bitsize=\"64\" type=\"int64\"/>\n"
                                           "  <reg name=\"b\" bitsize=\"32\"/>\n"
                                           "  <reg name=\"c\" bitsize=\"80\" group=\"float\"/>\n"
                                           "</feature>\n")}});
    BOOST_TEST(d.architecture() == "toy");
    BOOST_TEST(d.osabi() == "GNU/Linux");
    BOOST_REQUIRE_EQUAL(d.registers().size(), 3u);
    const auto& r = d.registers();
    BOOST_TEST(r[0].name == "a");
    BOOST_TEST(r[0].regnum == 0);
    BOOST_TEST(r[0].offset == 0u);
    BOOST_TEST(r[0].type == "int64");
    BOOST_TEST(r[1].regnum == 1);
    BOOST_TEST(r[1].offset == 8u);
    BOOST_TEST(r[1].type == "int"); // the manual's default type
    BOOST_TEST(r[2].regnum == 2);
    BOOST_TEST(r[2].offset == 12u);
    BOOST_TEST(r[2].size() == 10u);
    BOOST_TEST(r[2].group == "float");
    BOOST_TEST(r[2].feature == "org.toy.core");
    BOOST_TEST(d.g_packet_size() == 22u);
}

BOOST_AUTO_TEST_CASE(follows_includes_in_document_order) {
    auto d = parsed({{"target.xml", target_with(include("one.xml") + include("two.xml"))},
                     {"one.xml", feature("org.toy.one", "<reg name=\"x\" bitsize=\"16\"/>\n"
                                                        "<reg name=\"y\" bitsize=\"16\"/>\n")},
                     {"two.xml", feature("org.toy.two", "<reg name=\"z\" bitsize=\"8\"/>\n")}});
    BOOST_REQUIRE_EQUAL(d.registers().size(), 3u);
    BOOST_TEST(d.by_name("x")->regnum == 0);
    BOOST_TEST(d.by_name("y")->regnum == 1);
    BOOST_TEST(d.by_name("z")->regnum == 2); // numbering continues across files
    BOOST_TEST(d.by_name("z")->feature == "org.toy.two");
    BOOST_TEST(d.by_name("z")->offset == 4u);
    BOOST_TEST(d.g_packet_size() == 5u);
}

BOOST_AUTO_TEST_CASE(explicit_regnums_sort_and_continue) {
    auto d = parsed({{"target.xml", target_with("<feature name=\"f\">\n"
                                                "<reg name=\"hi\" bitsize=\"32\" regnum=\"10\"/>\n"
                                                "<reg name=\"next\" bitsize=\"32\"/>\n"
                                                "<reg name=\"lo\" bitsize=\"64\" regnum=\"2\"/>\n"
                                                "</feature>\n")}});
    const auto& r = d.registers();
    BOOST_REQUIRE_EQUAL(r.size(), 3u);
    BOOST_TEST(r[0].name == "lo"); // sorted by regnum, not document order
    BOOST_TEST(r[1].name == "hi");
    BOOST_TEST(r[2].name == "next");
    BOOST_TEST(r[2].regnum == 11);
    BOOST_TEST(r[1].offset == 8u); // gaps in numbering take no room in the g packet
    BOOST_TEST(r[2].offset == 12u);
    BOOST_TEST(d.by_number(10)->name == "hi");
    BOOST_TEST(d.by_number(3) == nullptr);
    BOOST_TEST(d.by_number(-1) == nullptr);
    BOOST_TEST(d.by_number(12) == nullptr);
}

BOOST_AUTO_TEST_CASE(lldb_attributes) {
    auto d =
        parsed({{"target.xml",
                 target_with("<feature name=\"f\">\n"
                             "<reg name=\"pc\" bitsize=\"64\" generic=\"pc\" altname=\"ip\" "
                             "dwarf_regnum=\"16\" ehframe_regnum=\"17\"/>\n"
                             "<reg name=\"sp\" bitsize=\"64\" generic=\"sp\" gcc_regnum=\"7\"/>\n"
                             "<reg name=\"r0\" bitsize=\"64\"/>\n"
                             "</feature>\n")}});
    BOOST_REQUIRE(d.pc() != nullptr);
    BOOST_TEST(d.pc()->name == "pc");
    BOOST_TEST(d.pc()->altname == "ip");
    BOOST_TEST(d.pc()->dwarf_regnum == 16);
    BOOST_TEST(d.pc()->ehframe_regnum == 17);
    BOOST_TEST(d.sp()->ehframe_regnum == 7); // lldb's other spelling
    BOOST_TEST(d.fp() == nullptr);
    BOOST_TEST(d.by_generic("") == nullptr);
    BOOST_TEST(d.by_name("r0")->dwarf_regnum == -1);
    BOOST_TEST(d.by_name("r0")->generic.empty());
    BOOST_TEST(d.by_name("nope") == nullptr);
}

BOOST_AUTO_TEST_CASE(serves_files_verbatim) {
    std::string one = feature("f", "<reg name=\"x\" bitsize=\"8\"/>\n");
    auto d = parsed({{"target.xml", target_with(include("one.xml"))}, {"one.xml", one}});
    BOOST_REQUIRE(d.file("one.xml").has_value());
    BOOST_TEST(*d.file("one.xml") == one);
    BOOST_TEST(d.file("target.xml")->find("xi:include") != std::string_view::npos);
    BOOST_TEST(!d.file("missing.xml").has_value());
}

BOOST_AUTO_TEST_CASE(other_root_annex) {
    auto d = Description::parse({{"main.xml", target_with("<feature name=\"f\">"
                                                          "<reg name=\"x\" bitsize=\"8\"/>"
                                                          "</feature>")}},
                                "main.xml");
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(d->registers().size() == 1u);
}

BOOST_AUTO_TEST_CASE(errors_are_values) {
    auto reg_in_feature = [](const std::string& reg) {
        return Files{{"target.xml", target_with("<feature name=\"f\">" + reg + "</feature>")}};
    };
    BOOST_TEST(failure({{"target.xml", "<target><feature name=\"f\">"}}).find("malformed") !=
               std::string::npos);
    BOOST_TEST(failure({{"target.xml", target_with(include("gone.xml"))}}).find("gone.xml") !=
               std::string::npos);
    BOOST_TEST(failure({{"other.xml", target_with("")}}).find("target.xml") != std::string::npos);
    BOOST_TEST(failure({{"target.xml", feature("f", "")}}).find("<target>") != std::string::npos);
    BOOST_TEST(failure(reg_in_feature("<reg name=\"x\" bitsize=\"12\"/>")).find("multiple of 8") !=
               std::string::npos);
    failure(reg_in_feature("<reg name=\"x\"/>")); // no bitsize
    failure(reg_in_feature("<reg name=\"x\" bitsize=\"0\"/>"));
    failure(reg_in_feature("<reg name=\"x\" bitsize=\"-8\"/>"));
    failure(reg_in_feature("<reg name=\"x\" bitsize=\"sixty\"/>"));
    failure(reg_in_feature("<reg bitsize=\"8\"/>")); // no name
    failure(reg_in_feature("<reg name=\"x\" bitsize=\"8\" regnum=\"1x\"/>"));
    failure(reg_in_feature("<reg name=\"x\" bitsize=\"8\" dwarf_regnum=\"?\"/>"));
    BOOST_TEST(failure(reg_in_feature("<reg name=\"x\" bitsize=\"8\" regnum=\"3\"/>"
                                      "<reg name=\"y\" bitsize=\"8\" regnum=\"3\"/>"))
                   .find("regnum 3") != std::string::npos);
    BOOST_TEST(failure(reg_in_feature("<reg name=\"x\" bitsize=\"8\"/>"
                                      "<reg name=\"x\" bitsize=\"8\"/>"))
                   .find("twice") != std::string::npos);
    failure({{"target.xml", target_with("<feature><reg name=\"x\" bitsize=\"8\"/></feature>")}});
    failure({{"target.xml", target_with("<xi:include/>")}}); // no href
    // A file including itself must end in an error, not a loop.
    failure({{"target.xml", target_with(include("loop.xml"))}, {"loop.xml", include("loop.xml")}});
}

// Found with fuzz_description: a register after regnum="2147483647" was numbered by a
// signed overflow (UB). Register numbers are what p/P can name: at most 0xffff.
BOOST_AUTO_TEST_CASE(register_numbers_stay_in_range) {
    auto regs = [](const std::string& body) {
        return Files{{"target.xml", target_with("<feature name=\"f\">" + body + "</feature>")}};
    };
    BOOST_TEST(failure(regs("<reg name=\"x\" bitsize=\"8\" regnum=\"2147483647\"/>"
                            "<reg name=\"y\" bitsize=\"8\"/>"))
                   .find("regnum") != std::string::npos);
    failure(regs("<reg name=\"x\" bitsize=\"8\" regnum=\"65535\"/><reg name=\"y\" bitsize=\"8\"/>"));
    auto d = parsed(regs("<reg name=\"x\" bitsize=\"8\" regnum=\"65535\"/>"));
    BOOST_TEST(d.by_number(0xffff) != nullptr);
}

// Found with fuzz_description: the XML parser under Boost.PropertyTree recurses once per
// nesting level, so a deeply nested file overflowed the stack. Depth is measured first.
BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_stack_overflow) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    for (int i = 0; i < 100000; ++i) deep += "</a>";
    BOOST_TEST(failure({{"target.xml", target_with(deep)}}).find("deep") != std::string::npos);
    // Comments, CDATA and quoted '>' or '/>' do not fool the measure.
    auto d = parsed({{"target.xml", target_with("<!-- <a><a><a> --><![CDATA[<b><b>]]>"
                                                "<feature name=\"a/>b>\"><reg name=\"r\" bitsize=\"8\"/></feature>")}});
    BOOST_TEST(d.registers().size() == 1u);
}

BOOST_AUTO_TEST_CASE(empty_description) {
    auto d = parsed({{"target.xml", target_with("<architecture>toy</architecture>")}});
    BOOST_TEST(d.registers().empty());
    BOOST_TEST(d.g_packet_size() == 0u);
    BOOST_TEST(d.pc() == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
