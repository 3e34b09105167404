"""The funding chart on a company page: bar geometry computed here, drawn as inline SVG by
``companies/_funding_chart.html``. No JavaScript, nothing from a CDN."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .models import money_display

WIDTH, HEIGHT = 560, 200
TOP, BOTTOM, LEFT = 24, 44, 8  # room for value labels above and round labels below


def stage_rank(round_name: str) -> float:
    """Where a round sits in a company's life, for ordering rounds without dates. An unnamed
    round counts as the latest: stories name the earlier rounds when they recount them."""
    name = round_name.strip().lower()
    if not name:
        return 50.0
    series = re.match(r"(pre-)?series ([a-h])(\+|\d)?", name)
    if series:
        rank = 3.0 + ord(series.group(2)) - ord("a")
        if series.group(1):
            rank -= 0.5
        if series.group(3):
            rank += 0.25
        return rank
    return {"pre-seed": 0.0, "seed": 1.0, "angel": 1.0, "bridge": 30.0, "growth": 30.0}.get(
        name, 40.0 if "ipo" in name else 30.0
    )


def chronological(rounds):
    """Rounds oldest first: by date where known, then by stage."""
    return sorted(
        rounds,
        key=lambda r: (
            r.announced_on.toordinal() if r.announced_on else 10**7,
            stage_rank(r.round_name),
            r.pk or 0,
        ),
    )


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the round, under the bar
    value: str  # the amount, above the bar
    known: bool  # False: no amount in the chart's currency (drawn as a stub)

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round(self.y - 6, 1)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    currency: str
    bars: list[Bar]
    caption: str

    @property
    def label_y(self) -> float:
        return self.baseline + 18


def funding_chart(rounds) -> Chart | None:
    """A bar per round, oldest left. Amounts in the rounds' own currency when they share one,
    else in the USD equivalents the stories give; a round without one is a labelled stub."""
    rounds = chronological(rounds)
    if not rounds:
        return None
    currencies = {r.currency for r in rounds if r.amount is not None}
    if len(currencies) == 1:
        currency = currencies.pop()
        values = [r.amount for r in rounds]
    else:
        currency = "USD"
        values = [r.amount_usd for r in rounds]
    known = [v for v in values if v is not None]
    if not known:
        return None
    top = max(known) or Decimal(1)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - 2 * LEFT) / len(rounds)
    bar_width = min(72.0, slot * 0.6)
    bars = []
    for i, (round_, value) in enumerate(zip(rounds, values, strict=True)):
        height = float(value / top) * plot_height if value is not None else 4.0
        height = max(height, 2.0)
        x = LEFT + i * slot + (slot - bar_width) / 2
        label = round_.round_name or "Unnamed round"
        if round_.announced_on:
            label += f" · {round_.announced_on.year}"
        minimum = round_.amount_is_minimum and currency == round_.currency
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                label=label,
                value=money_display(value, currency, minimum=minimum) if value else "n/a",
                known=value is not None,
            )
        )
    caption = f"Funding rounds, oldest first, in {currency}"
    if currency == "USD" and len(known) < len(values):
        caption += " (as the stories state it; rounds without a dollar figure marked n/a)"
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        baseline=TOP + plot_height,
        currency=currency,
        bars=bars,
        caption=caption + ".",
    )
