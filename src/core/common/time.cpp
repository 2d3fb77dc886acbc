// The one time formatter and parser of socsim (see time.h). Civil-date conversion uses
// Howard Hinnant's public-domain days-from-civil algorithm, written out here for int64 days.
#include "core/common/time.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace socsim {
namespace {

struct Civil {
    int year, month, day, hour, minute, second, millis;
};

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Civil civil_from_ms(SimTime t) {
    std::int64_t days = t >= 0 ? t / kDay : -((-t + kDay - 1) / kDay);
    std::int64_t rem = t - days * kDay;
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    Civil c{};
    c.year = static_cast<int>(y);
    c.month = static_cast<int>(m);
    c.day = static_cast<int>(d);
    c.hour = static_cast<int>(rem / kHour);
    c.minute = static_cast<int>(rem % kHour / kMinute);
    c.second = static_cast<int>(rem % kMinute / kSecond);
    c.millis = static_cast<int>(rem % kSecond);
    return c;
}

// `value` as exactly `width` decimal digits, zero-padded (the value must fit).
char* write_digits(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

// So that 2026-02-30 is refused instead of quietly read as 2 March.
int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size()) return false;
    for (std::size_t i = pos; i < pos + len; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return true;
}

// ":SS" and an optional ".fff..." at `pos` (milliseconds from the first three digits).
// Advances `pos`; false when malformed. `fraction` says whether a fraction was written.
bool read_seconds(std::string_view s, std::size_t& pos, int& sec, int& ms, bool& fraction) {
    if (!read_int(s, pos + 1, 2, sec)) return false;
    pos += 3;
    fraction = false;
    if (pos < s.size() && s[pos] == '.') {
        std::size_t digits = 0;
        ++pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
            if (digits < 3) ms = ms * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return false;
        for (std::size_t i = digits; i < 3; ++i) ms *= 10;
        fraction = true;
    }
    return true;
}

}  // namespace

std::string format_time(SimTime t, int utc_offset_minutes) {
    const Civil c = civil_from_ms(t + utc_offset_minutes * kMinute);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", c.year, c.month, c.day, c.hour,
                  c.minute, c.second, c.millis);
    return buf;
}

std::string format_clock(SimTime t, int utc_offset_minutes) {
    const Civil c = civil_from_ms(t + utc_offset_minutes * kMinute);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", c.hour, c.minute, c.second);
    return buf;
}

std::string format_iso8601(SimTime t, int utc_offset_minutes) {
    char buf[kTimeTextMax];
    return std::string(buf, write_iso8601(buf, t, utc_offset_minutes));
}

std::string format_epoch_seconds(SimTime t) {
    char buf[kTimeTextMax];
    return std::string(buf, write_epoch_seconds(buf, t));
}

std::string format_seconds(std::int64_t micros) {
    char buf[kTimeTextMax];
    return std::string(buf, write_seconds(buf, micros));
}

std::string format_file_stamp(SimTime t, int utc_offset_minutes) {
    const Civil c = civil_from_ms(t + utc_offset_minutes * kMinute);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d-%02d-%02d-%02d", c.year, c.month, c.day, c.hour, c.minute,
                  c.second);
    return buf;
}

