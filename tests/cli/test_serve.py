"""`accord serve` and `accord watch`: usage errors found before any Prefect work starts."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLES, accord


def test_serve_rejects_a_time_zone_that_does_not_exist_with_status_2(tmp_path: Path):
    result = accord("serve", "--inbox", str(tmp_path), "--timezone", "Mars/Olympus")
    assert result.returncode == 2
    assert (
        "Invalid value for --timezone: 'Mars/Olympus' is not a time zone name. Use an IANA name "
        "such as America/New_York." in result.stderr
    )


def test_a_dask_address_without_the_dask_runner_is_a_usage_error(tmp_path: Path):
    result = accord(
        "run",
        str(SAMPLES / "offers_sample.xlsx"),
        "--out",
        str(tmp_path),
        "--dask-address",
        "tcp://127.0.0.1:8786",
    )
    assert result.returncode == 2
    assert "--dask-address needs --runner dask." in result.stderr
