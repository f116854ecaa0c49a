"""Find the returned files in a folder, and open one for reading, without trusting the folder.

A returned folder is untrusted like its files: links are not followed out of it (a link to another
unit's blank workbook is not that unit's submission), FIFOs, sockets and devices are never opened
(opening a FIFO blocks), link loops, dangling links and unreadable entries are reported, and a file
that vanishes or changes while the round runs gets its own outcome. Every entry that is not skipped
on purpose (lock files, system files, the run's own output folder) gets a task: either a file to
read or the finding that says why it cannot be read. A file is opened once, without following a
link, checked to be a regular file of the size and time it had when it was found, and read whole
only when it is within the size limit.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_dti.consolidation.birth import birth_time
from xl_dti.errors import Problem

IGNORED_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
IGNORED_PREFIXES = ("~$", ".~lock.", "._")
STAGING_MARK = ".xl-dti-"  # the sibling folders an output set is written into before it is switched in


@dataclass(frozen=True)
class Seen:
    """A file's identity when it was found: a different one when it is read means it changed."""

    size: int
    mtime_ns: int
    inode: int
    received: float = field(default=0.0, compare=False)

    @classmethod
    def of(cls, status: os.stat_result, path: Path | None = None) -> Seen:
        """The identity in a ``stat`` result, and (given the file's path) when the file arrived on this disk:
        its creation time where the system keeps one (``birth.birth_time``), which a sender cannot set,
        unlike the modification time a zip or a copy carries over."""
        received = birth_time(path, status) if path is not None else status.st_ctime
        return cls(status.st_size, status.st_mtime_ns, status.st_ino, received)


@dataclass(frozen=True)
class Task:
    """One entry of the returned folder: its path, its name relative to the folder (as text a person
    can read), what it was when found, and, when it cannot be read, why."""

    path: Path
    name: str
    seen: Seen | None = None
    problems: tuple[Problem, ...] = field(default=())
    notes: tuple[Problem, ...] = field(default=())

    @property
    def received(self) -> float:
        """When the secretariat's disk received the file (seconds since the epoch), 0 if unknown."""
        return self.seen.received if self.seen else 0.0


def readable_name(name: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (Windows zips) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def walk(folder: Path, skip: Iterable[Path] = ()) -> list[Task]:
    """Every entry under ``folder`` (recursively, links not followed out of it) as a task, by name.

    Args:
        folder: the returned folder.
        skip: folders never read (the run's output folder when it lies inside ``folder``).
    """
    root = Path(os.path.realpath(folder))
    skipped = {os.path.realpath(p) for p in skip}
    tasks: list[Task] = []
    _walk_into(root, root, skipped, tasks)
    return sorted(tasks, key=lambda t: t.name)


def _walk_into(root: Path, directory: Path, skipped: set[str], tasks: list[Task]) -> None:
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        tasks.append(_refused(root, directory, "file.unreadable", {"detail": _reason(exc)}))
        return
    for entry in entries:
        path = Path(entry.path)
        if _ignored(entry.name) or str(path) in skipped:
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError as exc:
            tasks.append(_refused(root, path, "file.unreadable", {"detail": _reason(exc)}))
            continue
        if stat.S_ISLNK(status.st_mode):
            _link(root, path, skipped, tasks)
        elif stat.S_ISDIR(status.st_mode):
            _walk_into(root, path, skipped, tasks)
        elif stat.S_ISREG(status.st_mode):
            tasks.append(_file(root, path, path, status))
        else:
            tasks.append(_refused(root, path, "file.not_regular", {"kind": _kind(status.st_mode)}))


def _link(root: Path, path: Path, skipped: set[str], tasks: list[Task]) -> None:
    """A link is read as its target only when the target is a regular file inside the folder."""
    try:
        target = Path(os.path.realpath(path, strict=True))
        status = target.stat()
    except OSError as exc:  # dangling, a loop, or a target that cannot be reached
        tasks.append(_refused(root, path, "file.unreadable", {"detail": _reason(exc)}))
        return
    if not target.is_relative_to(root) or str(target) in skipped or any(
            target.is_relative_to(s) for s in skipped):
        tasks.append(_refused(root, path, "file.link_outside", {"target": readable_name(str(target))}))
    elif stat.S_ISREG(status.st_mode):
        tasks.append(_file(root, path, target, status))
    elif not stat.S_ISDIR(status.st_mode):  # a folder inside is walked where it is
        tasks.append(_refused(root, path, "file.not_regular", {"kind": _kind(status.st_mode)}))


def _ignored(name: str) -> bool:
    return name.lower() in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES) or (
        name.startswith(".") and STAGING_MARK in name)


def _name(root: Path, path: Path) -> str:
    return readable_name(path.relative_to(root).as_posix())


def _file(root: Path, path: Path, target: Path, status: os.stat_result) -> Task:
    name = _name(root, path)
    raw = path.relative_to(root).as_posix()
    notes = () if name == raw else (Problem("file.name_encoding", name, severity="warning"),)
    return Task(target, name, Seen.of(status, target), notes=notes)


def _refused(root: Path, path: Path, code: str, params: dict[str, Any]) -> Task:
    name = _name(root, path)
    return Task(path, name, None, (Problem(code, name, params),))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (đường ống)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "thiết bị"
    return "không phải tệp thường"


def _reason(exc: OSError) -> str:
    return readable_name(exc.strerror or type(exc).__name__)


class Unreadable(Exception):
    """A task's file could not be read as found: its code and the message's values."""

    def __init__(self, code: str, params: dict[str, Any], size: int = 0) -> None:
        super().__init__(code)
        self.code, self.params, self.size = code, params, size


def read_task(task: Task, max_bytes: int) -> bytes:
    """The bytes of a task's file, read through one descriptor that follows no link and never blocks.

    Raises:
        Unreadable: the entry is not a regular file, vanished, changed since it was found, is larger
            than ``max_bytes`` (then it is not read at all), or cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(task.path, flags)
    except FileNotFoundError:
        raise Unreadable("file.vanished", {}) from None
    except OSError as exc:
        raise Unreadable("file.unreadable", {"detail": _reason(exc)}) from None
    try:
        before = os.fstat(descriptor)
        if not stat.S_ISREG(before.st_mode):
            raise Unreadable("file.not_regular", {"kind": _kind(before.st_mode)})
        if task.seen is not None and Seen.of(before) != task.seen:
            raise Unreadable("file.changed", {}, before.st_size)
        if before.st_size > max_bytes:
            raise Unreadable("package.too_large", {}, before.st_size)
        chunks, total = [], 0
        while chunk := os.read(descriptor, min(1 << 20, max_bytes + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise Unreadable("package.too_large", {}, total)
        if Seen.of(os.fstat(descriptor)) != Seen.of(before) or total != before.st_size:
            raise Unreadable("file.changed", {}, total)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable("file.unreadable", {"detail": _reason(exc)}) from None
    finally:
        os.close(descriptor)


def file_sha256(task: Task, max_bytes: int) -> str:
    """The SHA-256 of a task's file, read in chunks through the same checks as ``read_task``; empty when
    the file cannot be read or is larger than ``max_bytes`` (a file of several GB is never hashed)."""
    if task.seen is None or task.seen.size > max_bytes:
        return ""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    digest = hashlib.sha256()
    try:
        descriptor = os.open(task.path, flags)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return ""
        total = 0
        while chunk := os.read(descriptor, 1 << 20):
            total += len(chunk)
            if total > max_bytes:
                return ""
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return ""
    finally:
        os.close(descriptor)
