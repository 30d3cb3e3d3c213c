"""The keyring's copy of the chain's newest link, written off the signing's critical path.

The record is committed before the kiosk shows Done; the anchor in the keyring is only the
outside check that the chain was not cut short at its end, and verify never mistakes an anchor
that lags behind for tampering. So a signing only *notes* its new head here and returns; one
background thread per store writes it a moment later (after the Done page has been painted),
over one connection to the keyring (:class:`HeldConnection`), coalescing heads noted in the
meantime into one read and one write. :meth:`ChainAnchor.flush` writes what is noted at once
and waits: the store's ``close``, the kiosk's quit and the end of the process call it, so the
newest head is in the keyring before zzsign exits (unless it is killed, which only lags).

The anchor only moves forward: a head is written only when it is beyond the one the keyring
already holds (another zzsign on the same data folder may have remembered a later one).
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref

from zzsign.security.installation_keys import chain_head_name
from zzsign.security.keyring_store import HeldConnection, SecretStore

log = logging.getLogger(__name__)

#: How long a noted head waits before it is written: the Done page is on screen by then, and
#: heads noted meanwhile (a batch of signings) go in one write.
SETTLE_SECONDS = 0.1
#: The longest :meth:`ChainAnchor.flush` waits for the keyring (a hung keyring never stops quit).
FLUSH_TIMEOUT_SECONDS = 10.0

Head = tuple[int, str]


def later(first: Head | None, second: Head | None) -> Head | None:
    """The later of two chain heads (by sequence); None only if both are None."""
    if first is None:
        return second
    if second is None:
        return first
    return second if second[0] > first[0] else first


class ChainAnchor:
    """Writes an installation's newest chain head to the keyring on a background thread."""

    def __init__(
        self,
        secrets: SecretStore,
        installation_id: str,
        *,
        settle_seconds: float | None = None,
    ) -> None:
        """``settle_seconds``: how long a noted head waits (:data:`SETTLE_SECONDS` if None)."""
        self._name = chain_head_name(installation_id)
        self._keyring = HeldConnection(secrets)
        self._settle = SETTLE_SECONDS if settle_seconds is None else settle_seconds
        self._changed = threading.Condition()
        self._pending: Head | None = None  # noted, not yet written
        self._failed: Head | None = None  # a write the keyring refused: tried again on flush
        self._writing = False
        self._urgent = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def note(self, head: Head) -> None:
        """Remember ``head`` (a committed link) soon; returns at once."""
        with self._changed:
            self._pending = later(later(self._pending, self._failed), head)
            self._failed = None
            if self._thread is None:  # the first note, or the first since close()
                self._closed = False
                self._thread = threading.Thread(
                    target=self._run, name="zzsign-chain-anchor", daemon=True
                )
                self._thread.start()
                _live.add(self)
            self._changed.notify_all()

    def flush(self, timeout: float = FLUSH_TIMEOUT_SECONDS) -> None:
        """Write every noted head now (one more try for a head the keyring refused) and wait
        until it is written or refused; a failure is logged and leaves the anchor lagging."""
        with self._changed:
            if self._thread is None:
                return
            if self._failed is not None:
                self._pending, self._failed = later(self._pending, self._failed), None
            self._urgent = True
            self._changed.notify_all()
            if not self._changed.wait_for(
                lambda: self._pending is None and not self._writing, timeout
            ):
                log.warning("The keyring did not take the chain head in time; it lags behind")

    def close(self) -> None:
        """Flush, then stop the thread and close the keyring connection (a later note starts
        them again)."""
        self.flush()
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(FLUSH_TIMEOUT_SECONDS)
        with self._changed:
            if self._thread is thread and (thread is None or not thread.is_alive()):
                self._thread = None
        _live.discard(self)

    # -- the writer thread --------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:  # closed with nothing left to write
                    break
                # Let the Done page paint, and gather heads noted meanwhile into one write.
                self._changed.wait_for(lambda: self._urgent or self._closed, self._settle)
                head, self._pending = self._pending, None
                self._writing = True
            written = self._write(head)
            with self._changed:
                self._writing = False
                if not written:
                    self._failed = later(self._failed, head)
                if self._pending is None:
                    self._urgent = False
                self._changed.notify_all()
        self._keyring.close()

    def _write(self, head: Head) -> bool:
        """One read and (if ``head`` is beyond it) one write; False if the keyring refused."""
        try:
            remembered = parse_chain_head(self._keyring.get(self._name))
            if remembered is None or remembered[0] < head[0]:
                self._keyring.set(self._name, f"{head[0]}:{head[1]}")
        except Exception as exc:  # KeyringUnavailableError, or anything: the thread lives on
            log.warning("Could not update the chain head in the keyring: %s", type(exc).__name__)
            return False
        return True


_live: weakref.WeakSet[ChainAnchor] = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:
    """The last chance: a process that never closed its store still leaves its newest head."""
    for anchor in list(_live):
        anchor.flush()


def parse_chain_head(value: str | None) -> tuple[int, str] | None:
    """The (sequence, entry hash) kept in the keyring as ``"sequence:hash"``; None if unusable."""
    if value is None:
        return None
    sequence, _, entry_sha256 = value.partition(":")
    try:
        return int(sequence), entry_sha256
    except ValueError:
        return None
