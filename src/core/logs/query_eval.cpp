// Evaluates a Query over a LogStore (see query.h): the search in chunks, the commands that can
// keep up with arriving records as they arrive, the others when results are asked for.
//
// [SECTION] Dense codes        raw values -> small integers, so stats can count in arrays
// [SECTION] Stats              grouping and aggregation, counts in a grid when they fit
// [SECTION] Ordering           sort keys of fields and columns (text by rank, numbers by value)
// [SECTION] Table              the commands after stats, then the cells
// [SECTION] Rows               the commands before stats
// [SECTION] QueryRun           chunked, incremental evaluation
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/logs/query.h"

namespace socsim::logs {
namespace {

constexpr std::size_t kChunk = 65536;             // records evaluated between stage updates
constexpr std::size_t kMaxGridCells = 1u << 23;  // 32 MiB of counters at most

std::string number_text(double v) {
    if (std::isnan(v)) return "";
    char buf[64];
    if (std::floor(v) == v && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.2f", v);
        std::string s(buf);
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
    return buf;
}

// A made-up record of `source` holding one raw value, so the Renderer can show it.
Event holding(Source source) {
    Event e;
    e.source = source;
    return e;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Dense codes
// ---------------------------------------------------------------------------------------------

// Numbers the distinct values it is shown, 0, 1, 2... in order of first sight (open addressing).
class Densifier {
public:
    // Room for `n` more values without growing (then code() needs no check per value).
    void make_room(std::size_t n) {
        while ((values_.size() + n) * 2 > slots_.size()) grow();
    }
    std::uint32_t code(std::int64_t v) {
        std::size_t h = hash(v) & (slots_.size() - 1);
        while (true) {
            const std::uint32_t c = slots_[h];
            if (c == kEmpty) {
                slots_[h] = static_cast<std::uint32_t>(values_.size());
                values_.push_back(v);
                return slots_[h];
            }
            if (values_[c] == v) return c;
            h = (h + 1) & (slots_.size() - 1);
        }
    }
    std::int64_t value(std::uint32_t code) const { return values_[code]; }
    std::size_t size() const { return values_.size(); }

private:
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;
    static std::size_t hash(std::int64_t v) {
        std::uint64_t x = static_cast<std::uint64_t>(v) * 0x9E3779B97F4A7C15ull;
        return static_cast<std::size_t>(x ^ (x >> 29));
    }
    void grow() {
        std::vector<std::uint32_t> next(std::max<std::size_t>(64, slots_.size() * 2), kEmpty);
        for (std::uint32_t c = 0; c < values_.size(); ++c) {
            std::size_t h = hash(values_[c]) & (next.size() - 1);
            while (next[h] != kEmpty) h = (h + 1) & (next.size() - 1);
            next[h] = c;
        }
        slots_.swap(next);
    }
    std::vector<std::uint32_t> slots_;
    std::vector<std::int64_t> values_;
};

// A by-field of stats: its values as small codes. Text ids, names, ports and hosts are small
// already; addresses, big numbers and times go through a Densifier.
struct KeyPart {
    const Field* field = nullptr;
    bool direct = false;
    Densifier dense;

    explicit KeyPart(const Field* f) : field(f) {
        switch (f->slot) {
            case Slot::Text:
            case Slot::SrcPort:
            case Slot::DstPort:
            case Slot::Host:
            case Slot::Span:
            case Slot::Kind:
            case Slot::Code:
            case Slot::Detail:
            case Slot::Source: direct = true; break;
            default: direct = false;
        }
    }
    std::int64_t raw(std::uint32_t code) const { return direct ? code : dense.value(code); }

    // 32-bit values (addresses above all) look in a direct-mapped cache first: one load and a
    // compare for the office's addresses, which differ in their low 16 bits.
    bool cached = false;
    std::vector<std::uint64_t> cache;  // (value << 32) | code; empty entries hold a value no slot has

    void prepare() {
        const bool narrow = field->slot == Slot::SrcIp || field->slot == Slot::DstIp || field->slot == Slot::Value ||
                            field->slot == Slot::Value2;
        if (direct || !narrow || cached) return;
        cached = true;
        cache.assign(65536, ~std::uint64_t(0));  // all ones: no value has code 0xFFFFFFFF
    }
    std::uint32_t code_of(std::int64_t v) {
        if (!cached) return dense.code(v);
        const auto key = static_cast<std::uint64_t>(v) & 0xFFFFFFFF;
        std::uint64_t& slot = cache[key & 0xFFFF];
        if ((slot >> 32) == key && slot != ~std::uint64_t(0)) return static_cast<std::uint32_t>(slot);
        const std::uint32_t c = dense.code(v);
        slot = (key << 32) | c;
        return c;
    }
};


// codes[j] = the code of part's field in record idx[j].
void extract(KeyPart& part, const Event* base, const std::uint32_t* idx, std::size_t n, std::uint32_t* codes) {
    with_slot(part.field->slot, [&](auto get) {
        if (part.direct)
            for (std::size_t j = 0; j < n; ++j) codes[j] = static_cast<std::uint32_t>(get(base[idx[j]]));
        else {
            part.prepare();
            part.dense.make_room(n);
            for (std::size_t j = 0; j < n; ++j) codes[j] = part.code_of(get(base[idx[j]]));
        }
    });
}

void extract_values(Slot slot, const Event* base, const std::uint32_t* idx, std::size_t n, std::int64_t* out) {
    with_slot(slot, [&](auto get) {
        for (std::size_t j = 0; j < n; ++j) out[j] = get(base[idx[j]]);
    });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Stats
// ---------------------------------------------------------------------------------------------

// The groups stats found: their codes (one per by-field) and one value per statistic.
struct Groups {
    std::size_t parts = 0;
    std::vector<std::uint32_t> codes;             // parts per group
    std::vector<std::vector<double>> values;      // [statistic][group]
    std::size_t size() const { return values.empty() ? 0 : values.front().size(); }
    std::uint32_t code(std::size_t group, std::size_t part) const { return codes[group * parts + part]; }
};

// Counts and aggregates records into groups, as they come.
//
// With one or two by-fields whose codes fit, groups live in a grid indexed by the codes (no
// hashing at all); when every statistic is a plain count the grid holds the counts themselves,
// in 16 bits with a side table for the rare cell that overflows: the fastest form of
// `stats count by src, query`. The grid's rows are the text field when there is one (query
// names are many and skewed, so the busy rows stay in cache; new names only append rows).
// When the grid cannot grow any more it stays as it is and the records whose codes fall
// outside it go to an open-addressing table mapping codes to group numbers: nothing is moved
// out of the grid, so no step of a UI frame pays for a conversion, and the busy (early, low)
// codes keep the fast path. Three or more by-fields use a map keyed by the codes' bytes.
class Aggregator {
public:
    explicit Aggregator(const QueryCommand& stats) : stats_(&stats) {
        for (const Field* f : stats.by) parts_.emplace_back(f);
        count_only_ = std::all_of(stats.statistics.begin(), stats.statistics.end(),
                                  [](const Statistic& s) { return s.function == StatFunction::Count && !s.field; });
        mode_ = parts_.empty() ? Mode::Single : parts_.size() <= 2 ? Mode::Grid : Mode::Wide;
        if (parts_.size() == 2 && parts_[1].field->type == FieldType::Text && parts_[0].field->type != FieldType::Text) row_part_ = 1;
        dc_.resize(stats.statistics.size());
        dc_values_.resize(stats.statistics.size());
        acc_.resize(stats.statistics.size());
    }

    void add(const Event* base, const std::uint32_t* idx, std::size_t n) {
        for (std::size_t from = 0; from < n; from += kBlock) {
            const std::size_t m = std::min(kBlock, n - from);
            const std::uint32_t* block = idx + from;
            switch (mode_) {
                case Mode::Single:
                    if (groups_ == 0) new_group(0, 0);
                    std::fill(group_ids_, group_ids_ + m, 0u);
                    break;
                case Mode::Wide: wide_groups(base, block, m); break;
                case Mode::Grid:
                case Mode::GridAndHash: {
                    std::uint32_t* rows = codes_[0];
                    std::uint32_t* cols = codes_[1];
                    extract(parts_[row_part_], base, block, m, rows);
                    if (parts_.size() == 2) extract(parts_[1 - row_part_], base, block, m, cols);
                    else std::fill(cols, cols + m, 0u);
                    if (mode_ == Mode::Grid) fit_grid(rows, cols, m);
                    const bool spill = mode_ == Mode::GridAndHash;
                    const std::size_t height = height_, width = width_;
                    if (count_only_) {
                        std::uint16_t* grid = counts_.data();
                        if (!spill) {
                            for (std::size_t j = 0; j < m; ++j) {
                                const std::size_t cell = rows[j] * width + cols[j];
                                if (++grid[cell] == 0) ++overflow_[cell];  // every 65536th: rare
                            }
                        } else {
                            for (std::size_t j = 0; j < m; ++j) {
                                if (rows[j] < height && cols[j] < width) {
                                    const std::size_t cell = rows[j] * width + cols[j];
                                    if (++grid[cell] == 0) ++overflow_[cell];
                                } else {
                                    ++count_[hashed_group(rows[j], cols[j])];
                                }
                            }
                        }
                        continue;  // plain counts only: nothing else to keep
                    }
                    for (std::size_t j = 0; j < m; ++j) {
                        if (!spill || (rows[j] < height && cols[j] < width)) {
                            std::uint32_t& cell = ids_[rows[j] * width + cols[j]];
                            if (cell == 0) cell = new_group(rows[j], cols[j]) + 1;
                            group_ids_[j] = cell - 1;
                        } else {
                            group_ids_[j] = hashed_group(rows[j], cols[j]);
                        }
                    }
                    break;
                }
            }
            update_statistics(base, block, m);
        }
    }

    std::size_t parts() const { return parts_.size(); }
    const KeyPart& part(std::size_t k) const { return parts_[k]; }

    // How many codes part k can have (codes are below it).
    std::size_t bound(std::size_t k) const {
        const bool gridded = mode_ == Mode::Grid || mode_ == Mode::GridAndHash;
        const std::size_t grid = !gridded ? 0 : k == row_part_ ? height_ : width_;
        if (mode_ == Mode::Grid) return grid;
        std::uint32_t top = 0;
        for (std::size_t g = 0; g < groups_; ++g) top = std::max(top, group_codes_[g * parts_.size() + k]);
        return std::max(grid, groups_ ? std::size_t(top) + 1 : 0);
    }

    // The groups, ordered by their by-fields: ranks[k][code] is where part k's code sorts.
    Groups groups(const std::vector<std::vector<std::uint32_t>>& ranks) const {
        Groups out;
        out.parts = parts_.size();
        out.values.resize(stats_->statistics.size());
        if (mode_ == Mode::Grid && count_only_) {
            // Walk the grid in rank order of the by-fields: the groups come out sorted.
            auto by_rank = [](std::size_t n, const std::vector<std::uint32_t>& rank) {
                std::vector<std::uint32_t> codes(n);
                std::iota(codes.begin(), codes.end(), 0u);
                std::sort(codes.begin(), codes.end(), [&](std::uint32_t x, std::uint32_t y) { return rank[x] < rank[y]; });
                return codes;
            };
            const std::size_t col_part = 1 - row_part_;
            const auto rows = by_rank(height_, ranks[row_part_]);
            const auto cols = parts_.size() == 2 ? by_rank(width_, ranks[col_part]) : std::vector<std::uint32_t>{0};
            auto emit = [&](std::uint32_t r, std::uint32_t c) {
                const std::size_t cell = std::size_t(r) * width_ + c;
                if (counts_[cell] == 0 && overflow_.empty()) return;
                const std::uint64_t count = counts_[cell] + (overflow_.empty() ? 0 : count_overflow(cell));
                if (count == 0) return;
                if (parts_.size() == 2) {
                    out.codes.push_back(row_part_ == 0 ? r : c);
                    out.codes.push_back(row_part_ == 0 ? c : r);
                } else {
                    out.codes.push_back(r);
                }
                for (auto& v : out.values) v.push_back(static_cast<double>(count));
            };
            if (row_part_ == 0) {
                std::size_t nonzero = 0;
                for (auto c : counts_) nonzero += c != 0;
                out.codes.reserve(nonzero * parts_.size());
                for (auto& v : out.values) v.reserve(nonzero);
                for (auto r : rows)
                    for (auto c : cols) emit(r, c);
                return out;
            }
            // The rows are the second by-field: a counting sort by column, reading the grid in
            // memory order twice (count, then place) instead of across it.
            std::vector<std::size_t> start(width_ + 1, 0);
            for (std::size_t cell = 0; cell < counts_.size(); ++cell)
                if (counts_[cell] || (!overflow_.empty() && count_overflow(cell))) ++start[cell % width_];
            std::vector<std::size_t> at(width_, 0);
            std::size_t total = 0;
            for (auto c : cols) {
                at[c] = total;
                total += start[c];
            }
            out.codes.assign(total * 2, 0);
            for (auto& v : out.values) v.assign(total, 0);
            for (auto r : rows) {
                const std::size_t line = std::size_t(r) * width_;
                for (std::size_t c = 0; c < width_; ++c) {
                    std::uint64_t count = counts_[line + c];
                    if (!overflow_.empty()) count += count_overflow(line + c);
                    if (count == 0) continue;
                    const std::size_t pos = at[c]++;
                    out.codes[2 * pos] = static_cast<std::uint32_t>(c);
                    out.codes[2 * pos + 1] = r;
                    for (auto& v : out.values) v[pos] = static_cast<double>(count);
                }
            }
            return out;
        }
        if (mode_ == Mode::GridAndHash && count_only_) {
            // Counts in the grid and in the table beside it: one list of (ranks, count), sorted.
            // This runs on the table's worker thread in the UI, so a sort is affordable here.
            const std::size_t parts = parts_.size();
            auto rank_key = [&](std::uint32_t row, std::uint32_t col) {
                if (parts == 1) return std::uint64_t(ranks[0][row]);
                const std::uint32_t p0 = row_part_ == 0 ? row : col, p1 = row_part_ == 0 ? col : row;
                return (std::uint64_t(ranks[0][p0]) << 32) | ranks[1][p1];
            };
            struct Entry {
                std::uint64_t key;
                std::uint32_t row, col;
                std::uint64_t count;
            };
            std::vector<Entry> entries;
            entries.reserve(groups_ + groups_ / 2);
            for (std::size_t cell = 0; cell < counts_.size(); ++cell) {
                const std::uint64_t count = counts_[cell] + count_overflow(cell);
                if (count == 0) continue;
                const auto row = static_cast<std::uint32_t>(cell / width_), col = static_cast<std::uint32_t>(cell % width_);
                entries.push_back({rank_key(row, col), row, col, count});
            }
            for (std::uint32_t g = 0; g < groups_; ++g) {
                const std::uint64_t k = group_key(g);
                const auto row = static_cast<std::uint32_t>(k >> 32), col = static_cast<std::uint32_t>(k);
                entries.push_back({rank_key(row, col), row, col, count_[g]});
            }
            std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
            out.codes.reserve(entries.size() * parts);
            for (auto& v : out.values) v.reserve(entries.size());
            for (const Entry& e : entries) {
                if (parts == 2) {
                    out.codes.push_back(row_part_ == 0 ? e.row : e.col);
                    out.codes.push_back(row_part_ == 0 ? e.col : e.row);
                } else {
                    out.codes.push_back(e.row);
                }
                for (auto& v : out.values) v.push_back(static_cast<double>(e.count));
            }
            return out;
        }
        if (mode_ == Mode::Single && groups_ == 0) {
            // Nothing matched: `stats count` still answers, with 0 (and no min, max or avg).
            for (std::size_t s = 0; s < stats_->statistics.size(); ++s) {
                const auto fn = stats_->statistics[s].function;
                const bool none = fn == StatFunction::Min || fn == StatFunction::Max || fn == StatFunction::Avg;
                out.values[s].push_back(none ? NAN : 0.0);
            }
            return out;
        }
        // Order the groups by the ranks of their codes.
        const std::size_t parts = parts_.size();
        std::vector<std::uint32_t> order(groups_);
        std::iota(order.begin(), order.end(), 0u);
        if (parts > 0 && parts <= 2) {
            std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(groups_);
            for (std::uint32_t g = 0; g < groups_; ++g) {
                std::uint64_t key = 0;
                for (std::size_t k = 0; k < parts; ++k) key = (key << 32) | ranks[k][group_codes_[g * parts + k]];
                keyed[g] = {key, g};
            }
            std::sort(keyed.begin(), keyed.end());
            for (std::size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].second;
        } else if (parts > 2) {
            std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
                for (std::size_t k = 0; k < parts; ++k) {
                    const auto rx = ranks[k][group_codes_[x * parts + k]], ry = ranks[k][group_codes_[y * parts + k]];
                    if (rx != ry) return rx < ry;
                }
                return x < y;
            });
        }
        out.codes.reserve(group_codes_.size());
        for (auto g : order)
            for (std::size_t k = 0; k < parts; ++k) out.codes.push_back(group_codes_[g * parts + k]);
        for (std::size_t s = 0; s < stats_->statistics.size(); ++s) {
            const Statistic& st = stats_->statistics[s];
            auto& col = out.values[s];
            col.reserve(groups_);
            for (auto g : order) {
                if (!st.field) col.push_back(static_cast<double>(count_[g]));
                else if (st.function == StatFunction::Avg) col.push_back(count_[g] ? acc_[s][g] / static_cast<double>(count_[g]) : NAN);
                else col.push_back(acc_[s][g]);
            }
        }
        return out;
    }

private:
    enum class Mode { Single, Grid, GridAndHash, Wide };
    static constexpr std::size_t kBlock = 1024;
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;

    std::uint64_t count_overflow(std::size_t cell) const {
        if (overflow_.empty()) return 0;  // the usual case: no lookup per cell of the grid
        const auto it = overflow_.find(cell);
        return it == overflow_.end() ? 0 : it->second * 65536;
    }

    // A new group with the codes of its row and column part (in the grid's terms).
    std::uint32_t new_group(std::uint32_t row, std::uint32_t col) {
        const auto g = static_cast<std::uint32_t>(groups_++);
        if (parts_.size() == 2) {
            group_codes_.push_back(row_part_ == 0 ? row : col);
            group_codes_.push_back(row_part_ == 0 ? col : row);
        } else if (parts_.size() == 1) {
            group_codes_.push_back(row);
        }
        add_group_state();
        return g;
    }

    void add_group_state() {
        count_.push_back(0);
        for (std::size_t s = 0; s < acc_.size(); ++s) {
            const auto fn = stats_->statistics[s].function;
            acc_[s].push_back(fn == StatFunction::Min || fn == StatFunction::Max ? NAN : 0.0);
        }
    }

    // Makes the grid big enough for the block's codes; past kMaxGridCells it takes the rows that
    // still fit and stops growing (the rest go to the hash table). New rows are appended; only a
    // wider grid is laid out again.
    void fit_grid(const std::uint32_t* rows, const std::uint32_t* cols, std::size_t m) {
        std::uint32_t max_row = 0, max_col = 0;
        for (std::size_t j = 0; j < m; ++j) {
            max_row = std::max(max_row, rows[j]);
            max_col = std::max(max_col, cols[j]);
        }
        if (max_row < height_ && max_col < width_) return;
        std::size_t height = height_, width = width_;
        if (max_row >= height) height = std::max<std::size_t>(max_row + 1, height + height / 2 + 16);
        if (max_col >= width) width = parts_.size() == 2 ? std::max<std::size_t>(max_col + 1, width + width / 2 + 16) : 1;
        if (height * width > kMaxGridCells) {
            // As many rows as the room allows when only rows were missing; then no more growth.
            if (width == width_ && width_ > 0 && kMaxGridCells / width_ > height_) {
                height = kMaxGridCells / width_;
            } else {
                start_hash();
                return;
            }
            resize_rows(height);
            start_hash();
            return;
        }
        if (width == width_) {
            resize_rows(height);
        } else {
            auto relayout = [&](auto& grid) {
                std::remove_reference_t<decltype(grid)> wider(height * width, 0);
                for (std::size_t r = 0; r < height_; ++r)
                    std::copy_n(grid.begin() + static_cast<std::ptrdiff_t>(r * width_), width_,
                                wider.begin() + static_cast<std::ptrdiff_t>(r * width));
                grid.swap(wider);
            };
            if (count_only_) {
                relayout(counts_);
                std::unordered_map<std::size_t, std::uint64_t> moved;
                for (const auto& [cell, n] : overflow_) moved[(cell / width_) * width + cell % width_] = n;
                overflow_.swap(moved);
            } else {
                relayout(ids_);
            }
        }
        height_ = height;
        width_ = width;
    }

    // More rows at the same width. Room for the largest grid from the first growth on: new rows
    // then only zero their own cells. Growing by copying cost 10-20 ms in one step once the grid
    // of `count by src, query` passed 10 MB (its untouched room is address space only).
    void resize_rows(std::size_t height) {
        auto grow = [&](auto& grid) {
            if (grid.capacity() < height * width_) grid.reserve(kMaxGridCells);
            grid.resize(height * width_, 0);
        };
        if (count_only_) grow(counts_);
        else grow(ids_);
        height_ = height;
    }

    // The grid stops growing; codes outside it are looked up in slots_ from now on. The groups
    // already in the grid stay there (slots_ only ever holds groups from outside it).
    void start_hash() {
        mode_ = Mode::GridAndHash;
        slots_.assign(1024, kEmpty);
        slotted_ = 0;
    }

    // The key of a group in grid terms (row, column).
    std::uint64_t group_key(std::uint32_t g) const {
        if (parts_.size() == 1) return key(group_codes_[g], 0);
        const std::uint32_t p0 = group_codes_[2 * g], p1 = group_codes_[2 * g + 1];
        return row_part_ == 0 ? key(p0, p1) : key(p1, p0);
    }
    static std::uint64_t key(std::uint32_t row, std::uint32_t col) { return (std::uint64_t(row) << 32) | col; }
    static std::size_t hash(std::uint64_t k) {
        k *= 0x9E3779B97F4A7C15ull;
        return static_cast<std::size_t>(k ^ (k >> 31));
    }
    void insert_slot(std::uint64_t k, std::uint32_t g) {
        if ((slotted_ + 1) * 2 > slots_.size()) {
            std::vector<std::uint32_t> old;
            old.swap(slots_);
            slots_.assign(old.size() * 2, kEmpty);
            slotted_ = 0;
            for (auto og : old)
                if (og != kEmpty) place(group_key(og), og);
        }
        place(k, g);
    }
    void place(std::uint64_t k, std::uint32_t g) {
        std::size_t h = hash(k) & (slots_.size() - 1);
        while (slots_[h] != kEmpty) h = (h + 1) & (slots_.size() - 1);
        slots_[h] = g;
        ++slotted_;
    }
    std::uint32_t hashed_group(std::uint32_t row, std::uint32_t col) {
        const std::uint64_t k = key(row, col);
        std::size_t h = hash(k) & (slots_.size() - 1);
        while (true) {
            const std::uint32_t g = slots_[h];
            if (g == kEmpty) break;
            if (group_key(g) == k) return g;
            h = (h + 1) & (slots_.size() - 1);
        }
        const std::uint32_t g = new_group(row, col);
        insert_slot(k, g);
        return g;
    }

    void wide_groups(const Event* base, const std::uint32_t* block, std::size_t m) {
        std::vector<std::vector<std::uint32_t>> codes(parts_.size(), std::vector<std::uint32_t>(m));
        for (std::size_t k = 0; k < parts_.size(); ++k) extract(parts_[k], base, block, m, codes[k].data());
        std::string key;
        for (std::size_t j = 0; j < m; ++j) {
            key.clear();
            for (std::size_t k = 0; k < parts_.size(); ++k) key.append(reinterpret_cast<const char*>(&codes[k][j]), 4);
            auto it = wide_.find(key);
            if (it == wide_.end()) {
                const auto g = static_cast<std::uint32_t>(groups_++);
                for (std::size_t k = 0; k < parts_.size(); ++k) group_codes_.push_back(codes[k][j]);
                add_group_state();
                it = wide_.emplace(key, g).first;
            }
            group_ids_[j] = it->second;
        }
    }

    // The statistics of each record's group (group_ids_ holds them for the block).
    void update_statistics(const Event* base, const std::uint32_t* block, std::size_t m) {
        for (std::size_t j = 0; j < m; ++j) ++count_[group_ids_[j]];
        for (std::size_t s = 0; s < stats_->statistics.size(); ++s) {
            const Statistic& st = stats_->statistics[s];
            if (!st.field) continue;
            extract_values(st.field->slot, base, block, m, values_);
            auto& acc = acc_[s];
            for (std::size_t j = 0; j < m; ++j) {
                const std::uint32_t g = group_ids_[j];
                const auto v = static_cast<double>(values_[j]);
                switch (st.function) {
                    case StatFunction::Count:
                        // count(field): records where the field has a value.
                        if (st.field->type == FieldType::Text ? values_[j] != 0 : !(st.field->zero_is_none && values_[j] == 0))
                            acc[g] += 1;
                        break;
                    case StatFunction::Sum:
                    case StatFunction::Avg: acc[g] += v; break;
                    case StatFunction::Min: acc[g] = std::isnan(acc[g]) ? v : std::min(acc[g], v); break;
                    case StatFunction::Max: acc[g] = std::isnan(acc[g]) ? v : std::max(acc[g], v); break;
                    case StatFunction::DistinctCount: {
                        dc_values_[s].make_room(1);
                        const std::uint64_t key = (std::uint64_t(g) << 32) | dc_values_[s].code(values_[j]);
                        if (dc_[s].insert(key).second) acc[g] += 1;
                        break;
                    }
                }
            }
        }
    }

    const QueryCommand* stats_;
    std::vector<KeyPart> parts_;
    std::size_t row_part_ = 0;  // which by-field gives the grid's rows
    bool count_only_ = false;
    Mode mode_ = Mode::Grid;
    std::size_t height_ = 0, width_ = 0;
    std::vector<std::uint16_t> counts_;                     // Grid, count only: the counts
    std::unordered_map<std::size_t, std::uint64_t> overflow_;  // ... and how many times a cell wrapped
    std::vector<std::uint32_t> ids_;                        // Grid: group + 1
    std::vector<std::uint32_t> slots_;                      // GridAndHash: groups outside the grid
    std::size_t slotted_ = 0;                               // ... how many slots are taken
    std::unordered_map<std::string, std::uint32_t> wide_;   // Wide
    std::size_t groups_ = 0;
    std::vector<std::uint32_t> group_codes_;                // parts per group, in by-field order
    std::vector<std::uint64_t> count_;                      // records per group
    std::vector<std::vector<double>> acc_;                  // [statistic][group]
    std::vector<std::unordered_set<std::uint64_t>> dc_;     // dc(): (group, value code) pairs seen
    std::vector<Densifier> dc_values_;                      // dc(): codes of the values
    std::uint32_t codes_[2][kBlock] = {};
    std::uint32_t group_ids_[kBlock] = {};
    std::int64_t values_[kBlock] = {};
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Ordering
// ---------------------------------------------------------------------------------------------

// Text-like fields sort by their text, numbers, addresses and times by value.
bool sorts_as_text(const Field& f) {
    return f.type == FieldType::Text || f.type == FieldType::Name || f.type == FieldType::Mac || f.type == FieldType::Source;
}

// The text of a raw value as the Renderer shows it.
std::string value_text(const Renderer& r, Source source, const Field& f, std::int64_t raw) {
    if (f.type == FieldType::Source) return raw >= 0 && raw < kSourceCount ? source_name(static_cast<Source>(raw)) : "";
    if (f.type == FieldType::Text) return std::string(r.store().strings().get(static_cast<std::uint32_t>(raw)));
    Event e = holding(source);
    set_raw_value(f.slot, e, raw);
    return r.field(e, f.name);
}

// Sort keys of distinct raw values of a text-like field: their rank in text order.
std::unordered_map<std::int64_t, std::int64_t> text_ranks(const Renderer& r, Source source, const Field& f,
                                                          std::vector<std::int64_t> raws) {
    std::sort(raws.begin(), raws.end());
    raws.erase(std::unique(raws.begin(), raws.end()), raws.end());
    std::vector<std::pair<std::string, std::int64_t>> texts;
    texts.reserve(raws.size());
    for (auto raw : raws) texts.emplace_back(value_text(r, source, f, raw), raw);
    std::sort(texts.begin(), texts.end());
    std::unordered_map<std::int64_t, std::int64_t> rank;
    rank.reserve(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) rank[texts[i].second] = static_cast<std::int64_t>(i);
    return rank;
}

// Where each code of a stats by-field sorts: text by text, numbers, addresses and times by value.
std::vector<std::uint32_t> code_ranks(const Renderer& r, Source source, const KeyPart& part, std::size_t bound) {
    std::vector<std::uint32_t> codes(bound);
    std::iota(codes.begin(), codes.end(), 0u);
    auto raw_of = [&](std::uint32_t c) -> std::int64_t { return part.direct || c < part.dense.size() ? part.raw(c) : 0; };
    if (sorts_as_text(*part.field)) {
        const StringPool& pool = r.store().strings();
        std::vector<std::string> texts(bound);
        for (std::uint32_t c = 0; c < bound; ++c) {
            if (part.field->type == FieldType::Text)
                texts[c] = c < pool.size() ? std::string(pool.get(c)) : std::string();
            else
                texts[c] = value_text(r, source, *part.field, raw_of(c));
        }
        std::stable_sort(codes.begin(), codes.end(), [&](std::uint32_t x, std::uint32_t y) { return texts[x] < texts[y]; });
    } else {
        std::stable_sort(codes.begin(), codes.end(), [&](std::uint32_t x, std::uint32_t y) { return raw_of(x) < raw_of(y); });
    }
    std::vector<std::uint32_t> rank(bound);
    for (std::uint32_t i = 0; i < bound; ++i) rank[codes[i]] = i;
    return rank;
}

// Orders positions [0, n) by the keys (each a column of values, descending when asked), ties
// by position so the order is always the same. Only the first `limit` need to be in order.
void order_by(std::vector<std::uint32_t>& order, const std::vector<std::vector<double>>& keys,
              const std::vector<bool>& descending, std::size_t limit) {
    if (keys.size() == 1) {
        // The usual case (`sort -count`): sort (key, position) pairs, no indirection.
        const auto& col = keys.front();
        const bool desc = descending.front();
        std::vector<std::pair<double, std::uint32_t>> keyed(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            double v = col[order[i]];
            if (std::isnan(v)) v = desc ? -HUGE_VAL : HUGE_VAL;  // no value sorts last either way
            keyed[i] = {desc ? -v : v, order[i]};
        }
        auto less = [](const auto& x, const auto& y) { return x.first != y.first ? x.first < y.first : x.second < y.second; };
        if (limit < keyed.size()) {
            std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(limit), keyed.end(), less);
            keyed.resize(limit);
        } else {
            std::sort(keyed.begin(), keyed.end(), less);
        }
        order.resize(keyed.size());
        for (std::size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].second;
        return;
    }
    auto less = [&](std::uint32_t x, std::uint32_t y) {
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const double a = keys[k][x], b = keys[k][y];
            if (a == b || (std::isnan(a) && std::isnan(b))) continue;
            if (std::isnan(a)) return false;  // no value sorts last either way
            if (std::isnan(b)) return true;
            return descending[k] ? a > b : a < b;
        }
        return x < y;
    };
    if (limit < order.size()) {
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(limit), order.end(), less);
        order.resize(limit);
    } else {
        std::sort(order.begin(), order.end(), less);
    }
}

// How many of the first results a sort must order: a `head N` right after it needs only N.
std::size_t sort_limit(const std::vector<QueryCommand>& commands, std::size_t sort_index) {
    if (sort_index + 1 < commands.size() && commands[sort_index + 1].kind == QueryCommand::Kind::Head)
        return commands[sort_index + 1].count;
    return std::numeric_limits<std::size_t>::max();
}

// A column of a stats table: a by-field or a statistic.
struct TableColumn {
    std::string name;
    int part = -1;       // a by-field: which one
    int statistic = -1;  // a statistic: which one
};

// The finished table's cells, made on demand from the groups (a copy of all it needs, so the
// table outlives later steps of the run).
struct TableCells : CellMaker {
    TableCells(const Renderer& r, Source s, int offset, std::vector<Statistic> st)
        : renderer(r), source(s), utc_offset_minutes(offset), statistics(std::move(st)) {}

