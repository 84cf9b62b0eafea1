"""What the service tests share: the history's kinds and a cause's valid answers."""


def kinds(case):
    return list(case.events.order_by("created_at", "id").values_list("kind", flat=True))


ANSWERS = {"order_number": "20261127001", "amount": "15.000", "period": "2026-10"}
