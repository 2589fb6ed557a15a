# FindGSM.cmake - finds libgsm (GSM 06.10), which ships no pkg-config file on Debian, and
# defines the imported target GSM::GSM. Used by portacm's build and by its installed CMake
# package (the static library links it).
find_path(GSM_INCLUDE_DIR gsm.h PATH_SUFFIXES gsm)
find_library(GSM_LIBRARY gsm)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(GSM REQUIRED_VARS GSM_LIBRARY GSM_INCLUDE_DIR)
if(GSM_FOUND AND NOT TARGET GSM::GSM)
  add_library(GSM::GSM UNKNOWN IMPORTED)
  set_target_properties(GSM::GSM PROPERTIES IMPORTED_LOCATION "${GSM_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${GSM_INCLUDE_DIR}")
endif()
mark_as_advanced(GSM_INCLUDE_DIR GSM_LIBRARY)
