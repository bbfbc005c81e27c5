/*
 * wasmedge_process: run allowed host commands from wasm.
 *
 * A C re-implementation of WasmEdge's process plug-in (API version 5):
 * plug-in `wasmedge_process`, module descriptor `wasmedge_process`, wasm
 * import module `wasmedge_process`. Same imports and signatures as
 * upstream, so guest code written for it runs unchanged.
 *
 * Options (copied into each module instance when it is created):
 *   --allow-command=CMD[,CMD...]  commands the guest may run, compared by
 *                                 exact bytes with the program name
 *   --allow-command-all           any command may run
 *   Default: nothing may run.
 *   --process-allow-loader-env    keep LD_* and other loader variables the
 *                                 guest sets (removed by default)
 *   --process-max-input-bytes=N   name+args+env+stdin of one run (16 MiB)
 *   --process-max-output-bytes=N  captured stdout, and stderr (16 MiB each)
 *   --process-containment=MODE    auto | cgroup | subreaper (process_containment.h)
 *
 * Functions (all params i32; pointers/lengths are unsigned offsets into the
 * caller's memory 0):
 *   wasmedge_process_set_prog_name(name_ptr, name_len)     appends to the name
 *   wasmedge_process_add_arg(arg_ptr, arg_len)             appends argv[n]
 *   wasmedge_process_add_env(name_ptr, name_len,
 *                            val_ptr, val_len)             NAME=VALUE; first
 *                                                          value of NAME wins
 *   wasmedge_process_add_stdin(buf_ptr, buf_len)           appends stdin bytes
 *   wasmedge_process_set_timeout(time_ms)                  unsigned ms, next
 *                                                          run only (10000)
 *   wasmedge_process_run() -> i32                          exit code (below)
 *   wasmedge_process_get_exit_code() -> i32                last exit code (0
 *                                                          before any run)
 *   wasmedge_process_get_stdout_len() -> i32               bytes captured
 *   wasmedge_process_get_stdout(buf_ptr)                   copies them all
 *   wasmedge_process_get_stderr_len() -> i32               same for stderr
 *   wasmedge_process_get_stderr(buf_ptr)
 *
 * Traps (HostFuncError 0x040E):
 *   - any function that touches memory (set_prog_name, add_arg, add_env,
 *     add_stdin, get_stdout, get_stderr) called by a caller without
 *     memory 0, as upstream;
 *   - any function when the instance could not allocate its state.
 *
 * Bad input (never a crash, never a trap):
 *   - set_prog_name/add_arg/add_env/add_stdin with a range outside guest
 *     memory, a NUL byte in a name/argument/env name or value, input past
 *     --process-max-input-bytes, or host memory exhausted: nothing is stored and the error is remembered; the
 *     next run executes nothing, returns -1 and sets stderr to one line:
 *     "wasmedge_process: <call>: <what> range [ptr=P, len=L] <problem>;
 *      nothing was run\n"
 *   - get_stdout/get_stderr with a buffer outside guest memory: nothing is
 *     copied (silent, as upstream).
 *
 * wasmedge_process_run results:
 *   s (0..127) / s-256 (128..255)  the program exited with status s
 *   -1   an input error (above); stderr explains
 *   -1   not allowed; stderr = "Permission denied: Command \"N\" is not in
 *        the white list. Please use --allow-command=N or
 *        --allow-command-all to add \"N\" command into the white list.\n"
 *   -1   exec failed (not found, not executable): the child printed why on
 *        its stderr and exited with 255
 *   -1   pipe/fork failed, the run could not be contained, or out of
 *        memory while capturing output (the program is killed); stderr
 *        says which
 *   110  ETIMEDOUT: the timeout expired before the program ended; every
 *        process of the run was killed with SIGKILL
 *   128+n  the program was killed by signal n (upstream reports 0)
 *   22   EINVAL: waitpid failed (e.g. the host ignores SIGCHLD)
 * When run returns, no process of the run is left (cgroup v2 or a
 * subreaper finds those that left the process group).
 * Every run, whatever its outcome, first empties stdout/stderr and finally
 * clears name, arguments, environment, stdin and the input error and
 * resets the timeout to 10000 ms.
 *
 * Files: allow_list.c (allow-list options), process_options.c (the
 * process-* options), process_state.c (instance state),
 * process_functions.c (host functions and their table), process_run.c
 * (run, timeout, exit codes), process_io.c (stdin/stdout/stderr pipes),
 * process_containment.c (cgroup or subreaper), process_spawn.c (pipes and
 * the watcher), spawn_child.c (the child until exec), loader_env.c (the
 * loader variables removed from guest environments).
 */
