"""A full disk and a folder that cannot be written, said as such, on real small disks."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.disk import DiskFull, NotWritable, mount_of, writable
from tests.disk import fill, remount, small_disk


def test_the_mount_point_of_a_folder_not_made_yet_is_its_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        assert mount_of(disk / "out" / "deeper") == disk


def test_a_folder_on_a_read_only_disk_is_not_writable_in_one_line(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        remount(disk, "ro")
        with pytest.raises(NotWritable) as caught:
            writable(disk / "out")
    assert str(caught.value) == (
        f"{disk / 'out'} cannot be written (read-only file system). Choose a folder you can "
        "write to with --out."
    )


def test_a_disk_without_room_for_a_file_is_full(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m,nr_inodes=3") as disk:
        (disk / "out").mkdir()
        fill(disk)
        with pytest.raises(DiskFull, match=rf"^The disk holding {disk / 'out'} is full"):
            writable(disk / "out")
