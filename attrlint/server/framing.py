"""Reading LSP messages from a byte stream, guarded against bad framing.

A message is ``Content-Length: N`` (other headers allowed), a blank line, then N bytes of JSON.
pygls' own reader trusts N: one wrong length and it never finds a header again, and a huge N
makes it allocate that much. ``Framer`` instead:

- refuses a message over ``MAX_MESSAGE_BYTES`` (skips its bytes without keeping them, with a
  log line saying how large it was);
- resynchronises on the next header: bytes that are not a message are skipped, and a body that
  runs into the next ``Content-Length:`` header ends there (JSON never holds a raw line break
  followed by a header, so a real body cannot look like one).

What the framer hands on is bytes; ``attrlint.server.app`` answers undecodable JSON and invalid
parameters with JSON-RPC errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# Header lines longer than this cannot be a real header: the bytes are skipped.
MAX_HEADER_BYTES = 8 * 1024
_HEADER = re.compile(rb"[Cc]ontent-[Ll]ength[ \t]*:[ \t]*(\d{1,20})[ \t]*\r\n")
_END_OF_HEADERS = b"\r\n\r\n"
# Enough tail to find a header cut in two by a read.
_KEEP = 64


@dataclass(frozen=True)
class Message:
    body: bytes


@dataclass(frozen=True)
class Skipped:
    """Bytes that were not (or could not be) a message, with a reason for the log."""

    reason: str


Event = Message | Skipped


class Framer:
    """Turns chunks of a byte stream into messages; keeps at most one message in memory."""

    def __init__(self, max_bytes: int = MAX_MESSAGE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._buf = bytearray()
        self._length: int | None = None  # body length of the message being read
        self._skip = 0  # bytes of a refused message still to drop
        self._scanned = 0  # body bytes already searched for a header

    def feed(self, data: bytes) -> list[Event]:
        self._buf += data
        events: list[Event] = []
        while True:
            if self._skip:
                if not self._skipping():
                    break
            elif self._length is None:
                event, progress = self._headers()
                if event is not None:
                    events.append(event)
                if not progress:
                    break
            else:
                event = self._body()
                if event is None:
                    break
                events.append(event)
        return events

    def _headers(self) -> tuple[Event | None, bool]:
        m = _HEADER.search(self._buf)
        if m is None:
            if len(self._buf) > MAX_HEADER_BYTES:
                dropped = len(self._buf) - _KEEP
                del self._buf[:dropped]
                return Skipped(f"skipped {dropped} bytes that are not a message"), False
            return None, False
        end = self._buf.find(_END_OF_HEADERS, m.end() - 2)
        if end < 0:
            if len(self._buf) - m.start() > MAX_HEADER_BYTES:
                del self._buf[:m.end()]
                return Skipped("skipped a header block that never ended"), True
            return None, False
        junk = bytes(self._buf[:m.start()]).strip()
        length = int(m.group(1))
        del self._buf[:end + len(_END_OF_HEADERS)]
        event = Skipped(f"skipped {len(junk)} bytes that are not a message") if junk else None
        if length > self.max_bytes:
            self._skip = length
            return Skipped(f"a message of {length:,} bytes is over the limit of {self.max_bytes:,} bytes: "
                           f"skipped"), True
        self._length, self._scanned = length, 0
        return event, True

    def _body(self) -> Event | None:
        assert self._length is not None
        window = min(len(self._buf), self._length)
        # A header inside the declared body means the length was wrong: the body ends there.
        m = _HEADER.search(self._buf, max(self._scanned - _KEEP, 0), window)
        if m is not None:
            body = bytes(self._buf[:m.start()])
            del self._buf[:m.start()]
            self._length = None
            return Message(body)
        if len(self._buf) < self._length:
            self._scanned = len(self._buf)
            return None
        body = bytes(self._buf[:self._length])
        del self._buf[:self._length]
        self._length = None
        return Message(body)

    def _skipping(self) -> bool:
        """Drop a refused message's bytes; True when done (or a header showed the length was wrong)."""
        m = _HEADER.search(self._buf, 0, min(len(self._buf), self._skip))
        if m is not None:
            del self._buf[:m.start()]
            self._skip = 0
            return True
        if len(self._buf) >= self._skip:
            del self._buf[:self._skip]
            self._skip = 0
            return True
        drop = max(len(self._buf) - _KEEP, 0)
        del self._buf[:drop]
        self._skip -= drop
        return False
