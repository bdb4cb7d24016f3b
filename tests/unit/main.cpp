// The Boost.Test entry point for rspd_unit_tests; the cases live in the other files here.
#define BOOST_TEST_MODULE rspd_unit
#include <boost/test/unit_test.hpp>
