"""What the public quality page shows besides documents, and the hook for certificates.

Certificates belong to the audits module. Until it exists the page has no certificates section; when it does, it
registers a provider once (e.g. in its AppConfig.ready):

    from documents import public
    public.register_certificates(lambda org: [...])

The provider returns, for one organisation, the certificates to show — objects or dicts with `level` (e.g.
"EQUASS Assurance"), `reference` (e.g. "LIT2021-069"), `services` (list of names), `valid_from`, `valid_until`
(dates) and optionally `url` (a public download). It must make a fixed number of queries: it runs on every request,
and what it returns is part of the page's cache key, so a new certificate shows at once.
"""

import hashlib

_certificate_providers = []


def register_certificates(func):
    if func not in _certificate_providers:
        _certificate_providers.append(func)
    return func


def certificates(org):
    found = []
    for provider in _certificate_providers:
        found.extend(provider(org))
    return found


def _get(item, name):
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def certificate_rows(items):
    keys = ("level", "reference", "services", "valid_from", "valid_until", "url")
    return [{key: _get(item, key) for key in keys} for item in items]


def fingerprint(*parts):
    """A short stable hash of the page's inputs: its ETag and cache key."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def contact_parts(org):
    return (org.name, org.address, org.company_code, org.municipality, org.email, org.phone, org.website)