    Renderer renderer;
    Source source;
    int utc_offset_minutes;
    std::vector<Statistic> statistics;
    std::vector<KeyPart> parts;
    Groups groups;
    std::vector<std::uint32_t> order;  // row -> group
    std::vector<TableColumn> cols;

    Cell cell(std::size_t row, std::size_t column) const override {
        const TableColumn& col = cols.at(column);
        const std::size_t group = order.at(row);
        const Groups& g = groups;
        Cell c;
        if (col.statistic >= 0) {
            const Statistic& st = statistics[static_cast<std::size_t>(col.statistic)];
            double v = g.values[static_cast<std::size_t>(col.statistic)][group];
            const bool measured = st.field && st.function != StatFunction::Count && st.function != StatFunction::DistinctCount;
            if (measured && st.field->type == FieldType::Tenths) v /= 10;
            if (measured && st.field->type == FieldType::Time && !std::isnan(v)) {
                c.kind = Cell::Kind::Time;
                c.number = v;
                c.text = format_time(static_cast<SimTime>(v), utc_offset_minutes);
                return c;
            }
            c.kind = Cell::Kind::Number;
            c.number = v;
            c.text = number_text(v);
            return c;
        }
        const KeyPart& part = parts[static_cast<std::size_t>(col.part)];
        const std::int64_t raw = part.raw(g.code(group, static_cast<std::size_t>(col.part)));
        c.text = value_text(renderer, source, *part.field, raw);
        switch (part.field->type) {
            case FieldType::Address: c.kind = Cell::Kind::Address; c.number = static_cast<double>(raw); break;
            case FieldType::Number: c.kind = Cell::Kind::Number; c.number = static_cast<double>(raw); break;
            case FieldType::Tenths: c.kind = Cell::Kind::Number; c.number = static_cast<double>(raw) / 10; break;
            case FieldType::Time: c.kind = Cell::Kind::Time; c.number = static_cast<double>(raw); break;
            default: c.kind = Cell::Kind::Text; break;
        }
        return c;
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] QueryRun
// ---------------------------------------------------------------------------------------------

struct QueryRun::State {
    Query query;
    const scenario::Scenario& scenario;
    const LogStore& store;
    Renderer renderer;
    SimTime now;
    Source source;
    ConditionScan search;

