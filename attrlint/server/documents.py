"""The drafts open in the editor, found by URI however the client escapes it.

pygls keys its open documents by the URI with %-escapes decoded, while clients send escaped
URIs (a space or a non-ASCII letter in a file name; VS Code on Windows sends ``file:///c%3A/…``).
Every lookup goes through ``document_key``; diagnostics go back under the URI the client used.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from pygls.uris import to_fs_path
from pygls.workspace import TextDocument, Workspace

from attrlint.reader import DRAFT_SUFFIXES

# Editors' names for the documents we check; anything else (TOML, code) is left alone.
DRAFT_LANGUAGES = frozenset({"markdown", "plaintext", "text"})


def document_key(uri: str) -> str:
    """The one spelling of a document's URI used for lookups (pygls' own key)."""
    return unquote(uri)


def is_toml(uri: str) -> bool:
    return document_key(uri).lower().endswith(".toml")


def fs_path(uri: str) -> str | None:
    """The file a ``file:`` URI names (decoded), else None (an unsaved buffer)."""
    return to_fs_path(uri) if document_key(uri).startswith("file:") else None


class OpenDrafts:
    """Open documents by key, and the URI each was opened under (to publish to)."""

    def __init__(self, workspace: Callable[[], Workspace]) -> None:
        self._workspace = workspace  # pygls makes the workspace at initialize
        self._client_uri: dict[str, str] = {}

    @property
    def workspace(self) -> Workspace:
        return self._workspace()

    def document(self, uri: str) -> TextDocument | None:
        """The open document ``uri`` names, in any escaping; None if it is not open."""
        return self.workspace.text_documents.get(document_key(uri))

    def opened(self, uri: str) -> str:
        """Remember how the client spells ``uri``; returns its key."""
        key = document_key(uri)
        self._client_uri[key] = uri
        return key

    def closed(self, uri: str) -> str:
        key = document_key(uri)
        self._client_uri.pop(key, None)
        return key

    def client_uri(self, key: str) -> str:
        return self._client_uri.get(key, key)

    def keys(self) -> list[str]:
        return list(self.workspace.text_documents)

    def is_draft(self, uri: str) -> bool:
        """An open document attrlint checks: a draft by suffix or by the editor's language."""
        doc = self.document(uri)
        if doc is None or is_toml(uri):
            return False
        path = (fs_path(uri) or document_key(uri)).lower()
        return path.endswith(DRAFT_SUFFIXES) or (doc.language_id or "") in DRAFT_LANGUAGES
