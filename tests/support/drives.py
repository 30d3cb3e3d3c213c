"""A fake /sys for finding removable drives: block devices on a USB bus, PCI (SATA) or MMC."""

from __future__ import annotations

from pathlib import Path

#: Where the kernel puts a disk on a USB bus, one on SATA (PCI), and an SD/eMMC card.
USB = "pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block"
PCI = "pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block"
MMC = "platform/soc/mmc_host/mmc0/mmc0:0001/block"


def fake_block_device(
    sysfs: Path,
    device_path: str,
    number: str,
    *,
    removable: str = "0",
    kind: str = "",
    class_name: str = "",
) -> None:
    """A block device under ``sysfs/devices`` (a partition if its name ends in a digit and its
    disk is named before it), linked from /sys/dev/block/MAJ:MIN and /sys/class/block/NAME."""
    device = sysfs / "devices" / device_path
    disk = device.parent if device.parent.parent.name == "block" else device
    device.mkdir(parents=True)
    if disk != device:
        (device / "partition").write_text("1\n")
    (disk / "removable").write_text(removable + "\n")
    if kind:
        (disk / "device").mkdir(exist_ok=True)
        (disk / "device" / "type").write_text(kind + "\n")
    for link in (sysfs / "dev" / "block" / number, sysfs / "class" / "block" / device.name):
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(device)