    std::size_t scanned = 0;
    std::size_t matched = 0;
    bool finished_early = false;  // a full `head` before anything else: later records cannot count

    // Commands before stats that keep up with arriving records: where, dedup, head, table.
    struct Streamed {
        const QueryCommand* command;
        std::optional<ConditionScan> where;
        std::unordered_set<std::string> seen;  // dedup
        std::size_t taken = 0;                 // head
    };
    std::vector<Streamed> streamed;
    std::size_t later_from = 0;  // index of the first command applied only when results are asked for
    std::size_t stats_index = SIZE_MAX;
    std::vector<std::uint32_t> kept;  // rows after the streamed commands (unless stats take them)
    std::optional<Aggregator> stats;
    bool stats_streamed = false;

    std::vector<std::uint32_t> rows;
    bool rows_stale = true;
    std::vector<std::string> columns;
    ResultTable table;
    bool table_stale = true;
    std::vector<std::uint32_t> buffer, buffer2;

    State(Query q, const scenario::Scenario& s, const LogStore& st, SimTime t)
        : query(std::move(q)), scenario(s), store(st), renderer(s, st), now(t), source(query.source()),
          search(query.search(), renderer, t) {
        const auto& cmds = query.commands();
        for (std::size_t i = 0; i < cmds.size(); ++i)
            if (cmds[i].kind == QueryCommand::Kind::Stats) stats_index = i;
        const std::size_t row_end = std::min(stats_index, cmds.size());
        later_from = 0;
        while (later_from < row_end) {
            const auto k = cmds[later_from].kind;
            if (k != QueryCommand::Kind::Where && k != QueryCommand::Kind::Dedup && k != QueryCommand::Kind::Head &&
                k != QueryCommand::Kind::Table)
                break;
            Streamed st{&cmds[later_from], std::nullopt, {}, 0};
            if (k == QueryCommand::Kind::Where) st.where.emplace(cmds[later_from].where, renderer, now);
            streamed.push_back(std::move(st));
            ++later_from;
        }
        if (stats_index != SIZE_MAX) {
            stats.emplace(cmds[stats_index]);
            stats_streamed = later_from == stats_index;
        }
        for (const auto& c : logs::columns(source)) columns.emplace_back(c.field);
        for (std::size_t i = 0; i < row_end; ++i)
            if (cmds[i].kind == QueryCommand::Kind::Table) columns = cmds[i].names;
    }

