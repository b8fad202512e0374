"""`accord rules`: the chain and every rule in force there, with citations."""

from __future__ import annotations

from click.testing import CliRunner

from accord.cli import cli


def _run(*args: str):
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
        "'US-XX' is not a jurisdiction. Use a state's name or code (California, CA), an id like "
        "US-NY-NYC, or --place \"City, ST\". Did you mean 'US-TX'?"
    )
    assert getattr(result.exception, "exit_code", None) == 2


def test_a_state_name_or_code_gives_the_state():
    for text in ("California", "california", "CA", "ca"):
        result = _run(text, "--as-of", "2026-06-01")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[0] == (
            "Chain: US-CA (California) -> US (United States (federal))"
        )
    result = _run("New York", "--as-of", "2026-06-01")
    assert result.output.splitlines()[0].startswith("Chain: US-NY (New York (State))")


def test_a_misspelt_state_name_gets_a_suggestion():
    result = _run("Califrnia")
    assert str(result.exception).endswith("Did you mean 'US-CA'?")


def test_research_notes_only_with_sources():
    plain = _run("US-ME", "--as-of", "2026-06-01").output
    assert "Morgan Brown" not in plain
    assert "Research notes" not in plain
    assert "not verified" not in plain
    sourced = _run("US-ME", "--as-of", "2026-06-01", "--sources").output
    assert (
        "    Research notes: Per Morgan Brown & Joy summary; the Title 26 / Title 5 section was not"
        in sourced.splitlines()
    )


def test_each_rule_is_printed_once():
    lines = _run("US-NY-NYC", "--as-of", "2026-06-01").output.splitlines()
    seen: list[tuple[str, str]] = []
    place = ""
    for line in lines:
        if line and not line.startswith(" ") and "(US" in line:
            place = line
        elif line.startswith("  ") and not line.startswith("   ") and " (" in line:
            seen.append((place, line.split(" (")[0].strip()))
    assert seen
    assert len(seen) == len(set(seen))


def test_house_rules_and_unknown_start_dates_are_printed_plainly():
    lines = _run("US-TX", "--as-of", "2026-06-01").output.splitlines()
    assert "  offer_response (offer_response; offers) house setting; confidence high" in lines
    assert any(
        line.startswith("    House choice, not law: No statute sets a deadline to accept an offer")
        for line in lines
    )
    assert any(
        line.startswith("  final_pay (final_pay; separations) in force since before 2026")
        for line in lines
    )
    assert not any("long-standing" in line for line in lines)
    assert not any("Accord house" in line for line in lines)


def test_research_provenance_in_summaries_is_kept_for_sources():
    for place in ("US-CA", "US-TX", "US-IL"):
        plain = _run(place, "--as-of", "2026-06-01").output
        for phrase in (
            "background knowledge",
            "Background knowledge",
            "per Perkins",
            "per commentators",
        ):
            assert phrase not in plain, (place, phrase)
    assert "Research notes: Background knowledge." in _run("US-TX", "--sources").output
