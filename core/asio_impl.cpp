// The one translation unit that compiles Asio, its SSL support and Beast (see CMakeLists).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
