"""Write a command's outputs as one set: a reader, or a run killed at any moment, sees the previous
complete set or the new complete set, never one run's ranking beside another run's master.

The set is written into a staging folder beside the output folder, then the two folders are switched
in one step (``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, and the next run puts
back a folder a crash left between them). What else the output folder holds (a report written into
it, notes) is carried into the new folder as hard links, so it never leaves the folder. While a run
writes a folder it holds a lock on it: a second run into the same folder refuses at once instead of
mixing its files with the first one's.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from xl_dti.errors import Problem, UsageError

MARK = ".xl-dti-"  # staging folders are named .<output folder>.xl-dti-<purpose>-<pid>
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextmanager
def output_set(out_dir: Path, owned: Collection[str]) -> Iterator[Path]:
    """A staging folder to write a command's outputs into; switched in as ``out_dir`` when the block ends
    well, removed when it does not.

    Args:
        out_dir: the output folder (created when missing; a link to a folder is followed).
        owned: the names of the files this command writes: those of an earlier run that this run does not
            write again are dropped with the old set (a stale chi-tiet.csv); every other entry of the
            folder is kept.

    Raises:
        UsageError: another run is writing into ``out_dir`` (``output.busy``), or ``out_dir`` is a file.
    """
    target = Path(os.path.realpath(out_dir))
    if target.exists() and not target.is_dir():
        raise UsageError([Problem("output.not_a_folder", str(out_dir))])
    _recover(target)
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    switched = False
    with _locked(target, out_dir):
        _remove_stale(target)
        staging = target.parent / f".{target.name}{MARK}new-{os.getpid()}"
        staging.mkdir()
        try:
            yield staging
            _carry_over(target, staging, owned)
            _fsync(staging)
            _switch(staging, target)
            switched = True
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # the new set on failure, the old set after the switch
            if created and not switched:
                with contextlib.suppress(OSError):
                    target.rmdir()  # a folder this run made, and left empty
            _fsync(target.parent)


@contextmanager
def _locked(target: Path, given: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; the switch still keeps sets whole
        yield
        return
    while True:
        descriptor = os.open(target, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(descriptor)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise UsageError([Problem("output.busy", params={"path": str(given)})]) from None
            raise
        if os.fstat(descriptor).st_ino == os.stat(target).st_ino:
            break
        os.close(descriptor)  # the folder was switched while we took its lock: lock the new one
    try:
        yield
    finally:
        os.close(descriptor)


def _staging_names(target: Path) -> Iterator[Path]:
    prefix = f".{target.name}{MARK}"
    with contextlib.suppress(OSError), os.scandir(target.parent) as listing:
        for entry in listing:
            if entry.name.startswith(prefix) and entry.is_dir(follow_symlinks=False):
                yield Path(entry.path)


def _recover(target: Path) -> None:
    """Put back the output folder when a run died between the two renames of the portable switch."""
    old = target.parent / f".{target.name}{MARK}old"
    if not target.exists() and old.is_dir():
        os.rename(old, target)


def _remove_stale(target: Path) -> None:
    """Staging folders left by runs that were killed (this run holds the lock: none is in use)."""
    for stale in list(_staging_names(target)):
        shutil.rmtree(stale, ignore_errors=True)


def _carry_over(target: Path, staging: Path, owned: Collection[str]) -> None:
    """Every entry of the old folder that is not one of this command's outputs, into the new one."""
    with os.scandir(target) as listing:
        entries = [e for e in listing if e.name not in owned and not (staging / e.name).exists()]
    for entry in entries:
        _link_tree(Path(entry.path), staging / entry.name)


def _link_tree(source: Path, destination: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), destination)
    elif source.is_dir():
        destination.mkdir()
        shutil.copystat(source, destination)
        for child in sorted(source.iterdir()):
            _link_tree(child, destination / child.name)
    else:
        try:
            os.link(source, destination)
        except OSError:  # a file system without hard links (FAT): a copy
            shutil.copy2(source, destination)


def _switch(staging: Path, target: Path) -> None:
    """Exchange the two folders in one step where the system can; else two renames (see ``_recover``)."""
    if _exchange(staging, target):
        return
    old = target.parent / f".{target.name}{MARK}old"
    os.rename(target, old)
    os.rename(staging, target)
    os.rename(old, staging)  # removed by the caller, as after an exchange


def _exchange(first: Path, second: Path) -> bool:
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):  # an old kernel or file system
        return False
    raise OSError(code, os.strerror(code), str(second))


def _renameat2() -> ctypes._NamedFuncPointer | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        function = ctypes.CDLL(name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _fsync(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
