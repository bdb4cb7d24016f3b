#pragma once
// Include Asio through here: Boost 1.74's asio/awaitable.hpp uses std::exchange without
// including <utility>, which breaks under C++20.
#include <utility>

#include <boost/asio.hpp>
