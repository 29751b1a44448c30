"""Busybox (Debian's busybox-static, a static glibc program) and Sanpo's
exec over the serial console: the default start-up reaches the busybox
prompt, and the shell runs commands, pipelines and scripts, with exit
statuses; exec runs a static PIE, runs #! scripts, and refuses a
dynamically linked program with ENOEXEC and a one-line reason."""
import pytest

from busybox import boot_userland, sh


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    m = boot_userland(tmp_path_factory.mktemp("busybox"), "busybox")
    yield m
    m.close()


def test_echo(shell):
    assert sh(shell, "sh -c 'echo hi'") == "hi\n"


def test_ls_root(shell):
    names = sh(shell, "ls -1 /").split()
    for d in ("bin", "dev", "etc", "sbin", "tmp", "usr"):
        assert d in names, names


def test_pipeline(shell):
    assert sh(shell, "echo one two three | tr ' ' '\\n' | sort -r | head -n 2") == \
        "two\nthree\n"


def test_exit_status(shell):
    assert sh(shell, "sh -c 'exit 7'; echo $?") == "7\n"
    assert sh(shell, "false; echo $?") == "1\n"


def test_killed_child_status(shell):
    # 128 + SIGTERM, as any Linux shell reports a child killed by a signal
    assert sh(shell, "sh -c 'kill -TERM $$'; echo $?").endswith("143\n")


def test_script_with_shebang(shell):
    sh(shell, "printf '#!/bin/sh\\necho script $0 $1\\nexit 3\\n' > /tmp/s.sh; chmod +x /tmp/s.sh")
    assert sh(shell, "/tmp/s.sh arg; echo status $?") == "script /tmp/s.sh arg\nstatus 3\n"


def test_script_interpreter_with_argument(shell):
    sh(shell, "printf '#!/bin/sh -e\\nfalse\\necho not reached\\n' > /tmp/e.sh; chmod +x /tmp/e.sh")
    assert sh(shell, "/tmp/e.sh; echo status $?") == "status 1\n"


def test_static_pie(shell):
    out = sh(shell, "/usr/tests/sanpo/hello-pie x; echo status $?")
    assert out.startswith("hello from user space: argc=2 argv0=/usr/tests/sanpo/hello-pie")
    assert out.endswith("status 3\n")


def test_dynamic_program_refused(shell):
    out = sh(shell, "/usr/tests/sanpo/hello-dynamic 2>/dev/null; echo status $?")
    assert "exec: /usr/tests/sanpo/hello-dynamic: dynamically linked (PT_INTERP)" in out


def test_exec_errors(shell):
    assert "not found" in sh(shell, "/no/such/prog; echo status $?")
    sh(shell, "printf 'x' > /tmp/notexec")
    assert "Permission denied" in sh(shell, "/tmp/notexec")
