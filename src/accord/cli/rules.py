"""``accord rules``: explain the rules that apply to a place, with their citations."""

from __future__ import annotations

import difflib
import textwrap
from datetime import date

import click

from accord.errors import UsageError, ValueProblem
from accord.jurisdictions import load_rules, resolve
from accord.jurisdictions.place import _STATE_NAMES
from accord.jurisdictions.rulebook import RuleBook
from accord.jurisdictions.schema import Confidence, Rule


def _chain_of(book: RuleBook, place_id: str) -> tuple[str, ...]:
    chain = [place_id]
    while (parent := book.place(chain[-1]).parent) is not None:
        chain.append(parent)
    return tuple(chain)


def _by_id(book: RuleBook, text: str) -> tuple[str, ...]:
    wanted = text.strip().upper()
    names = {name.casefold(): code for code, name in _STATE_NAMES.items()}
    code = names.get(" ".join(text.split()).casefold())
    for candidate in (wanted, f"US-{wanted}", f"US-{code}" if code else ""):
        if candidate in book.places:
            return _chain_of(book, candidate)
    close = difflib.get_close_matches(wanted, sorted(book.places), n=1, cutoff=0.6)
    if not close:
        by_name = difflib.get_close_matches(text.strip().casefold(), sorted(names), n=1, cutoff=0.7)
        close = [f"US-{names[by_name[0]]}"] if by_name else []
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise UsageError(
        f"'{text}' is not a jurisdiction. Use a state's name or code (California, CA), an id "
        f'like US-NY-NYC, or --place "City, ST".{hint}'
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


def _describe(rule: Rule, sources: bool) -> list[str]:
    flag = (
        " [low confidence: verify before relying on it]"
        if rule.confidence is Confidence.LOW
        else ""
    )
    until = f" until {rule.effective_to.isoformat()}" if rule.effective_to else ""
    since = rule.since()
    since = since if since.startswith(("in force", "house")) else f"in force {since}"
    head = (
        f"  {rule.id} ({rule.kind.value}; {', '.join(a.value for a in rule.applies_to)}) "
        f"{since}{until}; confidence "
        f"{rule.confidence.value}{flag}"
    )
    lines = [head]
    lines += textwrap.wrap(rule.summary, width=96, initial_indent="    ", subsequent_indent="    ")
    if rule.house:
        lines += textwrap.wrap(
            f"House choice, not law: {rule.reason}",
            width=96,
            initial_indent="    ",
            subsequent_indent="      ",
        )
    else:
        lines.append(f"    Citation: {rule.citation}")
    if sources and rule.notes:
        lines += textwrap.wrap(
            f"Research notes: {rule.notes}",
            width=96,
            initial_indent="    ",
            subsequent_indent="      ",
        )
    if rule.clauses:
        lines.append(f"    Clauses: {', '.join(rule.clauses)}")
    return lines


def _where(rule: Rule) -> str:
    return rule.citation or f"house choice: {rule.reason}"


@click.command(name="rules")
@click.argument("jurisdiction", required=False)
@click.option("--place", "place_text", help='Work place as "City, ST" (or "X County, ST").')
@click.option(
    "--sources",
    is_flag=True,
    help="Also print the research notes behind each rule and the place's sources.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Show the rules in force on this date (YYYY-MM-DD); default today.",
)
def rules(
    jurisdiction: str | None, place_text: str | None, sources: bool, as_of: object | None
) -> None:
    """Print the jurisdiction chain for a place and every rule in force there, with citations.

    Give a state's name or code (California, CA), a jurisdiction id (US-NY-NYC) or --place. Rules
    not yet in force on the date, or lapsed, are listed separately so that coming changes are
    visible. Research notes (where a fact came from, what is unverified) only with --sources.

    \b
    Example:
      accord rules California
      accord rules US-CA --sources
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
    printed: set[tuple[str, str]] = set()
    for place_id in chain:
        place = book.place(place_id)
        click.echo("")
        click.echo(f"{place.name} ({place.id}, research confidence {place.confidence.value})")
        current = [r for r in place.rules if r.in_force(on)]
        if not current:
            click.echo("  (no rules of its own in force on this date)")
        for rule in current:
            # A rule is printed once, even where a place's file repeats one (a change of law is
            # a new rule with its own id, so two entries of one id would be a data error).
            if (place.id, rule.id) in printed:
                continue
            printed.add((place.id, rule.id))
            click.echo("\n".join(_describe(rule, sources)))
        if sources and place.sources:
            click.echo("  Sources:")
            click.echo("\n".join(f"    {url}" for url in place.sources))
        for rule in place.rules:
            if not rule.in_force(on):
                state = "not yet in force" if on < rule.starts else "lapsed"
                other.append(f"  {place.id}/{rule.id}: {state} ({_where(rule)})")
    if other:
        click.echo("")
        click.echo(f"Not applied on {on.isoformat()}:")
        click.echo("\n".join(other))
    click.echo("")
    click.echo("Accord's rule data is research, not legal advice; check the citations.")
