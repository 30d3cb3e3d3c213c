"""What the evidence records about the computer a signing happened on."""

from __future__ import annotations

import getpass
import platform
import socket

from zzsign.domain.record import DeviceInfo


def describe_device(screen: str) -> DeviceInfo:
    """Hostname, OS user and OS of this computer, plus the screen the view reports."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "unknown"
    return DeviceInfo(
        hostname=socket.gethostname(),
        os_user=user,
        os=platform.platform(),
        screen=screen,
    )
