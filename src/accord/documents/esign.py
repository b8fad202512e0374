"""E-signature text tags: the strings each provider turns into signature and date fields.

Tags are supplied to templates as values, never written into template text: Adobe Sign's
``{{Sig_es_:signer1:signature}}`` looks like a Jinja tag and would otherwise be evaluated. Templates
print them in white text at every signature and date field, so they are invisible on paper.
"""

from __future__ import annotations

from accord.errors import UsageError

PROVIDERS = ("none", "docusign", "dropbox", "adobe")

# One signature tag and one date tag per signer; ``{n}`` is the signer's number in signing order.
_TAGS: dict[str, tuple[str, str]] = {
    "none": ("", ""),
    "docusign": ("/sn{n}/", "/ds{n}/"),
    "dropbox": ("[sig|req|signer{n}]", "[date|req|signer{n}]"),
    "adobe": ("{{{{Sig_es_:signer{n}:signature}}}}", "{{{{Dte_es_:signer{n}:date}}}}"),
}

MAX_SIGNERS = 3


def signer_tags(provider: str, signers: int = MAX_SIGNERS) -> dict[str, dict[str, str]]:
    """Return ``{"signer1": {"sign": tag, "date": tag}, ...}``; empty strings for ``none``."""
    if provider not in _TAGS:
        raise UsageError(
            f"E-sign provider '{provider}' is not supported. Use one of: {', '.join(PROVIDERS)}."
        )
    sign, day = _TAGS[provider]
    return {
        f"signer{n}": {"sign": sign.format(n=n), "date": day.format(n=n)}
        for n in range(1, signers + 1)
    }
