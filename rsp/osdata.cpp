#include "rsp/osdata.hpp"

#include <fmt/core.h>

#include "rsp/xml_escape.hpp"

namespace rsp {
namespace {

const char* const header = "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"osdata.dtd\">\n";

std::string column(std::string_view name, std::string_view value) {
    return fmt::format("<column name=\"{}\">{}</column>", name, xml_escape(value));
}

} // namespace

std::string osdata_types() {
    std::string xml = fmt::format("{}<osdata type=\"types\">\n", header);
    xml += "<item>" + column("Type", "processes") + column("Description", "Listing of all processes") +
           column("Title", "Processes") + "</item>\n";
    return xml + "</osdata>\n";
}

std::string osdata_processes(const std::vector<target::HostProcess>& processes) {
    std::string xml = fmt::format("{}<osdata type=\"processes\">\n", header);
    for (const auto& p : processes) {
        std::string cores;
        for (int core : p.cores) cores += (cores.empty() ? "" : ",") + std::to_string(core);
        xml += "<item>" + column("pid", std::to_string(p.pid)) + column("user", p.user) +
               column("command", p.command) + column("cores", cores) + "</item>\n";
    }
    return xml + "</osdata>\n";
}

} // namespace rsp
