"""The example phrases the default taxonomy ships for each cause: how sellers in Chile,
Peru, Colombia and Mexico put each problem in their own words (short and long, with and
without accents, local words and typos). They train the triage model until resolved
cases teach it more; agents edit them on each cause's admin page (Frases de ejemplo).

Plain data, no imports of models: migration 0016 reads it too.
"""

from . import account, catalog, compliance, money, orders, returns

DEFAULT_PHRASES: dict[str, list[str]] = {
    **orders.PHRASES,
    **returns.PHRASES,
    **money.PHRASES,
    **catalog.PHRASES,
    **account.PHRASES,
    **compliance.PHRASES,
}
