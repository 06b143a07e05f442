"""Keep the calling thread (and whatever it starts) from opening network sockets, with seccomp.

Oxigraph evaluates SERVICE and runs LOAD with its own HTTP client, in the thread that evaluates the
query. Refusing those keywords in the query text is a first line (kg/query_policy.py); this is the
one that holds whatever the text says: once `forbid_network()` has run, `socket()` for IPv4 and IPv6
fails with EACCES in this thread and every thread or process it starts. Unix sockets and pipes (how
the sandbox workers talk to the server) keep working, as do sockets opened before.

seccomp filters belong to a thread: call it at the start of a worker process, or in a thread pool's
initializer, never in a thread that serves HTTP.
"""

from __future__ import annotations

import ctypes
import logging
import platform
import socket
import struct

__all__ = ["NetworkGuardUnavailable", "forbid_network", "network_forbidden"]

log = logging.getLogger(__name__)

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_EACCES = 13

_BPF_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_BPF_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_BPF_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_X32_SYSCALL_BIT = 0x40000000
_BPF_RET_K = 0x06  # BPF_RET | BPF_K

_ARCHES = {
    # machine: (AUDIT_ARCH_*, number of the socket syscall)
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}
"""Architectures whose socket() syscall the filter knows."""

_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0 = 0, 4, 16
"""Fields of struct seccomp_data: syscall number, audit arch, low word of the first argument."""


class NetworkGuardUnavailable(OSError):
    """This kernel or architecture cannot take the seccomp filter."""


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _statement(code: int, k: int) -> bytes:
    return struct.pack("HBBI", code, 0, 0, k)


def _jump(k: int, if_true: int, if_false: int, code: int = _BPF_JEQ_K) -> bytes:
    return struct.pack("HBBI", code, if_true, if_false, k)


def _program(arch: int, socket_nr: int) -> bytes:
    """BPF: on `arch`, socket(AF_INET | AF_INET6, ...) fails with EACCES; every other call is allowed.

    Another architecture's calls (a 32-bit process on a 64-bit kernel) and x32 calls are refused
    outright: their syscall numbers mean other things.
    """
    refuse = _statement(_BPF_RET_K, _SECCOMP_RET_ERRNO | _EACCES)
    allow = _statement(_BPF_RET_K, _SECCOMP_RET_ALLOW)
    return b"".join(
        [
            _statement(_BPF_LD_W_ABS, _OFFSET_ARCH),
            _jump(arch, 1, 0),
            refuse,
            _statement(_BPF_LD_W_ABS, _OFFSET_NR),
            _jump(_X32_SYSCALL_BIT, 0, 1, code=_BPF_JGE_K),
            refuse,
            _jump(socket_nr, 0, 4),
            _statement(_BPF_LD_W_ABS, _OFFSET_ARG0),
            _jump(socket.AF_INET, 1, 0),
            _jump(socket.AF_INET6, 0, 1),
            refuse,
            allow,
        ]
    )


def forbid_network() -> None:
    """From now on, this thread and its children cannot open IPv4 or IPv6 sockets.

    NetworkGuardUnavailable when the kernel refuses the filter or the machine is not one the filter
    knows; the caller decides whether to go on without it.
    """
    machine = platform.machine().lower()
    if machine not in _ARCHES:
        raise NetworkGuardUnavailable(f"no seccomp filter for the {machine!r} architecture")
    program = _program(*_ARCHES[machine])
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise NetworkGuardUnavailable(f"prctl(NO_NEW_PRIVS) failed: errno {ctypes.get_errno()}")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise NetworkGuardUnavailable(f"seccomp filter refused: errno {ctypes.get_errno()}")


def network_forbidden() -> bool:
    """Whether this thread is unable to open an IPv4 socket (the guard is in force)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


def guard_thread() -> None:
    """`forbid_network`, logging instead of raising where the kernel cannot take it (thread initializers)."""
    try:
        forbid_network()
    except NetworkGuardUnavailable as exc:
        log.warning("SPARQL evaluation can reach the network: %s", exc)