std::string format_compact_stamp(SimTime t) {
    const Civil c = civil_from_ms(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d-%02d%02d%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
}

char* write_seconds(char* out, std::int64_t micros) {
    if (micros < 0) {
        *out++ = '-';
        micros = -micros;
    }
    out = std::to_chars(out, out + 20, micros / 1000000).ptr;
    *out++ = '.';
    return write_digits(out, static_cast<unsigned>(micros % 1000000), 6);
}

char* write_epoch_seconds(char* out, SimTime t) {
    // Whole milliseconds: the last three of Zeek's six decimals are always 0.
    const std::int64_t secs = t >= 0 ? t / kSecond : -((-t + kSecond - 1) / kSecond);
    if (secs < 0) {
        *out++ = '-';
        out = std::to_chars(out, out + 20, -secs).ptr;
    } else {
        out = std::to_chars(out, out + 20, secs).ptr;
    }
    *out++ = '.';
    out = write_digits(out, static_cast<unsigned>(t - secs * kSecond), 3);
    std::memcpy(out, "000", 3);
    return out + 3;
}

char* write_iso8601(char* out, SimTime t, int utc_offset_minutes) {
    const Civil c = civil_from_ms(t + utc_offset_minutes * kMinute);
    out = write_digits(out, static_cast<unsigned>(c.year), 4);
    *out++ = '-';
    out = write_digits(out, static_cast<unsigned>(c.month), 2);
    *out++ = '-';
    out = write_digits(out, static_cast<unsigned>(c.day), 2);
    *out++ = 'T';
    out = write_digits(out, static_cast<unsigned>(c.hour), 2);
    *out++ = ':';
    out = write_digits(out, static_cast<unsigned>(c.minute), 2);
    *out++ = ':';
    out = write_digits(out, static_cast<unsigned>(c.second), 2);
    *out++ = '.';
    out = write_digits(out, static_cast<unsigned>(c.millis), 3);
    if (utc_offset_minutes == 0) {
        *out++ = 'Z';
        return out;
    }
    const int off = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
    *out++ = utc_offset_minutes < 0 ? '-' : '+';
    out = write_digits(out, static_cast<unsigned>(off / 60), 2);
    *out++ = ':';
    return write_digits(out, static_cast<unsigned>(off % 60), 2);
}

std::string format_duration(Millis d) {
    const bool negative = d < 0;
    if (negative) d = -d;
    const std::int64_t s = d / kSecond;
    char buf[48];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%lldm %02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lldh %02lldm", static_cast<long long>(s / 3600),
                      static_cast<long long>(s % 3600 / 60));
    std::string text = negative ? "-" : "";  // appended, not "-" + string: GCC 12 -O3 warns falsely on that
    text += buf;
    return text;
}

std::string format_duration_tenths(Millis d) {
    if (d <= -kMinute || d >= kMinute) return format_duration(d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(d) / 1000.0);
    return buf;
}

std::string format_iso8601_duration(Millis d) {
    if (d < 0) d = 0;
    const std::int64_t centis = (d + 5) / 10;
    const std::int64_t hours = centis / 360000;
    const std::int64_t minutes = centis / 6000 % 60;
    const std::int64_t seconds = centis / 100 % 60;
    const std::int64_t hundredths = centis % 100;
    std::string text = "PT";
    if (hours > 0) text += std::to_string(hours) + "H";
    if (minutes > 0) text += std::to_string(minutes) + "M";
    if (seconds > 0 || hundredths > 0 || (hours == 0 && minutes == 0)) {
        text += std::to_string(seconds);
        if (hundredths > 0) {
            char frac[8];
            std::snprintf(frac, sizeof frac, ".%02lld", static_cast<long long>(hundredths));
            std::string f = frac;
            while (f.back() == '0') f.pop_back();
            text += f;
        }
        text += "S";
    }
    return text;
}

