"""Opening a big table export's rows on every core: worker processes over chunks of sealed rows.

Opening a sealed part is mostly one X25519 exchange, and ``cryptography`` holds the GIL for it,
so threads would take turns; processes do not. The workers:

* are started with the ``spawn`` method: a fresh interpreter, never a fork of this process, which
  may have Qt threads (HR's workspace);
* import only this module and :mod:`zzsign.services.export.rows` (the standard library,
  ``cryptography``, zzsign's clock and sealing): no Qt, no SQLAlchemy, no store;
* get HR's private key as the first message on their pipe, never on disk, in argv or the
  environment, and keep it in memory only while the export runs;
* ignore Ctrl+C (the export's own process stops them), and exit when their pipe closes, so none
  outlives an export that was cancelled, failed or killed.

Chunks are numbered as they are read from the store and handed to whichever worker has room;
answers come back in any order and are passed on in the order read, so the rows and bytes are
the same as from one process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import cast

from zzsign.services.export.rows import Cells, RowProblem, opened_chunk

#: The most workers an export starts (beyond this the process feeding them is the limit).
MAX_WORKERS = 4
#: Chunks a worker has at a time: one being opened, the others waiting, so that it has work
#: while this process is held back by the system (memory stays flat: a chunk is ~1 MB).
CHUNKS_PER_WORKER = 4
#: How long a worker that was asked to stop may take before it is killed (seconds).
STOP_TIMEOUT = 2.0

Chunk = tuple[Sequence[tuple], Sequence[bytes]]  # rows, and the associated data of each


class WorkerLostError(Exception):
    """A worker process ended or failed without answering (the export cannot complete)."""


def usable_cores() -> int:
    """How many CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _serve(connection: Connection) -> None:
    """A worker: HR's key and the output kind first, then numbered chunks until told to stop.

    A thread takes every message off the pipe as it comes, so the export's process never waits
    long to hand over a chunk while this one is busy or answering.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:
        try:
            while (message := connection.recv()) is not None:
                inbox.put(message)
        except (EOFError, OSError):  # the export's process has gone
            pass
        inbox.put(None)

    threading.Thread(target=receive, name="zzsign-export-inbox", daemon=True).start()
    first = inbox.get()
    if first is None:
        return
    hr_private_key, as_csv = first
    while (task := inbox.get()) is not None:
        number, rows, associated_data = task
        reply: tuple[object, ...]
        try:
            reply = ("ok", opened_chunk(hr_private_key, rows, associated_data, as_csv))
        except RowProblem as problem:
            reply = ("problem", problem.record_id, problem.what)
        except Exception as failure:  # said to the parent, which stops the export
            reply = ("failed", type(failure).__name__)
        try:
            connection.send((number, reply))
        except OSError:
            return


class WorkerPool:
    """Worker processes that open chunks of sealed rows with HR's key; use as a context manager.

    Each worker has up to :data:`CHUNKS_PER_WORKER` chunks at a time (one being opened, the
    others waiting), and gets another as soon as it answers, so a worker the system holds back
    delays the others little; answers are put back in order here, and memory stays flat.
    Leaving the block normally lets the workers finish; leaving it with an exception (a cancel,
    a failure) kills them at once.
    """

    def __init__(self, hr_private_key: bytes, *, as_csv: bool, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
        try:
            for _ in range(workers):
                ours, theirs = context.Pipe(duplex=True)
                process = context.Process(
                    target=_serve, args=(theirs,), daemon=True, name="zzsign-export-worker"
                )
                process.start()
                theirs.close()  # only the worker holds its end: its exit ends our reads
                self._workers.append((process, ours))
                ours.send((bytes(hr_private_key), as_csv))
        except BaseException:
            self.stop(kill=True)
            raise

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind, _value, _traceback) -> None:
        self.stop(kill=kind is not None)

    def open(self, chunks: Iterable[Chunk]) -> Iterator[tuple[int, str | list[Cells]]]:
        """(rows in the chunk, what :func:`~zzsign.services.export.rows.opened_chunk` makes of
        it) for each chunk, in order.

        Raises :class:`RowProblem` for the first record (in order) that cannot be exported, and
        :class:`WorkerLostError` if a worker ended or failed.
        """
        chunks = iter(chunks)
        pipes = [connection for _process, connection in self._workers]
        out = dict.fromkeys(pipes, 0)  # chunks each worker has
        sizes: dict[int, int] = {}  # chunks handed out and not yet passed on: number -> rows
        answers: dict[int, tuple] = {}
        sent = wanted = 0
        more = True
        while True:
            for connection in pipes:
                while more and out[connection] < CHUNKS_PER_WORKER:
                    chunk = next(chunks, None)
                    if chunk is None:
                        more = False
                        break
                    rows, associated_data = chunk
                    self._send(connection, (sent, rows, associated_data))
                    sizes[sent] = len(rows)
                    out[connection] += 1
                    sent += 1
            if wanted == sent:
                return
            while wanted not in answers:
                # wait hands back those of ``pipes`` that are ready (its stub forgets their type)
                for connection in cast("list[Connection]", wait(pipes)):
                    number, reply = self._receive(connection)
                    answers[number] = reply
                    out[connection] -= 1
            yield sizes.pop(wanted), self._result(answers.pop(wanted))
            wanted += 1

    @staticmethod
    def _send(connection: Connection, message: object) -> None:
        try:
            connection.send(message)
        except OSError as exc:  # the worker is gone
            raise WorkerLostError("a worker process ended") from exc

    @staticmethod
    def _receive(connection: Connection) -> tuple[int, tuple]:
        try:
            return connection.recv()
        except (EOFError, OSError) as exc:
            raise WorkerLostError("a worker process ended") from exc

    @staticmethod
    def _result(reply: tuple) -> str | list[Cells]:
        kind, *detail = reply
        if kind == "ok":
            return detail[0]
        if kind == "problem":
            raise RowProblem(*detail)
        raise WorkerLostError(f"a worker process failed ({detail[0]})")

    def stop(self, *, kill: bool = False) -> None:
        """Ask the workers to exit (or, with ``kill``, end them now) and wait for them."""
        for process, connection in self._workers:
            if kill:
                process.kill()
            else:
                with contextlib.suppress(OSError):
                    connection.send(None)
        for process, connection in self._workers:
            process.join(STOP_TIMEOUT)
            if process.is_alive():
                process.kill()
                process.join()
            connection.close()
            process.close()
        self._workers = []
