"""`accord rules`: the chain and every rule in force there, with citations."""

from __future__ import annotations

from click.testing import CliRunner

from accord.cli import _register, cli


def _run(*args: str):
    _register()
    return CliRunner().invoke(cli, ["rules", *args], standalone_mode=False)


def test_rules_for_a_state_print_the_chain_and_citations():
    result = _run("US-CA", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Chain: US-CA (California) -> US (United States (federal))"
    assert "Rules in force on 2026-06-01, most specific place first:" in lines
    assert "    Citation: Cal. Civ. Code § 1542 (as amended by SB 1431, 2018)" in lines
    assert (
        "    Citation: 29 U.S.C. § 626(f)(1)(A)–(H); 29 U.S.C. §§ 630(b), 631(a); 29 C.F.R. § 1625.22"
        in lines
    )


def test_rules_for_a_place_resolve_the_city():
    result = _run("--place", "New York, NY", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Chain: US-NY-NYC (New York City) -> US-NY (New York (State)) -> US (United States "
        "(federal))"
    )


def test_laws_not_yet_in_force_are_listed_apart():
    result = _run("US-VA", "--as-of", "2026-06-30")
    assert (
        "  US-VA/pay_range: not yet in force (Va. Code § 40.1-28.7:12 (SB 215 / HB 636, 2026))"
        in (result.output.splitlines())
    )


def test_low_confidence_rules_are_marked():
    result = _run("US-ND", "--as-of", "2026-06-01")
    assert "low confidence: verify before relying on it" in result.output


def test_an_unknown_id_is_a_usage_error_with_a_suggestion():
    result = _run("US-XX")
    assert result.exception is not None
    assert str(result.exception) == (
        "'US-XX' is not a jurisdiction id. Use an id like US-CA or US-NY-NYC, or --place "
        "\"City, ST\". Did you mean 'US-TX'?"
    )
    assert getattr(result.exception, "exit_code", None) == 2
