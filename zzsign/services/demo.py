"""``zzsign demo``: synthetic signed records made through the real signing path.

Names come in many scripts, departments and dates vary, signatures are drawn or typed. Records are
marked as demo data (in their signed payload), and a store that holds real records is refused.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from zzsign import __version__
from zzsign.domain.clock import Timestamp
from zzsign.domain.record import DeviceInfo, SigningSession, Step
from zzsign.domain.signature import DrawnSignature, Stroke, TypedSignature
from zzsign.domain.signer import DEPARTMENTS, SignerDetails
from zzsign.services.errors import UserFacingError
from zzsign.services.hr import HrNotSetUpError
from zzsign.services.record_writer import append_record, remember_chain_head
from zzsign.services.store import Store
from zzsign.store.records import RecordRepository

#: (given names, family names, email-safe transliterations) per script.
NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("Zoë", "José", "Ångström", "Siobhán", "François", "Łukasz", "Ngũgĩ"),
        ("Ñúñez", "O'Brien", "Müller-Lüdenscheidt", "Dvořák", "Sørensen", "García"),
    ),
    (("Ольга", "Дмитрий", "Анна", "Сергей"), ("Петрова", "Иванов", "Смирнова", "Кузнецов")),
    (("Σοφία", "Γιώργος", "Ελένη"), ("Παπαδοπούλου", "Οικονόμου", "Νικολάου")),
    (("محمد", "فاطمة", "أحمد"), ("الحسيني", "عبد الله", "الخطيب")),
    (("שרה", "דוד", "מרים"), ("כהן", "לוי", "מזרחי")),
    (("小明", "秀英", "伟"), ("王", "李", "张")),
    (("花子", "太郎"), ("佐藤", "鈴木")),
    (("민준", "서연"), ("김", "이")),
    (("Nguyễn Thị", "Trần Văn"), ("Minh Khai", "Hùng")),
    (("नरेन्द्र", "प्रिया"), ("शर्मा", "वर्मा")),
)
BATCH = 500


class DemoRefusedError(UserFacingError):
    """The store already holds real records."""


@dataclass(frozen=True)
class SignatureArt:
    """How the demo gets signature images (injected, so that tests can make them cheaply)."""

    render_strokes: Callable[[tuple[Stroke, ...], int, int], bytes]
    render_typed: Callable[[str], bytes]
    font_family: str
    font_file: str

    @classmethod
    def as_the_kiosk_draws(cls) -> SignatureArt:
        """The images the kiosk makes, drawn by ``zzsign.drawing`` (needs a QGuiApplication)."""
        from zzsign.drawing.fonts import HANDWRITING_FONT_FILE, handwriting_font_family
        from zzsign.drawing.ink import strokes_png, typed_png

        return cls(
            render_strokes=strokes_png,
            render_typed=typed_png,
            font_family=handwriting_font_family(),
            font_file=HANDWRITING_FONT_FILE,
        )


def _scribble(rng: random.Random, width: int = 600, height: int = 200) -> tuple[Stroke, ...]:
    """A plausible handwritten-looking scribble, in pad pixels with timing."""
    strokes = []
    t = 0
    x = rng.randint(30, 80)
    for _ in range(rng.randint(1, 3)):
        points = []
        amplitude = rng.randint(20, 45)
        frequency = rng.uniform(0.05, 0.12)
        for _ in range(rng.randint(25, 60)):
            x += rng.randint(4, 9)
            y = height // 2 + int(amplitude * math.sin(x * frequency)) + rng.randint(-4, 4)
            t += rng.randint(8, 20)
            points.append((min(x, width - 5), max(5, min(y, height - 5)), t))
        strokes.append(tuple(points))
        x += rng.randint(10, 30)
        t += rng.randint(80, 200)
    return tuple(strokes)


def _email(index: int) -> str:
    return f"demo.signer{index:06d}@zzservers.example"


def demo_sessions(
    store: Store, count: int, art: SignatureArt, seed: int = 2026
) -> Iterator[tuple[SigningSession, Timestamp, DeviceInfo]]:
    """``count`` completed kiosk sessions with their signing time and device, reproducibly."""
    rng = random.Random(seed)
    drawn_pool: list[DrawnSignature] = []
    typed_cache: dict[str, bytes] = {}
    start = datetime.now(UTC) - timedelta(days=730)
    for index in range(count):
        given, family = rng.choice(NAMES)
        full_name = f"{rng.choice(given)} {rng.choice(family)}"
        offset = rng.choice((-480, -300, 0, 60, 330, 540))
        opened = start + timedelta(seconds=index * (730 * 86400 // max(count, 1)))
        local = timezone(timedelta(minutes=offset))
        session = SigningSession(agreement=store.agreement, disclosure=store.disclosure)
        moment = opened
        for step in (
            Step.OPENED,
            Step.DETAILS_ENTERED,
            Step.CONSENTED,
            Step.REACHED_END,
            Step.ACKNOWLEDGED_CLAUSE,
            Step.ACKNOWLEDGED_AGREEMENT,
            Step.SIGNATURE_ADOPTED,
        ):
            session.mark(step, Timestamp.from_local(moment.astimezone(local)))
            moment += timedelta(seconds=rng.randint(5, 240))
        session.signer = SignerDetails(
            full_name=full_name,
            work_email=_email(index),
            employee_id=f"E{index:06d}" if rng.random() < 0.8 else None,
            department=rng.choice(DEPARTMENTS),
            start_date=(opened + timedelta(days=rng.randint(0, 30))).date(),
        )
        if rng.random() < 0.5:
            if len(drawn_pool) < 40:
                strokes = _scribble(rng)
                drawn_pool.append(
                    DrawnSignature(strokes, 600, 200, art.render_strokes(strokes, 600, 200))
                )
            session.signature = rng.choice(drawn_pool)
        else:
            if full_name not in typed_cache:
                typed_cache[full_name] = art.render_typed(full_name)
            session.signature = TypedSignature(
                full_name, art.font_family, art.font_file, typed_cache[full_name]
            )
        device = DeviceInfo(
            hostname=f"onboarding-{index % 7 + 1:02d}",
            os_user="kiosk",
            os="demo",
            screen="1920x1080 at 1x",
        )
        yield session, Timestamp.from_local(moment.astimezone(local)), device


def refuse_real_records(sessions) -> None:
    """Raise DemoRefusedError if the store holds any record that is not demo data."""
    with sessions() as db:
        real = RecordRepository(db).count(real_only=True)
    if real:
        raise DemoRefusedError(
            f"This store holds {real} real signed records; zzsign demo only fills a store "
            "without them (use --data-dir with a new folder)."
        )


def fill_with_demo_records(
    store: Store,
    count: int,
    art: SignatureArt,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Sign ``count`` synthetic records into an empty (or demo-only) store; returns the count."""
    refuse_real_records(store.sessions)
    with store.sessions() as db:
        if RecordRepository(db).hr_public_key() is None:
            raise HrNotSetUpError()
    written = 0
    head = None
    sessions = demo_sessions(store, count, art)
    while written < count:
        with store.sessions.begin() as db:
            for session, signed_at, device in _take(sessions, BATCH):
                record = session.complete(
                    signed_at=signed_at,
                    installation_id=store.installation_id,
                    app_version=__version__,
                    device=device,
                    is_demo=True,
                )
                head = append_record(db, record, store.signer).head
                written += 1
        if progress is not None:
            progress(written)
    if head is not None:
        remember_chain_head(store, head)
    return written


def _take(iterator: Iterator, n: int) -> Iterator:
    for _ in range(n):
        try:
            yield next(iterator)
        except StopIteration:
            return
