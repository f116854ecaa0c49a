"""Write one output in a forked child while the parent writes the others.

The outputs of a consolidation are independent of each other: on two cores a child writes
master.xlsx and ranking.json while the parent writes the others. The child shares the parent's data
(copy on write, nothing is pickled) and reports back only whether it succeeded; an error it
meets is raised again in the parent. Where ``fork`` is not available the output is written in
the parent, in turn.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class Beside:
    """``action`` running beside the caller (started at once; ``join`` waits and re-raises)."""

    def __init__(self, action: Callable[[], None]) -> None:
        self._process: Any = None
        if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
            action()
            return
        context: Any = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(action, send), daemon=True)
        self._process.start()
        send.close()

    def join(self) -> None:
        """Wait for the action; raise what it raised."""
        if self._process is None:
            return
        died = False
        try:
            failure = self._receive.recv()
        except EOFError:
            failure, died = None, True
        finally:
            self._process.join(timeout=30)  # before its exit code is read; it has nothing left to do
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._receive.close()
        if died:
            raise RuntimeError(f"the writer stopped without a word (exit code {self._process.exitcode})")
        if failure is not None:
            raise failure


def _run(action: Callable[[], None], send: Connection) -> None:
    failure: BaseException | None = None
    try:
        action()
    except BaseException as exc:  # every failure goes back to the parent
        failure = exc
    try:
        send.send(failure)
    except (pickle.PicklingError, TypeError, AttributeError):
        send.send(RuntimeError(f"{type(failure).__name__}: {failure}"))
    send.close()
    # Leave without the interpreter's clean-up: a lock another thread of the parent (a progress
    # bar) held at the fork would block it, and the parent's buffered output would be written twice.
    os._exit(0)
