"""Metadata every service file must carry, checked with messages for authors."""

from __future__ import annotations

from typing import Any

SERVICE_DIR = "services"

#: field → what the author should write there
REQUIRED_FIELDS = {
    "summary": "ein bis zwei Sätze, worum es geht",
    "order": "eine ganze Zahl für die Reihenfolge in der Übersicht",
    "price": "die Preisangabe, z. B. „ab 48 € pro Stunde“",
    "audience": "für wen die Leistung passt",
}


def check_service(metadata: dict[str, Any]) -> list[str]:
    """Return one readable problem per missing or malformed field."""
    problems = []
    for field, hint in REQUIRED_FIELDS.items():
        value = metadata.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"Feld '{field}' fehlt ({hint}).")
    order = metadata.get("order")
    if order is not None:
        try:
            int(str(order))
        except ValueError:
            problems.append(f"Feld 'order' muss eine ganze Zahl sein, nicht {order!r}.")
    return problems


def service_sort_key(page) -> tuple[int, str]:
    """Sort by ``order``, then title."""
    try:
        order = int(str(page.metadata.get("order")))
    except ValueError:
        order = 10_000
    return order, page.title