    // Key of a record for dedup: the raw values of the fields, as bytes.
    std::string dedup_key(const std::vector<std::string>& names, const Event& e) const {
        std::string key;
        for (const auto& n : names) {
            const std::int64_t v = raw_value(find_field(source, n)->slot, e);
            key.append(reinterpret_cast<const char*>(&v), sizeof v);
        }
        return key;
    }

    // Passes newly matched rows through the streamed commands; returns false once a head is full.
    bool stream(std::vector<std::uint32_t>& in) {
        const Event* base = store.events().data();
        for (auto& st : streamed) {
            const QueryCommand& c = *st.command;
            switch (c.kind) {
                case QueryCommand::Kind::Where:
                    buffer2.clear();
                    st.where->select(in.data(), in.size(), buffer2);
                    in.swap(buffer2);
                    break;
                case QueryCommand::Kind::Dedup: {
                    std::size_t w = 0;
                    for (auto idx : in)
                        if (st.seen.insert(dedup_key(c.names, base[idx])).second) in[w++] = idx;
                    in.resize(w);
                    break;
                }
                case QueryCommand::Kind::Head: {
                    const std::size_t room = c.count - std::min(c.count, st.taken);
                    if (in.size() > room) in.resize(room);
                    st.taken += in.size();
                    break;
                }
                default: break;
            }
        }
        if (stats_streamed)
            stats->add(base, in.data(), in.size());
        else
            kept.insert(kept.end(), in.begin(), in.end());
        for (const auto& st : streamed)
            if (st.command->kind == QueryCommand::Kind::Head && st.taken >= st.command->count) return false;
        return true;
    }

