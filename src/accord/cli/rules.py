"""``accord rules``: explain the rules that apply to a place, with their citations."""

from __future__ import annotations

import difflib
import textwrap
from datetime import date

import click

from accord.errors import UsageError, ValueProblem
from accord.jurisdictions import load_rules, resolve
from accord.jurisdictions.rulebook import RuleBook
from accord.jurisdictions.schema import LONG_STANDING, Confidence, Rule


def _chain_of(book: RuleBook, place_id: str) -> tuple[str, ...]:
    chain = [place_id]
    while (parent := book.place(chain[-1]).parent) is not None:
        chain.append(parent)
    return tuple(chain)


def _by_id(book: RuleBook, text: str) -> tuple[str, ...]:
    wanted = text.strip().upper()
    if wanted in book.places:
        return _chain_of(book, wanted)
    if f"US-{wanted}" in book.places:
        return _chain_of(book, f"US-{wanted}")
    close = difflib.get_close_matches(wanted, sorted(book.places), n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise UsageError(
        f"'{text}' is not a jurisdiction id. Use an id like US-CA or US-NY-NYC, or --place "
        f'"City, ST".{hint}'
    )


def _by_place(text: str) -> tuple[str, ...]:
    if "," not in text:
        raise UsageError(
            f'--place \'{text}\' needs a state: write it as "City, ST", e.g. "Austin, TX".'
        )
    local, state = (part.strip() for part in text.rsplit(",", 1))
    is_county = local.casefold().endswith((" county", " parish"))
    try:
        if is_county:
            return resolve(state, None, local)
        return resolve(state, local, None)
    except ValueProblem as exc:
        raise UsageError(f"--place '{text}': {exc}") from None


def _describe(rule: Rule) -> list[str]:
    flag = (
        " [low confidence: verify before relying on it]"
        if rule.confidence is Confidence.LOW
        else ""
    )
    until = f" until {rule.effective_to.isoformat()}" if rule.effective_to else ""
    since = (
        "long-standing"
        if rule.effective_from == LONG_STANDING
        else f"from {rule.effective_from.isoformat()}"
    )
    head = (
        f"  {rule.id} ({rule.kind.value}; {', '.join(a.value for a in rule.applies_to)}) "
        f"in force {since}{until}; confidence "
        f"{rule.confidence.value}{flag}"
    )
    lines = [head]
    lines += textwrap.wrap(rule.summary, width=96, initial_indent="    ", subsequent_indent="    ")
    lines.append(f"    Citation: {rule.citation}")
    if rule.clauses:
        lines.append(f"    Clauses: {', '.join(rule.clauses)}")
    return lines


@click.command(name="rules")
@click.argument("jurisdiction", required=False)
@click.option("--place", "place_text", help='Work place as "City, ST" (or "X County, ST").')
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Show the rules in force on this date (YYYY-MM-DD); default today.",
)
def rules(jurisdiction: str | None, place_text: str | None, as_of: object | None) -> None:
    """Print the jurisdiction chain for a place and every rule in force there, with citations.

    Give a jurisdiction id (US-CA, US-NY-NYC) or --place. Rules not yet in force on the date, or
    lapsed, are listed separately so that coming changes are visible.

    \b
    Example:
      accord rules US-CA
      accord rules --place "New York, NY" --as-of 2026-07-01
    """
    if (jurisdiction is None) == (place_text is None):
        raise UsageError('Give either a jurisdiction id (e.g. US-CA) or --place "City, ST".')
    on = as_of.date() if hasattr(as_of, "date") else date.today()
    book = load_rules()
    chain = _by_id(book, jurisdiction) if jurisdiction else _by_place(place_text or "")
    names = " -> ".join(f"{pid} ({book.place(pid).name})" for pid in chain)
    click.echo(f"Chain: {names}")
    click.echo(f"Rules in force on {on.isoformat()}, most specific place first:")
    other: list[str] = []
    for place_id in chain:
        place = book.place(place_id)
        click.echo("")
        click.echo(f"{place.name} ({place.id}, research confidence {place.confidence.value})")
        current = [r for r in place.rules if r.in_force(on)]
        if not current:
            click.echo("  (no rules of its own in force on this date)")
        for rule in current:
            click.echo("\n".join(_describe(rule)))
        for rule in place.rules:
            if not rule.in_force(on):
                state = "not yet in force" if on < rule.effective_from else "lapsed"
                other.append(f"  {place.id}/{rule.id}: {state} ({rule.citation})")
    if other:
        click.echo("")
        click.echo(f"Not applied on {on.isoformat()}:")
        click.echo("\n".join(other))
    click.echo("")
    click.echo("Accord's rule data is research, not legal advice; check the citations.")
