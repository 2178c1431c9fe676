# add_tconv_library: an MLIR library of TConv, installed and exported in the
# TConvTargets set (as CIRCT's add_circt_library). add_mlir_library's own
# install would put it in MLIR's export set, which no TConv user reads.
function(add_tconv_library name)
  add_mlir_library(${ARGV} DISABLE_INSTALL)
  install(TARGETS ${name}
    EXPORT TConvTargets
    COMPONENT ${name}
    LIBRARY DESTINATION lib${LLVM_LIBDIR_SUFFIX}
    ARCHIVE DESTINATION lib${LLVM_LIBDIR_SUFFIX})
  set_property(GLOBAL APPEND PROPERTY TCONV_ALL_LIBS ${name})
endfunction()

# add_tconv_tool: a TConv executable, installed into bin/.
function(add_tconv_tool name)
  add_llvm_executable(${ARGV})
  llvm_update_compile_flags(${name})
  install(TARGETS ${name} RUNTIME DESTINATION bin COMPONENT ${name})
endfunction()
