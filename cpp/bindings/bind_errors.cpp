// Maps the core's typed exceptions to Python's: TypeError and ValueError
// both derive from std::invalid_argument, so the more specific types go first.
#include "pydeep/core/errors.h"
#include "registry.h"

namespace pydeep::bindings {

void register_errors(pybind11::module_& m) {
  pybind11::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const TypeError& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const NotImplementedError& e) {
      PyErr_SetString(PyExc_NotImplementedError, e.what());
    } catch (const IOError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const std::invalid_argument& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const std::out_of_range& e) {
      PyErr_SetString(PyExc_IndexError, e.what());
    }
  });
}

}  // namespace pydeep::bindings
