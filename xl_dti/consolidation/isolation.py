"""Run each file's reading in a worker process with a time limit and a memory bound.

A file that hangs its worker is killed after the time limit and a file that crashes its worker or
exhausts its memory gets its own code; the worker is replaced and the run goes on. Workers are
forked once and fed files one at a time, so the cost per file stays near the reading itself. A
worker packs each file's answers into bytes before sending its reading, and the parent unpickles
readings with equal values shared (``shared_values``): a country's round stays within memory.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from xl_dti.consolidation.folder import Task, Unreadable, file_sha256, read_task
from xl_dti.consolidation.packed_answers import PackedAnswers
from xl_dti.consolidation.reading import FileReading, RoundContext, forget_between_files, read_returned
from xl_dti.consolidation.shared_values import SharedValues
from xl_dti.errors import Problem

Reader = Callable[[bytes, str, RoundContext], FileReading]
__all__ = ["Reader", "Task", "read_isolated"]


def _worker(connection: Connection, context: RoundContext, reader: Reader) -> None:
    # What the worker inherited lives as long as it does: frozen, the collector never walks it (a
    # first collection over the parent's modules and scheme costs about 25 ms per worker).
    gc.freeze()
    _limit_memory(context.limits.memory_mb)
    while True:
        task = connection.recv()
        if task is None:  # done: leave at once, without the interpreter's clean-up
            connection.close()
            os._exit(0)
        try:
            data = read_task(task, context.limits.max_file_bytes)
            result: Any = reader(data, task.name, context)
            if isinstance(result, FileReading):
                result.answers = PackedAnswers.of(result.answers)
        except Unreadable as exc:  # gone, changed, not a file, or too large: its own outcome
            result = (exc.code, {**exc.params, "size": exc.size})
        except MemoryError:
            forget_between_files()
            result = ("worker.memory", {"limit": context.limits.memory_mb})
        except Exception as exc:  # a reading bug or a parser failure: report it, keep the worker
            result = ("worker.crashed", {"detail": f"{type(exc).__name__}: {exc}"[:300],
                                         "trace": traceback.format_exc(limit=3)})
        connection.send_bytes(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))


def _limit_memory(megabytes: int) -> None:
    try:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time limit still applies
        pass


@dataclass
class _Slot:
    process: Any
    connection: Connection
    task: Task | None = None
    started: float = 0.0


def read_isolated(
    tasks: Sequence[Task], context: RoundContext, jobs: int, reader: Reader = read_returned,
    on_done: Callable[[FileReading], None] | None = None,
) -> Iterator[FileReading]:
    """Read every task in ``jobs`` worker processes; yield readings as they finish (any order).

    Args:
        tasks: the files to read.
        context: scheme, registry and limits, sent once to each worker.
        jobs: how many workers run at once.
        reader: the reading function (tests substitute one that misbehaves).
        on_done: called with each reading as it arrives (progress).
    """
    for refused in (t for t in tasks if t.problems):  # what the folder walk refused is never sent to a worker
        found = FileReading(name=refused.name, size=0, sha256="").fail(refused.problems)
        if on_done:
            on_done(found)
        yield found
    tasks = [t for t in tasks if not t.problems]
    if not tasks:
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    mp: Any = multiprocessing.get_context(method)
    pending = list(reversed(tasks))
    slots: list[_Slot] = []
    shared = SharedValues()

    def start() -> _Slot:
        parent, child = mp.Pipe()
        process = mp.Process(target=_worker, args=(child, context, reader), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    try:
        for _ in range(max(1, min(jobs, len(tasks)))):
            slots.append(start())
        for slot in slots:
            _feed(slot, pending)
        while any(s.task for s in slots):
            ready = wait([s.connection for s in slots if s.task], timeout=_next_deadline(slots, context))
            now = time.monotonic()
            for index, slot in enumerate(slots):
                task, fed = slot.task, False
                if task is None:
                    continue
                reading: FileReading | None = None
                if slot.connection in ready:
                    message = _receive(slot)
                    if message is not None and slot.process.is_alive():
                        _feed(slot, pending)  # the worker goes on to its next file while this one is decoded
                        fed = True
                    reading = _decode(message, task, slot, shared, context.limits.max_file_bytes)
                elif now - slot.started > context.limits.timeout_seconds:
                    reading = _failed(task, "worker.timeout", {"seconds": context.limits.timeout_seconds},
                                      context.limits.max_file_bytes)
                    _stop(slot)
                if reading is None:
                    continue
                if not fed and not slot.process.is_alive():
                    slots[index] = slot = start()
                reading.problems += task.notes
                if on_done:
                    on_done(reading)
                yield reading
                if not fed:
                    _feed(slot, pending)
    finally:
        for slot in slots:  # all asked first, then waited for: they end side by side
            _ask_to_stop(slot)
        for slot in slots:
            _stop(slot, grace=1.0)


def _feed(slot: _Slot, pending: list[Task]) -> None:
    slot.task = pending.pop() if pending else None
    if slot.task is not None:
        slot.started = time.monotonic()
        slot.connection.send(slot.task)


def _receive(slot: _Slot) -> bytes | None:
    """A worker's message, or ``None`` when its pipe broke (it died)."""
    try:
        message: bytes = slot.connection.recv_bytes()
    except (EOFError, OSError):
        return None
    return message


def _decode(message: bytes | None, task: Task, slot: _Slot, shared: SharedValues, max_bytes: int) -> FileReading:
    if message is None:
        slot.process.join(timeout=1)  # its pipe broke: it has ended, or is ending
        code = slot.process.exitcode
        _stop(slot)
        return _failed(task, "worker.crashed", {"detail": f"exit code {code}"}, max_bytes)
    result = shared.loads(message)
    if isinstance(result, FileReading):
        return result
    code, params = result
    return _failed(task, code, params, max_bytes)


def _failed(task: Task, code: str, params: dict[str, Any], max_bytes: int) -> FileReading:
    """A file whose reading failed: its size as found and, within the size limit, its hash (streamed:
    the parent never holds a file whole)."""
    size = params.get("size") or (task.seen.size if task.seen else 0)
    sha256 = "" if code in ("package.too_large", "file.changed", "file.vanished") else file_sha256(task, max_bytes)
    reading = FileReading(name=task.name, size=size, sha256=sha256)
    return reading.fail([Problem(code, task.name, {k: v for k, v in params.items() if k not in ("trace", "size")})])


def _next_deadline(slots: list[_Slot], context: RoundContext) -> float:
    busy = [s.started for s in slots if s.task]
    if not busy:
        return 0.0
    return max(0.01, min(busy) + context.limits.timeout_seconds - time.monotonic())


def _ask_to_stop(slot: _Slot) -> None:
    if slot.process.is_alive():
        with contextlib.suppress(OSError, BrokenPipeError):
            slot.connection.send(None)


def _stop(slot: _Slot, grace: float = 0.0) -> None:
    """End a worker: after ``grace`` seconds to leave on its own (when asked to), it is killed."""
    if grace:
        slot.process.join(timeout=grace)
    if slot.process.is_alive():
        slot.process.kill()
        slot.process.join(timeout=5)
    slot.connection.close()
