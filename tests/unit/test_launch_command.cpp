// From a LaunchRequest to the command the child execs: shell quoting, wrapper, exec counts,
// environment changes; and the parsers of vRun and QCatchSyscalls.
#include <boost/test/unit_test.hpp>

#include "rsp/event_options.hpp"
#include "rsp/extended_remote.hpp"
#include "target/linux/launch_command.hpp"

using target::LaunchRequest;
using target::linux::apply_environment;
using target::linux::environment_value;
using target::linux::launch_command;
using target::linux::shell_literal;
using target::linux::shell_word;

using Strings = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(launch_command_building)

BOOST_AUTO_TEST_CASE(shell_words_keep_their_blanks_and_quotes_but_expand) {
    BOOST_TEST(shell_word("plain") == "plain");
    BOOST_TEST(shell_word("a b") == "a\\ b");
    BOOST_TEST(shell_word("it's \"x\"") == "it\\'s\\ \\\"x\\\"");
    BOOST_TEST(shell_word("back\\slash\ttab") == "back\\\\slash\\\ttab");
    BOOST_TEST(shell_word("line\nbreak") == "line'\n'break");
    BOOST_TEST(shell_word("") == "''");
    // Expansion characters stay for the shell, as an unquoted `run` argument.
    BOOST_TEST(shell_word("$HOME/*.c") == "$HOME/*.c");
    BOOST_TEST(shell_word("~user") == "~user");
    BOOST_TEST(shell_word(">out") == ">out");
}

BOOST_AUTO_TEST_CASE(shell_literals_pass_unchanged) {
    BOOST_TEST(shell_literal("/bin/prog") == "'/bin/prog'");
    BOOST_TEST(shell_literal("$x y") == "'$x y'");
    BOOST_TEST(shell_literal("it's") == "'it'\\''s'");
}

BOOST_AUTO_TEST_CASE(without_shell_the_words_go_as_they_are) {
    LaunchRequest r;
    r.argv = {"/bin/prog", "a b", "$HOME"};
    auto c = launch_command(r, "/bin/sh");
    BOOST_TEST(c.argv == (Strings{"/bin/prog", "a b", "$HOME"}));
    BOOST_TEST(c.execs == 1);
    r.wrapper = {"env", "X=1"};
    c = launch_command(r, "/bin/sh");
    BOOST_TEST(c.argv == (Strings{"env", "X=1", "/bin/prog", "a b", "$HOME"}));
    BOOST_TEST(c.execs == 2);
}

BOOST_AUTO_TEST_CASE(with_shell_one_command_line_and_one_more_exec) {
    LaunchRequest r;
    r.argv = {"/my prog", "a b", "$HOME"};
    r.startup_with_shell = true;
    auto c = launch_command(r, "/bin/bash");
    BOOST_TEST(c.argv == (Strings{"/bin/bash", "-c", "exec '/my prog' a\\ b $HOME"}));
    BOOST_TEST(c.execs == 2);
    r.wrapper = {"taskset", "-c", "0"};
    c = launch_command(r, "/bin/sh");
    BOOST_TEST(c.argv.at(2) == "exec 'taskset' '-c' '0' '/my prog' a\\ b $HOME");
    BOOST_TEST(c.execs == 3);
}

BOOST_AUTO_TEST_CASE(environment_changes) {
    Strings base{"PATH=/bin", "HOME=/root", "KEEP=1", "odd"};
    auto env = apply_environment(base, {{"HOME", std::nullopt}, {"FOO", "bar baz"}, {"PATH", "/x"}});
    BOOST_TEST(env == (Strings{"KEEP=1", "odd", "FOO=bar baz", "PATH=/x"}));
    BOOST_TEST(apply_environment(base, {}) == base);
    BOOST_TEST(*environment_value(env, "PATH") == "/x");
    BOOST_TEST(!environment_value(env, "PAT").has_value());
    BOOST_TEST(!environment_value(env, "HOME").has_value());
}

BOOST_AUTO_TEST_CASE(vrun_arguments) {
    BOOST_TEST(*rsp::parse_vrun(";2f62696e;6120;") == (Strings{"/bin", "a ", ""}));
    BOOST_TEST(*rsp::parse_vrun(";") == (Strings{""}));
    BOOST_TEST(!rsp::parse_vrun("").has_value());
    BOOST_TEST(!rsp::parse_vrun(";2").has_value());
    BOOST_TEST(!rsp::parse_vrun(";zz").has_value());
}

BOOST_AUTO_TEST_CASE(catch_syscalls_arguments) {
    BOOST_TEST(!rsp::parse_catch_syscalls("0")->has_value());
    BOOST_TEST(rsp::parse_catch_syscalls("1")->value().empty());
    BOOST_TEST((rsp::parse_catch_syscalls("1;1;e7")->value() == std::vector<int>{1, 0xe7}));
    BOOST_TEST(!rsp::parse_catch_syscalls("").has_value());
    BOOST_TEST(!rsp::parse_catch_syscalls("1;").has_value());
    BOOST_TEST(!rsp::parse_catch_syscalls("10").has_value());
    BOOST_TEST(!rsp::parse_catch_syscalls("1;100000000").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
