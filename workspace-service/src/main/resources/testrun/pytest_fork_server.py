"""Pytest fork server of the workspace service (io.troupe.workspace.testrun.PytestForkServer).

Why: a test run as `python3 -m pytest` spends ~0.25 s of CPU starting Python and importing pytest
before it looks at a single test, and a sweep does about a thousand of them on two cores. This
process pays that once: it imports pytest and its built-in plugins, then forks one child per test
run. The child starts warm and runs `pytest.console_main()` exactly as `python3 -m pytest` would;
because every run is a fresh fork of a parent that never ran pytest, nothing a test does (module
globals, sys.modules, monkeypatching) is seen by the next run.

Protocol, one JSON object per line:
  stdout, once warm:  {"ready": true, "python": "3.11.7", "pytest": "9.0.3", "executable": "..."}
                      or {"ready": false, "error": "..."} and exit 1 when it cannot serve
  stdin, a request:   {"id": 1, "cwd": "/work", "args": ["-q", ...], "output": "/out", "maxFileBytes": N}
  stdout, replies:    {"id": 1, "pid": 1234}    the child runs, leading a process group of its own
                      {"id": 1, "exit": 0}      the child was reaped (a signal death is 128 + signal)
                      {"id": 1, "error": "..."} no child was started
End of stdin (the JVM closed it or died): the process groups of children still running are killed
and the server exits.

What a test can still tell apart from a new interpreter: its process's command line (/proc/self/
cmdline, sys.orig_argv) and the __main__ module are this server's, and the hash seed is the
server's for every run (str hashes, and so set order, repeat from run to run instead of changing
with each new interpreter). The random module is reseeded in every child by Python itself.

Single-threaded on purpose: forking a process that has other threads is unsafe (a lock held by
another thread stays locked forever in the child). Children are watched through pidfds in the
same selector as stdin, so no SIGCHLD handler and no thread is needed.
"""

import gc
import importlib
import json
import os
import selectors
import signal
import sys
import traceback

# The script's own directory must not shadow anything the tests import; a child puts its working
# directory first instead, as `python -m` does.
if sys.path and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

# What the child reports when it could not even run pytest (pytest's own "internal error" code).
INTERNAL_ERROR = 3


def reply(message):
    """One line on stdout; replies are small, so one write of a blocking pipe carries all of it."""
    os.write(1, (json.dumps(message) + "\n").encode())


def warm_up():
    """Imports what every pytest run imports, so that children find it in memory."""
    import pytest
    import _pytest.config

    for name in _pytest.config.default_plugins:
        try:
            importlib.import_module("_pytest." + name)
        except Exception:
            # A plugin this pytest cannot import now would fail the same way in the child,
            # where pytest reports it properly; warming up is only an optimisation.
            pass
    # Modules a run imports lazily (found by diffing sys.modules around a run).
    for name in ("xml.etree.ElementTree", "pdb", "unittest", "faulthandler", "readline", "_pytest._argcomplete"):
        try:
            importlib.import_module(name)
        except Exception:
            pass
    # Objects that exist now are never collected; moving them out of the collector's reach keeps
    # a child's garbage collection from touching (and so copying) the parent's pages.
    gc.collect()
    gc.freeze()
    return pytest


def run_child(pytest, request, ready_write, inherited):
    """In the forked child: becomes a test run, then leaves with os._exit, whatever happens."""
    code = INTERNAL_ERROR
    try:
        # A session (and process group) of its own, so that the whole group can be killed at the
        # time limit or after the run, like ProcessRunner's setsid. The parent waits for this.
        os.setsid()
        os.close(ready_write)
        for fd in inherited:
            os.close(fd)
        # The handlers a fresh interpreter has (Python itself ignores SIGPIPE and SIGXFSZ).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        # The output goes to a file, not a pipe: a print loop must not be able to fill the disk.
        # With SIGXFSZ ignored, a write past the cap fails with EFBIG instead of killing the run.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        import resource

        cap = int(request["maxFileBytes"])
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))

        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        out = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
        # Streams like a fresh interpreter's on a file: stdout block-buffered, stderr line-buffered.
        sys.stdin = sys.__stdin__ = open(0, "r", closefd=False)
        sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", errors="strict", closefd=False)
        sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", errors="backslashreplace",
                                           closefd=False, buffering=1)

        cwd = request["cwd"]
        os.chdir(cwd)
        sys.path.insert(0, cwd)
        importlib.invalidate_caches()
        sys.argv = [os.path.join(os.path.dirname(pytest.__file__), "__main__.py"), *request["args"]]
        try:
            code = pytest.console_main()
        except SystemExit as e:
            code = exit_code(e.code)
        import atexit

        atexit._run_exitfuncs()
    except BaseException:
        try:
            traceback.print_exc()
        except BaseException:
            pass
        code = INTERNAL_ERROR
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        os._exit(code if isinstance(code, int) and 0 <= code <= 255 else INTERNAL_ERROR)


def exit_code(value):
    """What the interpreter makes of SystemExit(value)."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)
    return 1


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def serve(pytest):
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ, None)
    children = {}  # pid -> (request id, pidfd)
    pending = b""

    def start(line):
        request = json.loads(line)
        ident = request.get("id")
        try:
            for key in ("cwd", "args", "output", "maxFileBytes"):
                if key not in request:
                    raise ValueError("request without " + key)
            ready_read, ready_write = os.pipe()
            inherited = [selector.fileno(), ready_read] + [fd for _, fd in children.values()]
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                run_child(pytest, request, ready_write, inherited)
            os.close(ready_write)
            # Returns once the child has its own process group (or is gone): only then may the
            # JVM kill that group by the pid it is told.
            os.read(ready_read, 1)
            os.close(ready_read)
            pidfd = os.pidfd_open(pid)
        except Exception as e:
            reply({"id": ident, "error": "%s: %s" % (type(e).__name__, e)})
            return
        children[pid] = (ident, pidfd)
        selector.register(pidfd, selectors.EVENT_READ, pid)
        reply({"id": ident, "pid": pid})

    def reap(pid, report=True):
        ident, pidfd = children.pop(pid)
        selector.unregister(pidfd)
        os.close(pidfd)
        # Background processes the run left behind die with its group. The child is a zombie
        # until waitpid, so its pid (the group's id) cannot have been reused by anyone else.
        kill_group(pid)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if report:
            reply({"id": ident, "exit": 128 - code if code < 0 else code})

    while True:
        for key, _ in selector.select():
            if key.data is not None:
                reap(key.data)
                continue
            chunk = os.read(0, 65536)
            if not chunk:
                # Nobody is left to read replies or to kill the runs at their time limit.
                for pid in list(children):
                    kill_group(pid)
                    reap(pid, report=False)
                return
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line.strip():
                    try:
                        start(line)
                    except Exception as e:  # not a JSON object
                        reply({"id": None, "error": "bad request: %s: %s" % (type(e).__name__, e)})


def main():
    try:
        pytest = warm_up()
        os.close(os.pidfd_open(os.getpid()))  # Linux >= 5.3 and Python >= 3.9
    except Exception as e:
        reply({"ready": False, "error": "%s: %s" % (type(e).__name__, e)})
        sys.exit(1)
    reply({"ready": True, "python": sys.version.split()[0], "pytest": pytest.__version__,
           "executable": os.path.realpath(sys.executable)})
    serve(pytest)


if __name__ == "__main__":
    main()
