// Simulation time and its one formatter.
//
// All times in socsim are SimTime: milliseconds since the Unix epoch, UTC. The core never
// reads the wall clock; the simulation clock (sim/clock.h) is the only source of "now".
// Every timestamp shown to a trainee or written to a file goes through these functions so
// that the whole program prints time one way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace socsim {

using SimTime = std::int64_t;  // ms since 1970-01-01T00:00:00Z
using Millis = std::int64_t;   // a duration in ms

constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

// "2026-03-02 09:15:03.120" in the given offset from UTC (minutes), as log viewers show it.
std::string format_time(SimTime t, int utc_offset_minutes);
// "09:15:03" in the given offset: the compact form for the clock and timelines.
std::string format_clock(SimTime t, int utc_offset_minutes);
// "2026-03-02T09:15:03.120+09:00": ISO 8601 with the offset, for exports and reports.
std::string format_iso8601(SimTime t, int utc_offset_minutes);
// Seconds with fraction, as Zeek writes `ts`: "1772410503.120000".
std::string format_epoch_seconds(SimTime t);
// "2026-03-02-08-00-00" in the given offset: Zeek's #open/#close stamp and rotated file names.
std::string format_file_stamp(SimTime t, int utc_offset_minutes);
// "20261202-143731" in UTC: the stamp in the name of a damaged database set aside (calendar time).
std::string format_compact_stamp(SimTime t);
// A duration in seconds with six decimals, as Zeek writes an `interval`: "0.001263".
std::string format_seconds(std::int64_t micros);

// The same forms written in place, for exports that write millions of lines: no allocation.
// Each writes at `out` (room for kTimeTextMax chars) and returns the end of what it wrote.
constexpr std::size_t kTimeTextMax = 40;
char* write_epoch_seconds(char* out, SimTime t);
char* write_seconds(char* out, std::int64_t micros);
char* write_iso8601(char* out, SimTime t, int utc_offset_minutes);
// A duration for people: "45s", "7m 05s", "2h 03m".
std::string format_duration(Millis d);
// The same with tenths of a second under a minute ("0.4s", "59.8s"), for jitter and spreads that
// whole seconds would round to "0s".
std::string format_duration_tenths(Millis d);
// ISO 8601 for machines, as xAPI's result.duration takes it (to the hundredth of a second, which
// is all xAPI keeps): "PT1H2M3.25S", "PT0S". A negative duration is written as zero.
std::string format_iso8601_duration(Millis d);

// Parses "2026-03-02T08:30:00+09:00", "...Z" or "2026-03-02 08:30:00" (UTC). nullopt if malformed.
std::optional<SimTime> parse_iso8601(std::string_view text);
// A time as a person types it in a search, in local time at `utc_offset_minutes` unless it says
// its own offset: "2026-03-02 09:15", "2026-03-02T09:15:30.250", "2026-03-02" (the whole day),
// "2026-03-02T09:15:00+09:00". A bare time of day ("09:15", "9:15:30") is on the local day that
// holds `day_of`. `length` is what the written precision spans (a day, a minute, a second, a ms),
// so `time="2026-03-02 09:15"` can mean the whole minute. nullopt if malformed.
struct TimeSpan {
    SimTime start = 0;
    Millis length = 0;
};
std::optional<TimeSpan> parse_local_time(std::string_view text, int utc_offset_minutes, SimTime day_of);
// Parses a duration: "90s", "15m", "8h", "2d", "1h30m", or a bare number of seconds.
std::optional<Millis> parse_duration(std::string_view text);

// Local time of day in minutes [0, 1440) and day of week (0 = Monday) at offset.
int local_minute_of_day(SimTime t, int utc_offset_minutes);
int local_weekday(SimTime t, int utc_offset_minutes);

}  // namespace socsim
