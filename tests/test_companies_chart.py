"""The server-rendered funding chart: order, currency and rounds without a figure."""

from datetime import date
from decimal import Decimal

from companies.charts import chronological, funding_chart, stage_rank
from companies.models import FundingRound


def round_(amount, currency, name="", usd=None, on=None, pk=None):
    return FundingRound(
        pk=pk,
        amount=Decimal(amount) if amount is not None else None,
        currency=currency,
        amount_usd=Decimal(usd) if usd is not None else None,
        round_name=name,
        announced_on=on,
    )


def test_rounds_without_dates_are_ordered_by_stage_unnamed_last():
    a, b, seed, unnamed = (
        round_(1, "USD", "Series A", pk=1),
        round_(1, "USD", "Series B+", pk=2),
        round_(1, "USD", "Seed", pk=3),
        round_(1, "USD", "", pk=4),
    )
    assert chronological([unnamed, b, a, seed]) == [seed, a, b, unnamed]
    assert stage_rank("Series B") < stage_rank("Series B+") < stage_rank("Series C")
    dated = round_(1, "USD", "", on=date(2020, 1, 1), pk=5)
    assert chronological([a, dated])[0] == dated


def test_one_currency_is_charted_as_is():
    chart = funding_chart(
        [round_(600_000_000, "CNY", "Series A"), round_(2_000_000_000, "CNY", usd=290_000_000)]
    )
    assert chart.currency == "CNY"
    small, big = chart.bars
    assert (small.label, big.label) == ("Series A", "Unnamed round")
    assert big.value == "2 billion yuan"
    assert big.y < small.y
    assert round(big.height / small.height, 2) == round(2000 / 600, 2)


def test_mixed_currencies_use_the_stated_usd_and_mark_the_rest():
    chart = funding_chart(
        [round_(600_000_000, "CNY", "Series A"), round_(20_000_000, "EUR", "Series B", usd=21e6)]
    )
    assert chart.currency == "USD"
    unknown, known = chart.bars
    assert (unknown.known, unknown.value) == (False, "n/a")
    assert known.value == "$21 million"
    assert "n/a" in chart.caption


def test_nothing_to_chart():
    assert funding_chart([]) is None
    assert funding_chart([round_(None, "", "Seed")]) is None