std::optional<SimTime> parse_iso8601(std::string_view s) {
    // YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM]
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    if (!read_int(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
        !read_int(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !read_int(s, 11, 2, h) || s[13] != ':' ||
        !read_int(s, 14, 2, mi))
        return std::nullopt;
    std::size_t pos = 16;
    bool fraction = false;
    if (pos < s.size() && s[pos] == ':' && !read_seconds(s, pos, sec, ms, fraction)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    int offset = 0;
    if (pos < s.size()) {
        if (s[pos] == 'Z' && pos + 1 == s.size()) {
            offset = 0;
        } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
            int oh, om;
            if (!read_int(s, pos + 1, 2, oh) || !read_int(s, pos + 4, 2, om) || oh > 14 || om > 59)
                return std::nullopt;
            offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
    }
    const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    return days * kDay + h * kHour + mi * kMinute + sec * kSecond + ms - offset * kMinute;
}

std::optional<Millis> parse_duration(std::string_view s) {
    if (s.empty()) return std::nullopt;
    Millis total = 0;
    std::size_t pos = 0;
    bool any = false;
    while (pos < s.size()) {
        std::size_t start = pos;
        while (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '.')) ++pos;
        if (pos == start) return std::nullopt;
        double number = 0;
        auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + pos, number);
        if (ec != std::errc() || ptr != s.data() + pos) return std::nullopt;
        Millis unit = kSecond;
        if (pos < s.size()) {
            if (s.substr(pos, 2) == "ms") {
                unit = 1;
                pos += 2;
            } else {
                switch (s[pos]) {
                    case 's': unit = kSecond; break;
                    case 'm': unit = kMinute; break;
                    case 'h': unit = kHour; break;
                    case 'd': unit = kDay; break;
                    default: return std::nullopt;
                }
                ++pos;
            }
        } else if (any) {
            return std::nullopt;  // "1h30" is ambiguous
        }
        // Anything past about a century is a typo; refusing it also keeps the conversion defined.
        const double ms = number * static_cast<double>(unit);
        if (ms > 100.0 * 366 * static_cast<double>(kDay) || static_cast<double>(total) + ms > 100.0 * 366 * static_cast<double>(kDay))
            return std::nullopt;
        total += static_cast<Millis>(ms + 0.5);
        any = true;
    }
    return total;
}

std::optional<TimeSpan> parse_local_time(std::string_view s, int utc_offset_minutes, SimTime day_of) {
    // [YYYY-MM-DD][( |T)H[H]:MM[:SS[.fff]]][Z|+HH:MM|-HH:MM]
    std::size_t pos = 0;
    std::int64_t days = 0;
    Millis length = kDay;
    bool dated = false;
    int y = 0, mo = 0, d = 0;
    if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
        if (!read_int(s, 0, 4, y) || !read_int(s, 5, 2, mo) || !read_int(s, 8, 2, d) || mo < 1 || mo > 12 || d < 1 ||
            d > days_in_month(y, mo))
            return std::nullopt;
        days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
        dated = true;
        pos = 10;
        if (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) ++pos;
        else if (pos < s.size()) return std::nullopt;
    }
    Millis of_day = 0;
    if (pos < s.size()) {
        int h = 0, mi = 0, sec = 0, ms = 0;
        const std::size_t hour_digits = pos + 1 < s.size() && s[pos + 1] == ':' ? 1 : 2;
        if (!read_int(s, pos, hour_digits, h)) return std::nullopt;
        pos += hour_digits;
        if (pos >= s.size() || s[pos] != ':' || !read_int(s, pos + 1, 2, mi)) return std::nullopt;
        pos += 3;
        length = kMinute;
        if (pos < s.size() && s[pos] == ':') {
            bool fraction = false;
            if (!read_seconds(s, pos, sec, ms, fraction)) return std::nullopt;
            length = fraction ? 1 : kSecond;
        }
        if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
        of_day = h * kHour + mi * kMinute + sec * kSecond + ms;
    }
    if (!dated && pos == 0) return std::nullopt;  // nothing was written
    int offset = utc_offset_minutes;
    if (pos < s.size()) {
        if (!dated) return std::nullopt;  // an offset needs a date to make sense
        if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
            offset = 0;
        } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
            int oh, om;
            if (!read_int(s, pos + 1, 2, oh) || !read_int(s, pos + 4, 2, om) || oh > 14 || om > 59) return std::nullopt;
            offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
    }
    if (!dated) {
        const SimTime local = day_of + utc_offset_minutes * kMinute;
        days = local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
    }
    return TimeSpan{days * kDay + of_day - offset * kMinute, length};
}

int local_minute_of_day(SimTime t, int utc_offset_minutes) {
    const Civil c = civil_from_ms(t + utc_offset_minutes * kMinute);
    return c.hour * 60 + c.minute;
}

int local_weekday(SimTime t, int utc_offset_minutes) {
    const SimTime local = t + utc_offset_minutes * kMinute;
    const std::int64_t days = local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

}  // namespace socsim