    bool step(std::size_t max_records) {
        const auto& list = store.of(source);
        // The worker ordering a table reads the counts: they wait until it is done.
        if (!collect(false)) return scanned >= list.size();
        if (finished_early) scanned = list.size();
        const std::size_t end = list.size() - scanned <= max_records ? list.size() : scanned + max_records;
        // `| stats ...` over everything: the records go straight to the counting.
        const bool straight = query.search().matches_everything() && streamed.empty() && stats_streamed;
        // Room for every record of the source at once: a vector doubling past 4 million rows
        // copied 16 MB and touched 32 MB of new pages inside one step (10 ms of a GUI frame). An
        // untouched reservation costs address space only; its pages arrive as rows are written.
        if (!stats_streamed && kept.capacity() < list.size()) kept.reserve(list.size() + list.size() / 4);
        while (scanned < end) {
            const std::size_t n = std::min(kChunk, end - scanned);
            if (straight) {
                stats->add(store.events().data(), list.data() + scanned, n);
                scanned += n;
                matched += n;
                rows_stale = table_stale = true;
                continue;
            }
            buffer.clear();
            search.select(list.data() + scanned, n, buffer);
            scanned += n;
            matched += buffer.size();
            if (!buffer.empty()) {
                rows_stale = table_stale = true;
                if (!stream(buffer)) {
                    finished_early = true;
                    scanned = list.size();
                    break;
                }
            }
        }
        return scanned >= list.size();
    }

