"""The one exception tree of conflict-kg; the API maps each class to an HTTP status."""


class KgError(Exception):
    """Base class of every error conflict-kg raises on purpose."""

    status = 500


class BadInput(KgError):
    """The caller sent something that cannot be used (empty text, bad date, unknown format)."""

    status = 400


class NotFound(KgError):
    """The named actor, place, article or graph is not in the store."""

    status = 404


class PayloadTooLarge(KgError):
    """The request body or article is larger than the configured limit."""

    status = 413


class Forbidden(KgError):
    """The operation needs a credential that was not given (SPARQL update without the token)."""

    status = 403


class QueryError(KgError):
    """A SPARQL query could not be parsed or uses a refused feature."""

    status = 400


class ResultTooLarge(KgError):
    """A SPARQL SELECT has more rows than the configured cap (KG_MAX_ROWS)."""

    status = 422


class TooManyQueries(KgError):
    """The client has as many SPARQL queries running and waiting as one client may."""

    status = 429


class QueryTimeout(KgError):
    """A SPARQL query ran longer than the configured timeout."""

    status = 503


class StoreError(KgError):
    """The store could not be opened, read or written."""

    status = 500


def one_line(error: BaseException | str) -> str:
    """The first line of an error's message (its class name when it has none), for one-line reports."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class NotAnArticle(BadInput):
    """A page holds no article body to read (a front page, an index, a gallery): skipped, not parsed."""
