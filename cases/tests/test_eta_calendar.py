"""The business calendar behind resolution times: pure arithmetic, no database.

Expected values are worked out by hand. Dates checked against holidays==0.109 and the
tz database: in 2026 Chile is UTC-3 until 2026-04-05 03:00 UTC (local 00:00 becomes
23:00 of the 4th, UTC-4) and UTC-3 again from 2026-09-06 04:00 UTC (local 00:00 becomes
01:00). Good Friday 2026-04-03 is a Chilean holiday; March 2026 has none.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cases.eta.calendar import BusinessCalendar, active_business_seconds, calendar_for

SANTIAGO = ZoneInfo("America/Santiago")
LIMA = ZoneInfo("America/Lima")
BOGOTA = ZoneInfo("America/Bogota")
MEXICO_CITY = ZoneInfo("America/Mexico_City")

CHILE = BusinessCalendar(country="CL", time_zone="America/Santiago")
PERU = BusinessCalendar(country="PE", time_zone="America/Lima")
COLOMBIA = BusinessCalendar(country="CO", time_zone="America/Bogota")
MEXICO = BusinessCalendar(country="MX", time_zone="America/Mexico_City")

HOUR = 3600
DAY = 9 * HOUR  # 09:00-18:00


def santiago(*args: int) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


class TestBusinessSecondsBetween:
    def test_counts_the_time_inside_one_working_day(self):
        # Tuesday 10:00 to 12:30.
        start, end = santiago(2026, 3, 10, 10), santiago(2026, 3, 10, 12, 30)
        assert CHILE.business_seconds_between(start, end) == 9000

    def test_is_zero_when_the_end_is_not_after_the_start(self):
        moment = santiago(2026, 3, 10, 10)
        assert CHILE.business_seconds_between(moment, moment) == 0
        assert CHILE.business_seconds_between(moment, santiago(2026, 3, 10, 9)) == 0

    def test_ignores_the_time_before_opening_and_after_closing(self):
        # Tuesday 07:00 to 21:00 is one whole business day.
        start, end = santiago(2026, 3, 10, 7), santiago(2026, 3, 10, 21)
        assert CHILE.business_seconds_between(start, end) == DAY

    def test_skips_the_night_across_midnight(self):
        # Tuesday 17:00-18:00 and Wednesday 09:00-10:00.
        start, end = santiago(2026, 3, 10, 17), santiago(2026, 3, 11, 10)
        assert CHILE.business_seconds_between(start, end) == 2 * HOUR

    def test_skips_the_weekend(self):
        # Friday 17:00-18:00 and Monday 09:00-10:00.
        start, end = santiago(2026, 3, 13, 17), santiago(2026, 3, 16, 10)
        assert CHILE.business_seconds_between(start, end) == 2 * HOUR

    def test_a_whole_week_is_five_business_days(self):
        assert CHILE.business_seconds_between(santiago(2026, 3, 9), santiago(2026, 3, 16)) == 162000

    def test_a_weekend_has_no_business_time(self):
        assert CHILE.business_seconds_between(santiago(2026, 3, 14), santiago(2026, 3, 16)) == 0

    def test_reads_utc_instants_in_the_calendars_local_time(self):
        # 12:00-15:00 UTC is 09:00-12:00 in Santiago (UTC-3 in March).
        start = datetime(2026, 3, 10, 12, tzinfo=UTC)
        end = datetime(2026, 3, 10, 15, tzinfo=UTC)
        assert CHILE.business_seconds_between(start, end) == 3 * HOUR

    def test_reads_instants_of_another_time_zone_in_the_calendars_local_time(self):
        # 07:00 in Lima (UTC-5) is 09:00 in Santiago; 10:00 in Lima is 12:00 in Santiago.
        start = datetime(2026, 3, 10, 7, tzinfo=LIMA)
        end = datetime(2026, 3, 10, 10, tzinfo=LIMA)
        assert CHILE.business_seconds_between(start, end) == 3 * HOUR

    def test_rounds_fractions_of_a_second_down(self):
        start = santiago(2026, 3, 10, 10, 0, 0, 500000)
        assert CHILE.business_seconds_between(start, santiago(2026, 3, 10, 10, 0, 2)) == 1


class TestAddBusinessSeconds:
    def test_zero_seconds_returns_the_start_itself(self):
        start = datetime(2026, 3, 14, 23, tzinfo=UTC)
        assert CHILE.add_business_seconds(start, 0) is start

    def test_stays_within_one_working_day(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 10, 10), 2 * HOUR) == santiago(
            2026, 3, 10, 12
        )

    def test_an_amount_that_fills_the_day_ends_at_closing_time(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 10, 17), HOUR) == santiago(
            2026, 3, 10, 18
        )

    def test_continues_the_next_morning(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 10, 17), 2 * HOUR) == santiago(
            2026, 3, 11, 10
        )

    def test_two_hours_from_friday_1700_end_on_monday_at_1000(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 13, 17), 2 * HOUR) == santiago(
            2026, 3, 16, 10
        )

    def test_starting_before_opening_counts_from_opening(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 10, 7, 30), HOUR) == santiago(
            2026, 3, 10, 10
        )

    def test_starting_after_closing_counts_from_the_next_opening(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 10, 19), HOUR) == santiago(
            2026, 3, 11, 10
        )

    def test_starting_on_saturday_night_counts_from_monday_opening(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 14, 23), HOUR) == santiago(
            2026, 3, 16, 10
        )

    def test_five_business_days_from_monday_opening_end_on_friday_closing(self):
        assert CHILE.add_business_seconds(santiago(2026, 3, 9, 9), 5 * DAY) == santiago(
            2026, 3, 13, 18
        )

    def test_one_second_more_than_a_full_week_ends_on_monday_just_after_opening(self):
        result = CHILE.add_business_seconds(santiago(2026, 3, 9, 9), 5 * DAY + 1)
        assert result == santiago(2026, 3, 16, 9, 0, 1)

    def test_returns_the_calendars_local_time_for_a_utc_start(self):
        # 12:00 UTC is 09:00 in Santiago; one hour later it is 10:00 there, UTC-3.
        result = CHILE.add_business_seconds(datetime(2026, 3, 10, 12, tzinfo=UTC), HOUR)
        assert result == santiago(2026, 3, 10, 10)
        assert result.tzinfo == SANTIAGO
        assert (result.hour, result.utcoffset().total_seconds()) == (10, -3 * HOUR)

    def test_rejects_a_negative_amount(self):
        with pytest.raises(ValueError, match="negative"):
            CHILE.add_business_seconds(santiago(2026, 3, 10, 10), -1)


class TestNationalHolidays:
    @pytest.mark.parametrize(
        ("calendar", "day"),
        [
            (CHILE, date(2026, 9, 18)),  # Fiestas Patrias: Independence Day (Friday)
            (CHILE, date(2026, 9, 19)),  # Glorias del Ejército (Saturday)
            (PERU, date(2026, 7, 28)),  # Fiestas Patrias
            (PERU, date(2026, 7, 29)),
            (COLOMBIA, date(2026, 1, 12)),  # Reyes, moved from Tuesday the 6th to Monday
            (MEXICO, date(2026, 2, 2)),  # Constitución, first Monday of February
        ],
    )
    def test_a_national_holiday_is_not_a_business_day(self, calendar, day):
        assert calendar.is_holiday(day)
        assert not calendar.is_business_day(day)

    @pytest.mark.parametrize(
        ("calendar", "day"),
        [
            (COLOMBIA, date(2026, 1, 6)),  # Reyes is observed on the following Monday
            (MEXICO, date(2026, 2, 5)),  # Constitución is observed on the first Monday
            (CHILE, date(2026, 9, 17)),
        ],
    )
    def test_the_day_a_holiday_was_moved_from_is_a_business_day(self, calendar, day):
        assert not calendar.is_holiday(day)
        assert calendar.is_business_day(day)

    def test_a_weekend_day_that_is_no_holiday_is_not_a_business_day(self):
        assert not CHILE.is_holiday(date(2026, 3, 14))
        assert not CHILE.is_business_day(date(2026, 3, 14))

    def test_chilean_fiestas_patrias_are_skipped(self):
        # Thursday 17:00-18:00, Friday 18th holiday, weekend, Monday 09:00-10:00.
        start, end = santiago(2026, 9, 17, 17), santiago(2026, 9, 21, 10)
        assert CHILE.business_seconds_between(start, end) == 2 * HOUR
        assert CHILE.add_business_seconds(start, 2 * HOUR) == end

    def test_peruvian_fiestas_patrias_are_skipped(self):
        # Monday 17:00-18:00, Tuesday 28th and Wednesday 29th holidays, Thursday 09:00-10:00.
        start, end = datetime(2026, 7, 27, 17, tzinfo=LIMA), datetime(2026, 7, 30, 10, tzinfo=LIMA)
        assert PERU.business_seconds_between(start, end) == 2 * HOUR
        assert PERU.add_business_seconds(start, 2 * HOUR) == end

    def test_a_colombian_holiday_moved_to_monday_is_skipped(self):
        start = datetime(2026, 1, 9, 17, tzinfo=BOGOTA)  # Friday
        end = datetime(2026, 1, 13, 10, tzinfo=BOGOTA)  # Tuesday
        assert COLOMBIA.business_seconds_between(start, end) == 2 * HOUR
        assert COLOMBIA.add_business_seconds(start, 2 * HOUR) == end

    def test_the_mexican_constitution_day_monday_is_skipped(self):
        start = datetime(2026, 1, 30, 17, tzinfo=MEXICO_CITY)  # Friday
        end = datetime(2026, 2, 3, 10, tzinfo=MEXICO_CITY)  # Tuesday
        assert MEXICO.business_seconds_between(start, end) == 2 * HOUR
        assert MEXICO.add_business_seconds(start, 2 * HOUR) == end


class TestDaylightSavingTime:
    """Working hours stay 09:00-18:00 on the local clock when the offset changes."""

    def test_chile_falling_back_in_april_moves_monday_opening_to_1300_utc(self):
        # Thursday 2026-04-02 17:00 UTC-3 is 20:00 UTC; Good Friday is a holiday; the clocks
        # go back on Saturday night; Monday 10:00 UTC-4 is 14:00 UTC.
        start, end = datetime(2026, 4, 2, 20, tzinfo=UTC), datetime(2026, 4, 6, 14, tzinfo=UTC)
        assert CHILE.business_seconds_between(start, end) == 2 * HOUR
        assert CHILE.add_business_seconds(start, 2 * HOUR) == end
        assert CHILE.next_business_moment(santiago(2026, 4, 4, 12)) == datetime(
            2026, 4, 6, 13, tzinfo=UTC
        )

    def test_chile_springing_forward_in_september_moves_monday_opening_to_1200_utc(self):
        # Friday 2026-09-04 17:00 UTC-4 is 21:00 UTC; the clocks go forward on Sunday at
        # midnight; Monday 10:00 UTC-3 is 13:00 UTC.
        start, end = datetime(2026, 9, 4, 21, tzinfo=UTC), datetime(2026, 9, 7, 13, tzinfo=UTC)
        assert CHILE.business_seconds_between(start, end) == 2 * HOUR
        assert CHILE.add_business_seconds(start, 2 * HOUR) == end
        assert CHILE.next_business_moment(santiago(2026, 9, 5, 12)) == datetime(
            2026, 9, 7, 12, tzinfo=UTC
        )

    def test_an_opening_time_skipped_by_the_clocks_counts_only_the_hours_that_exist(self):
        # Open 00:00-12:00 every day: on Sunday 2026-09-06 local midnight does not exist,
        # the day starts at 01:00 UTC-3 (04:00 UTC) and closes at 12:00 UTC-3 (15:00 UTC).
        always_open = BusinessCalendar(
            country="CL",
            time_zone="America/Santiago",
            workdays=frozenset(range(7)),
            day_start=time(0, 0),
            day_end=time(12, 0),
        )
        start, end = datetime(2026, 9, 6, tzinfo=UTC), datetime(2026, 9, 7, tzinfo=UTC)
        assert always_open.business_seconds_between(start, end) == 11 * HOUR

    def test_mexico_city_has_no_shift_since_2022(self):
        # Monday opening is 09:00 UTC-6 = 15:00 UTC in winter and in summer alike.
        assert MEXICO.next_business_moment(datetime(2026, 1, 10, 12, tzinfo=MEXICO_CITY)) == (
            datetime(2026, 1, 12, 15, tzinfo=UTC)
        )
        assert MEXICO.next_business_moment(datetime(2026, 7, 4, 12, tzinfo=MEXICO_CITY)) == (
            datetime(2026, 7, 6, 15, tzinfo=UTC)
        )


class TestBetweenAndAddAreInverse:
    @pytest.mark.parametrize(
        ("start", "seconds"),
        [
            (santiago(2026, 3, 10, 10), HOUR),
            (santiago(2026, 3, 13, 17, 30), DAY),
            (santiago(2026, 3, 14, 12), 1),
            (santiago(2026, 4, 2, 12), 3 * DAY),  # Good Friday and the April clock change
            (datetime(2026, 9, 4, 16, tzinfo=UTC), 100_000),  # the September clock change
            (santiago(2026, 9, 17, 17, 59, 59), 2),  # Fiestas Patrias
        ],
    )
    def test_counting_up_to_the_added_instant_gives_back_the_amount(self, start, seconds):
        assert CHILE.business_seconds_between(
            start, CHILE.add_business_seconds(start, seconds)
        ) == (seconds)

    @pytest.mark.parametrize(
        ("start", "end"),
        [
            (santiago(2026, 3, 10, 7), santiago(2026, 3, 10, 9, 0, 1)),
            (santiago(2026, 3, 13, 17), santiago(2026, 3, 16, 10)),
            (santiago(2026, 3, 30, 11), santiago(2026, 4, 8, 15, 45)),
        ],
    )
    def test_adding_the_counted_amount_reaches_an_end_inside_working_hours(self, start, end):
        assert CHILE.add_business_seconds(start, CHILE.business_seconds_between(start, end)) == end


class TestNextBusinessMoment:
    def test_inside_working_hours_is_the_same_instant(self):
        assert CHILE.next_business_moment(datetime(2026, 3, 10, 15, tzinfo=UTC)) == santiago(
            2026, 3, 10, 12
        )

    def test_opening_time_is_already_inside_working_hours(self):
        assert CHILE.next_business_moment(santiago(2026, 3, 10, 9)) == santiago(2026, 3, 10, 9)

    def test_closing_time_is_outside_working_hours(self):
        assert CHILE.next_business_moment(santiago(2026, 3, 10, 18)) == santiago(2026, 3, 11, 9)

    def test_friday_night_moves_to_monday_opening(self):
        assert CHILE.next_business_moment(santiago(2026, 3, 13, 22)) == santiago(2026, 3, 16, 9)

    def test_a_holiday_moves_to_the_next_business_day(self):
        assert CHILE.next_business_moment(santiago(2026, 9, 18, 11)) == santiago(2026, 9, 21, 9)

    def test_the_result_is_in_the_calendars_time_zone(self):
        assert CHILE.next_business_moment(datetime(2026, 3, 10, 15, tzinfo=UTC)).tzinfo == SANTIAGO


class TestActiveBusinessSeconds:
    """From Monday 2026-03-09 09:00 to Wednesday 18:00: three business days, 97200 s."""

    START = santiago(2026, 3, 9, 9)
    END = santiago(2026, 3, 11, 18)

    def active(self, *pauses):
        return active_business_seconds(CHILE, self.START, self.END, pauses)

    def test_without_pauses_is_all_the_business_time(self):
        assert self.active() == 97200

    def test_one_pause_is_subtracted(self):
        assert self.active((santiago(2026, 3, 9, 12), santiago(2026, 3, 9, 14))) == 90000

    def test_a_pause_overnight_subtracts_only_its_business_time(self):
        # Monday 17:00-18:00 and Tuesday 09:00-10:00.
        assert self.active((santiago(2026, 3, 9, 17), santiago(2026, 3, 10, 10))) == 90000

    def test_overlapping_pauses_count_once(self):
        # 12:00-14:00 and 13:00-15:00 pause the clock from 12:00 to 15:00.
        pauses = [
            (santiago(2026, 3, 9, 13), santiago(2026, 3, 9, 15)),
            (datetime(2026, 3, 9, 15, tzinfo=UTC), datetime(2026, 3, 9, 17, tzinfo=UTC)),
        ]
        assert self.active(*pauses) == 86400

    def test_a_pause_inside_another_counts_once(self):
        pauses = [
            (santiago(2026, 3, 10, 10), santiago(2026, 3, 10, 16)),
            (santiago(2026, 3, 10, 11), santiago(2026, 3, 10, 12)),
        ]
        assert self.active(*pauses) == 75600

    def test_a_pause_still_open_lasts_until_the_end(self):
        # Paused since Wednesday 16:00: the last two hours do not count.
        assert self.active((santiago(2026, 3, 11, 16), None)) == 90000

    def test_a_pause_outside_the_interval_changes_nothing(self):
        before = (santiago(2026, 3, 6, 10), santiago(2026, 3, 6, 12))
        after = (santiago(2026, 3, 12, 10), santiago(2026, 3, 12, 12))
        assert self.active(before, after) == 97200

    def test_a_pause_reaching_back_before_the_start_is_cut_at_the_start(self):
        # From Sunday 10:00 to Monday 10:00 only Monday 09:00-10:00 is business time.
        assert self.active((santiago(2026, 3, 8, 10), santiago(2026, 3, 9, 10))) == 93600

    def test_is_zero_for_an_empty_interval(self):
        assert active_business_seconds(CHILE, self.END, self.START, []) == 0


class TestCalendarFor:
    def test_uses_the_default_working_hours(self):
        calendar = calendar_for("CL", "America/Santiago")
        assert calendar == BusinessCalendar(country="CL", time_zone="America/Santiago")
        assert calendar.seconds_per_day == 32400

    def test_honours_the_business_hours_setting(self, settings):
        settings.BUSINESS_HOURS = {"workdays": [0, 1, 2, 3, 4, 5], "start": "08:30", "end": "13:00"}
        calendar = calendar_for("PE", "America/Lima")
        assert calendar.workdays == frozenset({0, 1, 2, 3, 4, 5})
        assert (calendar.day_start, calendar.day_end) == (time(8, 30), time(13, 0))
        assert calendar.seconds_per_day == 16200
        # Saturday 2026-03-14 08:00 plus one hour is 09:30 that same Saturday.
        assert calendar.add_business_seconds(datetime(2026, 3, 14, 8, tzinfo=LIMA), HOUR) == (
            datetime(2026, 3, 14, 9, 30, tzinfo=LIMA)
        )

    def test_returns_the_same_object_for_the_same_arguments(self):
        assert calendar_for("CO", "America/Bogota") is calendar_for("CO", "America/Bogota")


class TestBusinessDaysCeil:
    @pytest.mark.parametrize(
        ("seconds", "days"),
        [(-5, 0), (0, 0), (1, 1), (32400, 1), (32401, 2), (3 * 32400, 3)],
    )
    def test_rounds_up_to_whole_business_days(self, seconds, days):
        assert CHILE.business_days_ceil(seconds) == days

    def test_uses_the_length_of_the_calendars_day(self):
        short_days = BusinessCalendar(
            country="CL", time_zone="America/Santiago", day_start=time(9), day_end=time(13)
        )
        assert short_days.seconds_per_day == 14400
        assert short_days.business_days_ceil(32400) == 3


class TestBusinessCalendarValidation:
    def test_rejects_naive_datetimes(self):
        naive = datetime(2026, 3, 10, 10)  # noqa: DTZ001 (naive on purpose)
        with pytest.raises(ValueError, match="aware"):
            CHILE.business_seconds_between(naive, santiago(2026, 3, 10, 12))

    def test_rejects_a_day_that_ends_before_it_starts(self):
        with pytest.raises(ValueError, match="day_end"):
            BusinessCalendar(
                country="CL", time_zone="America/Santiago", day_start=time(18), day_end=time(9)
            )

    def test_rejects_a_week_without_workdays(self):
        with pytest.raises(ValueError, match="workdays"):
            BusinessCalendar(country="CL", time_zone="America/Santiago", workdays=frozenset())

    def test_rejects_an_unknown_country(self):
        with pytest.raises(ValueError, match="country"):
            BusinessCalendar(country="XX", time_zone="America/Santiago")

    def test_rejects_an_unknown_time_zone(self):
        with pytest.raises(KeyError):
            BusinessCalendar(country="CL", time_zone="America/Atlantis")