#include "allow_list.h"
#include "process_options.h"
#include "process_functions.h"
#include "process_state.h"

#include <wasmedge/plugin_support.h>

#include <stdio.h>

static const char MODULE_NAME[] = "wasmedge_process";

static WasmEdge_ModuleInstanceContext *
create_process_module(const WasmEdge_ModuleDescriptor *descriptor) {
  (void)descriptor;
  allow_list_warn_repeated_flags();
  process_state *state = process_state_create();
  if (state == NULL) {
    fprintf(stderr, "wasmedge_process: out of memory creating the module "
                    "state; every wasmedge_process call will trap\n");
  }
  /* With state NULL the functions still exist and trap when called:
   * Create must never return NULL (the runtime would crash). */
  return wpl_module_create(MODULE_NAME, state, process_state_destroy,
                           process_host_functions,
                           process_host_function_count);
}

static WasmEdge_ModuleDescriptor module_descriptors[] = {
    {
        .Name = MODULE_NAME,
        .Description = "Run allowed host commands and capture their output",
        .Create = create_process_module,
    },
};

static WasmEdge_ProgramOption program_options[] = {
    {
        .Name = "allow-command",
        .Description = "Allow the guest to run these commands, separated by "
                       "commas (--allow-command=ls,cat); repeating the flag "
                       "keeps only the last one",
        .Type = WasmEdge_ProgramOptionType_String,
        .Storage = &allow_command_option,
        /* Non-NULL, or the CLI makes the option mandatory. */
        .DefaultValue = &allow_command_default,
    },
    {
        .Name = "allow-command-all",
        .Description = "Allow the guest to run any command",
        .Type = WasmEdge_ProgramOptionType_Toggle,
        .Storage = &allow_command_all_option,
        .DefaultValue = NULL,
    },
    {
        .Name = "process-allow-loader-env",
        .Description = "Pass dynamic-loader variables the guest sets (LD_PRELOAD, "
                       "LD_LIBRARY_PATH, LD_AUDIT, GCONV_PATH, ...) to its "
                       "commands; by default they are removed",
        .Type = WasmEdge_ProgramOptionType_Toggle,
        .Storage = &process_allow_loader_env_option,
        .DefaultValue = NULL,
    },
    {
        .Name = "process-max-input-bytes",
        .Description = "Cap on the program name, arguments, environment and "
                       "stdin a guest supplies for one run (default 16777216)",
        .Type = WasmEdge_ProgramOptionType_UInt32,
        .Storage = &process_max_input_bytes_option,
        .DefaultValue = &process_max_input_bytes_default,
    },
    {
        .Name = "process-max-output-bytes",
        .Description = "Cap on the captured stdout, and on the captured stderr, "
                       "of one run; the rest is dropped (default 16777216)",
        .Type = WasmEdge_ProgramOptionType_UInt32,
        .Storage = &process_max_output_bytes_option,
        .DefaultValue = &process_max_output_bytes_default,
    },
    {
        .Name = "process-containment",
        .Description = "How a run's whole process tree is tracked and killed: "
                       "auto (cgroup v2 when possible, else subreaper), cgroup "
                       "or subreaper",
        .Type = WasmEdge_ProgramOptionType_String,
        .Storage = &process_containment_option,
        .DefaultValue = &process_containment_default,
    },
};

static const WasmEdge_PluginDescriptor plugin_descriptor = {
    .Name = "wasmedge_process",
    .Description = "Run allowed host commands from wasm",
    .APIVersion = WASMEDGE_PLUGIN_API_VERSION,
    .Version = WPL_PLUGIN_VERSION_DATA,
    .ModuleCount = sizeof(module_descriptors) / sizeof(module_descriptors[0]),
    .ProgramOptionCount = sizeof(program_options) / sizeof(program_options[0]),
    .ModuleDescriptions = module_descriptors,
    .ProgramOptions = program_options,
};

const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) {
  return &plugin_descriptor;
}