    // ---------------------------------------------------------------------------------------------
    // [SECTION] Rows
    // ---------------------------------------------------------------------------------------------

    // The rows after every command before stats (or all commands, without stats).
    void later_row_commands(std::vector<std::uint32_t>& out) {
        const auto& cmds = query.commands();
        const std::size_t end = std::min(stats_index, cmds.size());
        const Event* base = store.events().data();
        for (std::size_t i = later_from; i < end; ++i) {
            const QueryCommand& c = cmds[i];
            switch (c.kind) {
                case QueryCommand::Kind::Sort: sort_rows(out, c.sort, sort_limit(cmds, i)); break;
                case QueryCommand::Kind::Head:
                    if (out.size() > c.count) out.resize(c.count);
                    break;
                case QueryCommand::Kind::Tail:
                    if (out.size() > c.count) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(c.count));
                    break;
                case QueryCommand::Kind::Dedup: {
                    std::unordered_set<std::string> seen;
                    std::size_t w = 0;
                    for (auto idx : out)
                        if (seen.insert(dedup_key(c.names, base[idx])).second) out[w++] = idx;
                    out.resize(w);
                    break;
                }
                case QueryCommand::Kind::Where: {
                    // The scan wants indices in store order; the rows may be sorted by now.
                    std::vector<std::uint32_t> ascending = out, hits;
                    std::sort(ascending.begin(), ascending.end());
                    ConditionScan scan(c.where, renderer, now);
                    scan.select(ascending.data(), ascending.size(), hits);
                    std::size_t w = 0;
                    for (auto idx : out)
                        if (std::binary_search(hits.begin(), hits.end(), idx)) out[w++] = idx;
                    out.resize(w);
                    break;
                }
                default: break;
            }
        }
    }

