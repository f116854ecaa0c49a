"""When a file came into being on this disk: its creation (birth) time, which nothing a sender or the
secretariat does to the file afterwards moves.

Python's ``os.stat`` gives a creation time on Windows and macOS (``st_birthtime``) but not on Linux,
where the status-change time (``st_ctime``) stood in for it; that one moves when the file is renamed,
its permissions changed or a link made, so tidying the returned folder could reorder resubmissions.
Linux keeps the creation time too (ext4, btrfs, xfs, tmpfs), reachable through the ``statx`` system
call (glibc ≥ 2.28), which is asked here through ctypes. Where neither is available, the
status-change time remains, and the README says so.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

AT_FDCWD = -100
AT_SYMLINK_NOFOLLOW = 0x100
STATX_BTIME = 0x800


class _Timestamp(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_int64), ("tv_nsec", ctypes.c_uint32), ("reserved", ctypes.c_int32)]


class _Statx(ctypes.Structure):
    """``struct statx`` (linux/stat.h), up to the timestamps, padded to its full 256 bytes."""

    _fields_ = [
        ("mask", ctypes.c_uint32), ("blksize", ctypes.c_uint32), ("attributes", ctypes.c_uint64),
        ("nlink", ctypes.c_uint32), ("uid", ctypes.c_uint32), ("gid", ctypes.c_uint32),
        ("mode", ctypes.c_uint16), ("spare0", ctypes.c_uint16), ("ino", ctypes.c_uint64),
        ("size", ctypes.c_uint64), ("blocks", ctypes.c_uint64), ("attributes_mask", ctypes.c_uint64),
        ("atime", _Timestamp), ("btime", _Timestamp), ("ctime", _Timestamp), ("mtime", _Timestamp),
        ("rest", ctypes.c_uint8 * 144),
    ]


def _statx() -> Callable[..., int] | None:
    """glibc's ``statx``, or ``None`` on another system or an older C library."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).statx
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(_Statx)]
    function.restype = ctypes.c_int
    return function


_STATX = _statx()


def birth_time(path: str | os.PathLike[str], status: os.stat_result) -> float:
    """When ``path`` (not followed if a link) was created on this disk, in seconds since the epoch; where
    the system keeps no creation time, its status-change time (from ``status``, the file's ``lstat``; a
    file put in its place since is not mistaken for it)."""
    kept = getattr(status, "st_birthtime", None)
    if kept:
        return float(kept)
    if _STATX is not None:
        found = _Statx()
        asked = _STATX(AT_FDCWD, os.fsencode(path), AT_SYMLINK_NOFOLLOW, STATX_BTIME,
                       ctypes.byref(found))
        if asked == 0 and found.mask & STATX_BTIME and found.btime.tv_sec > 0 and found.ino == status.st_ino:
            return float(found.btime.tv_sec + found.btime.tv_nsec / 1e9)
    return status.st_ctime
