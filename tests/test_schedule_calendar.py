"""Calendar arithmetic: months with month ends and leap years, working days around Dutch feestdagen."""

from __future__ import annotations

import datetime as dt

import pytest

from tendergen.schedule.calendar import (
    add_months,
    dutch_calendar,
    format_nl,
    months_between,
    quarter_end,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: February has 29 days
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # from a leap day to a common year
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 5, 31), -3, D(2024, 2, 29)),
        (D(2025, 1, 1), -3, D(2024, 10, 1)),
        (D(2024, 8, 31), 1, D(2024, 9, 30)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(1900, 1, 31), 1, D(1900, 2, 28)),  # 1900 is not a leap year
        (D(2000, 1, 31), 1, D(2000, 2, 29)),  # 2000 is
    ],
)
def test_add_months_clamps_to_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_months_between_counts_whole_months_and_days() -> None:
    assert months_between(D(2024, 1, 31), D(2024, 2, 29)) == (1, 0)
    assert months_between(D(2026, 5, 27), D(2027, 1, 1)) == (7, 5)
    assert months_between(D(2026, 3, 1), D(2026, 3, 1)) == (0, 0)


def test_koningsdag_is_not_a_working_day() -> None:
    calendar = dutch_calendar()
    assert not calendar.is_working_day(D(2026, 4, 27))  # Monday, Koningsdag
    assert calendar.describe(D(2026, 4, 27)) == "Koningsdag"
    # Friday 24 April 2026 + 1 working day skips the weekend and Koningsdag
    assert calendar.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)
    # Koningsdag 2025 fell on Saturday 26 April (27 April was a Sunday)
    assert calendar.describe(D(2025, 4, 26)) == "Koningsdag"


def test_hemelvaartsdag_and_the_equalised_friday_are_skipped() -> None:
    calendar = dutch_calendar()
    assert calendar.describe(D(2026, 5, 14)) == "Hemelvaartsdag"
    assert calendar.describe(D(2026, 5, 15)) == "Vrijdag na Hemelvaartsdag"  # gelijkgesteld (Atw art. 3 lid 3)
    # Wednesday 13 May 2026 + 1 working day: Thursday and Friday are off, then the weekend
    assert calendar.add_working_days(D(2026, 5, 13), 1) == D(2026, 5, 18)
    assert calendar.add_working_days(D(2026, 5, 18), -1) == D(2026, 5, 13)


def test_working_days_across_christmas_and_new_year() -> None:
    calendar = dutch_calendar()
    # Christmas 2026: Friday 25 and Saturday 26 December; 1 January 2027 is a Friday
    assert calendar.add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 24)
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert calendar.add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 4)
    # Christmas 2024: the Friday after Tweede Kerstdag was equalised
    assert calendar.add_working_days(D(2024, 12, 24), 1) == D(2024, 12, 30)
    assert calendar.describe(D(2024, 12, 27)) == "Vrijdag na Tweede Kerstdag"


def test_bevrijdingsdag_counts_every_year_not_only_in_lustrum_years() -> None:
    calendar = dutch_calendar()
    assert calendar.describe(D(2026, 5, 5)) == "Bevrijdingsdag"  # holidays lists it only every fifth year
    assert calendar.describe(D(2025, 5, 5)) == "Bevrijdingsdag"
    assert calendar.describe(D(2026, 4, 3)) == "Goede vrijdag"  # Atw art. 3 lid 2


def test_roll_forward_helpers() -> None:
    calendar = dutch_calendar()
    assert calendar.next_working_day(D(2026, 3, 14)) == D(2026, 3, 16)  # Saturday → Monday
    assert calendar.next_working_day(D(2026, 3, 16)) == D(2026, 3, 16)
    assert calendar.next_working_day(D(2026, 4, 3)) == D(2026, 4, 7)  # Goede Vrijdag, weekend, Tweede Paasdag
    assert calendar.previous_working_day(D(2026, 4, 6)) == D(2026, 4, 2)


def test_dutch_formats_and_quarters() -> None:
    assert format_nl(D(2026, 2, 1)) == "1 februari 2026"
    assert quarter_end(D(2026, 6, 17)) == D(2026, 6, 30)
    assert quarter_end(D(2024, 2, 10)) == D(2024, 3, 31)


def test_atw_art_2_a_period_of_three_days_holds_two_working_days() -> None:
    calendar = dutch_calendar()
    # from Thursday 24 December 2026: Friday and Saturday are Kerstdagen, Sunday a Sunday; art. 1 lid 1 gives
    # Monday 28 December, which leaves one working day in the period, so art. 2 runs it on to Tuesday 29
    end, notes = calendar.statutory_end(D(2026, 12, 24), D(2026, 12, 27))
    assert end == D(2026, 12, 29)
    assert notes == [
        "2026-12-27 is a zondag; Algemene termijnenwet art. 1 lid 1: 2026-12-28",
        "the period holds 1 working day(s); Algemene termijnenwet art. 2 (at least 2): 2026-12-29",
    ]
    # a period of two days is not extended by art. 2; a plain period ending on a working day is left alone
    assert calendar.statutory_end(D(2026, 12, 24), D(2026, 12, 26))[0] == D(2026, 12, 28)
    assert calendar.statutory_end(D(2026, 3, 2), D(2026, 3, 12)) == (D(2026, 3, 12), [])


def test_atw_in_force_since_april_1965() -> None:
    from tendergen.schedule.calendar import atw_data

    act = atw_data().act
    assert (act.in_force, act.roll_forward, act.min_working_days) == (
        D(1965, 4, 1),
        "Algemene termijnenwet art. 1 lid 1",
        "Algemene termijnenwet art. 2",
    )
    assert act.verified is False