    void sort_rows(std::vector<std::uint32_t>& out, const std::vector<SortKey>& keys, std::size_t limit) {
        const Event* base = store.events().data();
        std::vector<std::vector<double>> columns_of_keys;
        std::vector<bool> descending;
        for (const auto& k : keys) {
            const Field& f = *find_field(source, k.name);
            std::vector<double> col(out.size());
            std::vector<std::int64_t> raws(out.size());
            for (std::size_t i = 0; i < out.size(); ++i) raws[i] = raw_value(f.slot, base[out[i]]);
            if (sorts_as_text(f)) {
                const auto rank = text_ranks(renderer, source, f, raws);
                for (std::size_t i = 0; i < out.size(); ++i) col[i] = static_cast<double>(rank.at(raws[i]));
            } else {
                for (std::size_t i = 0; i < out.size(); ++i) col[i] = static_cast<double>(raws[i]);
            }
            columns_of_keys.push_back(std::move(col));
            descending.push_back(k.descending);
        }
        std::vector<std::uint32_t> order(out.size());
        std::iota(order.begin(), order.end(), 0u);
        order_by(order, columns_of_keys, descending, limit);
        std::vector<std::uint32_t> sorted(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = out[order[i]];
        out.swap(sorted);
    }

    const std::vector<std::uint32_t>& result_rows() {
        // Without sort, tail or the like to apply, the kept rows are the result: no copy, so the
        // explorer can ask for them every frame while millions of rows match.
        if (!stats && later_from >= std::min(stats_index, query.commands().size())) return kept;
        if (!rows_stale) return rows;
        rows_stale = false;
        if (stats) {
            rows.clear();
            return rows;
        }
        rows = kept;
        later_row_commands(rows);
        return rows;
    }

    // ---------------------------------------------------------------------------------------------
    // [SECTION] Table
    // ---------------------------------------------------------------------------------------------

    // A made-up record holding a group's by-field values, for `where` on them.
    Event group_event(const Groups& g, std::size_t group) const {
        Event e = holding(source);
        for (std::size_t k = 0; k < g.parts; ++k)
            set_raw_value(stats->part(k).field->slot, e, stats->part(k).raw(g.code(group, k)));
        return e;
    }

    bool column_test(const ColumnTest& t, const std::vector<TableColumn>& cols, const Groups& g, std::size_t group,
                     std::vector<std::optional<ConditionScan>>& scans) {
        switch (t.kind) {
            case ColumnTest::Kind::And:
                for (const auto& c : t.children)
                    if (!column_test(c, cols, g, group, scans)) return false;
                return true;
            case ColumnTest::Kind::Or:
                for (const auto& c : t.children)
                    if (column_test(c, cols, g, group, scans)) return true;
                return false;
            case ColumnTest::Kind::Not: return !column_test(t.children.front(), cols, g, group, scans);
            case ColumnTest::Kind::Compare: {
                const TableColumn* col = nullptr;
                for (const auto& c : cols)
                    if (c.name == t.column) col = &c;
                if (!col) return false;
                if (t.on_field) {
                    auto& scan = scans[leaf_index(t)];
                    if (!scan) scan.emplace(*t.on_field, renderer, now);
                    return scan->matches(group_event(g, group));
                }
                const double v = g.values[static_cast<std::size_t>(col->statistic)][group];
                if (std::isnan(v)) return t.op == Compare::NotEqual;
                switch (t.op) {
                    case Compare::Equal: return v == t.number;
                    case Compare::NotEqual: return v != t.number;
                    case Compare::Less: return v < t.number;
                    case Compare::LessEqual: return v <= t.number;
                    case Compare::Greater: return v > t.number;
                    case Compare::GreaterEqual: return v >= t.number;
                    default: return false;
                }
            }
        }
        return false;
    }

    // Leaves of a `where` tree numbered in the order they are met, for their scans.
    std::vector<const ColumnTest*> leaves;
    std::size_t leaf_index(const ColumnTest& t) const {
        for (std::size_t i = 0; i < leaves.size(); ++i)
            if (leaves[i] == &t) return i;
        return 0;
    }
    void collect_leaves(const ColumnTest& t) {
        if (t.kind == ColumnTest::Kind::Compare) leaves.push_back(&t);
        for (const auto& c : t.children) collect_leaves(c);
    }

    // Sort key column of a table column over the groups (the groups' natural order is by rank,
    // so positions break ties).
    std::vector<double> table_key(const TableColumn& col, const Groups& g) const {
        if (col.statistic >= 0) return g.values[static_cast<std::size_t>(col.statistic)];
        const auto k = static_cast<std::size_t>(col.part);
        std::vector<double> key(g.size());
        for (std::size_t r = 0; r < g.size(); ++r) key[r] = ranks[k][g.code(r, k)];
        return key;
    }

    std::vector<std::vector<std::uint32_t>> ranks;  // per by-field: rank of each code

    // The groups of a table in the order of its commands, and its columns, before the cells.
    struct OrderedGroups {
        Groups groups;
        std::vector<std::uint32_t> order;  // row -> group
        std::vector<TableColumn> cols;
    };

    // The part of making a table that reads the store: the commands before stats that need all
    // rows, and the ranks of the by-fields' values (their texts). False when there is no stats.
    bool prepare_table() {
        table_stale = false;
        if (!stats) {
            table = ResultTable();
            return false;
        }
        if (!stats_streamed) {
            // Commands between the search and stats that need all rows: run them, then count.
            stats.emplace(query.commands()[stats_index]);
            std::vector<std::uint32_t> all = kept;
            later_row_commands(all);
            stats->add(store.events().data(), all.data(), all.size());
        }
        ranks.clear();
        for (std::size_t k = 0; k < stats->parts(); ++k) ranks.push_back(code_ranks(renderer, source, stats->part(k), stats->bound(k)));
        return true;
    }

    // Whether ordering the groups reads only the counts, the ranks and the query (so a worker
    // thread may do it while the store grows): not when the rows before stats are kept and
    // re-counted, nor when a `where` after stats tests a by-field's value as text.
    bool orders_without_store() const {
        if (!stats_streamed) return false;
        std::vector<const ColumnTest*> todo;
        for (std::size_t i = stats_index + 1; i < query.commands().size(); ++i)
            if (query.commands()[i].kind == QueryCommand::Kind::Where) todo.push_back(&*query.commands()[i].column_where);
        while (!todo.empty()) {
            const ColumnTest* t = todo.back();
            todo.pop_back();
            if (t->on_field) return false;
            for (const auto& c : t->children) todo.push_back(&c);
        }
        return true;
    }

    // The table's cells from ordered groups (cheap: cells are made when drawn).
    void finish_table(OrderedGroups&& o) {
        const QueryCommand& sc = query.commands()[stats_index];
        std::vector<std::string> names;
        for (const auto& col : o.cols) names.push_back(col.name);
        auto cells = std::make_shared<TableCells>(renderer, source, scenario.utc_offset_minutes, sc.statistics);
        for (std::size_t k = 0; k < stats->parts(); ++k) cells->parts.push_back(stats->part(k));
        cells->groups = std::move(o.groups);
        cells->order = std::move(o.order);
        cells->cols = std::move(o.cols);
        const std::size_t n = cells->order.size();
        table = ResultTable(std::move(names), n, std::move(cells));
    }

    // The finished table, made on this thread (waiting for a worker's first).
    const ResultTable& result_table() {
        collect(true);
        if (!table_stale) return table;
        if (prepare_table()) finish_table(order_groups());
        return table;
    }

    // For a UI: true when table() answers without work. Otherwise the groups are being ordered
    // on a worker thread (started here when the table is out of date); table() would wait.
    // With 300,000 groups of `stats count by src, query | sort -count` ordering costs ~50 ms:
    // three frames' worth, which the UI must not spend.
    bool table_ready() {
        if (!collect(false)) return false;
        if (!table_stale) return true;
        if (!stats || !orders_without_store()) {
            result_table();
            return true;
        }
        prepare_table();
        ordering = std::async(std::launch::async, [this] { return order_groups(); });
        return false;
    }

    // Takes a worker's ordered groups when they are ready (or waits for them); false while
    // they are not. Until then nothing else may touch the counts, the ranks or `leaves`.
    bool collect(bool wait) {
        if (!ordering.valid()) return true;
        if (!wait && ordering.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
        finish_table(ordering.get());
        return true;
    }

    // Everything after the ranks: the groups in by-field order, then the commands after stats.
    OrderedGroups order_groups() {
        const auto& cmds = query.commands();
        const QueryCommand& sc = cmds[stats_index];
        Groups g = stats->groups(ranks);
        std::vector<TableColumn> cols;
        for (std::size_t k = 0; k < sc.by.size(); ++k) cols.push_back({std::string(sc.by[k]->name), static_cast<int>(k), -1});
        for (std::size_t s = 0; s < sc.statistics.size(); ++s) cols.push_back({sc.statistics[s].name, -1, static_cast<int>(s)});

        // Groups come out ordered by their by-fields, as Splunk lists them.
        std::vector<std::uint32_t> order(g.size());
        std::iota(order.begin(), order.end(), 0u);
        for (std::size_t i = stats_index + 1; i < cmds.size(); ++i) {
            const QueryCommand& c = cmds[i];
            switch (c.kind) {
                case QueryCommand::Kind::Sort: {
                    std::vector<std::vector<double>> keys;
                    std::vector<bool> descending;
                    for (const auto& key : c.sort)
                        for (const auto& col : cols)
                            if (col.name == key.name) {
                                keys.push_back(table_key(col, g));
                                descending.push_back(key.descending);
                            }
                    // Ties keep the groups' order, by their by-fields: equal counts list readably.
                    order_by(order, keys, descending, sort_limit(cmds, i));
                    break;
                }
                case QueryCommand::Kind::Head:
                    if (order.size() > c.count) order.resize(c.count);
                    break;
                case QueryCommand::Kind::Tail:
                    if (order.size() > c.count) order.erase(order.begin(), order.end() - static_cast<std::ptrdiff_t>(c.count));
                    break;
                case QueryCommand::Kind::Where: {
                    leaves.clear();
                    collect_leaves(*c.column_where);
                    std::vector<std::optional<ConditionScan>> scans(leaves.size());
                    std::size_t w = 0;
                    for (auto r : order) {
                        if (column_test(*c.column_where, cols, g, r, scans)) order[w++] = r;
                    }
                    order.resize(w);
                    break;
                }
                case QueryCommand::Kind::Dedup: {
                    std::unordered_set<std::string> seen;
                    std::size_t w = 0;
                    for (auto r : order) {
                        std::string key;
                        for (const auto& n : c.names)
                            for (const auto& col : cols)
                                if (col.name == n) {
                                    const double v = col.statistic >= 0 ? g.values[static_cast<std::size_t>(col.statistic)][r]
                                                                        : static_cast<double>(g.code(r, static_cast<std::size_t>(col.part)));
                                    key.append(reinterpret_cast<const char*>(&v), sizeof v);
                                }
                        if (seen.insert(key).second) order[w++] = r;
                    }
                    order.resize(w);
                    break;
                }
                case QueryCommand::Kind::Table: {
                    std::vector<TableColumn> kept_cols;
                    for (const auto& n : c.names)
                        for (const auto& col : cols)
                            if (col.name == n) kept_cols.push_back(col);
                    cols = std::move(kept_cols);
                    break;
                }
                default: break;
            }
        }
        return OrderedGroups{std::move(g), std::move(order), std::move(cols)};
    }

    // Last member: destroyed first, it waits for a worker still reading the members above.
    std::future<OrderedGroups> ordering;
};

QueryRun::QueryRun(Query query, const scenario::Scenario& scenario, const LogStore& store, SimTime now)
    : state_(std::make_unique<State>(std::move(query), scenario, store, now)) {}
QueryRun::~QueryRun() = default;
QueryRun::QueryRun(QueryRun&&) noexcept = default;
QueryRun& QueryRun::operator=(QueryRun&&) noexcept = default;

bool QueryRun::step(std::size_t max_records) { return state_->step(max_records); }
std::size_t QueryRun::scanned() const { return state_->scanned; }
std::size_t QueryRun::total() const { return state_->store.of(state_->source).size(); }
double QueryRun::progress() const {
    const std::size_t t = total();
    return t == 0 ? 1.0 : static_cast<double>(std::min(scanned(), t)) / static_cast<double>(t);
}
std::size_t QueryRun::matched() const { return state_->matched; }
const Query& QueryRun::query() const { return state_->query; }
bool QueryRun::is_table() const { return state_->stats.has_value(); }
const std::vector<std::uint32_t>& QueryRun::rows() { return state_->result_rows(); }
const std::vector<std::string>& QueryRun::columns() const { return state_->columns; }
const ResultTable& QueryRun::table() { return state_->result_table(); }
bool QueryRun::table_ready() { return state_->table_ready(); }
const ResultTable& QueryRun::last_table() const { return state_->table; }
bool QueryRun::ordering() const { return state_->ordering.valid(); }

}  // namespace socsim::logs
