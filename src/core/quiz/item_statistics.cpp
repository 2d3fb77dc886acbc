// Moodle's item statistics over a set of attempts (see item_statistics.h). For item i and
// attempt s, x_i(s) is the mark earned (fraction x max mark) and X_i(s) = T(s) - x_i(s) the mark on
// the rest of the test. Variances and covariances divide by S - 1, as Moodle's do.

#include "core/quiz/item_statistics.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <unordered_map>

namespace socsim::quiz {

namespace {

double mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return sum / static_cast<double>(v.size());
}

// Sums of x and X computed in different orders may differ in the last bits; a spread this small
// is "everyone scored the same", which must give an absent index, not a correlation of noise.
bool is_constant(const std::vector<double>& v) {
    if (v.empty()) return true;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const double scale = std::max({1.0, std::fabs(*lo), std::fabs(*hi)});
    return *hi - *lo <= 1e-9 * scale;
}

// Sample covariance (divides by n - 1); n >= 2.
double covariance(const std::vector<double>& a, const std::vector<double>& b) {
    const double ma = mean(a);
    const double mb = mean(b);
    double sum = 0;
    for (std::size_t k = 0; k < a.size(); ++k) sum += (a[k] - ma) * (b[k] - mb);
    return sum / static_cast<double>(a.size() - 1);
}

}  // namespace

std::vector<ItemInfo> items_of(const Bank& bank) {
    std::vector<ItemInfo> out;
    out.reserve(bank.questions.size());
    for (const auto& q : bank.questions) {
        ItemInfo item;
        item.question_id = q.id;
        item.max_mark = q.points;
        const bool picks = q.type == QuestionType::SingleChoice || q.type == QuestionType::MultipleAnswer ||
                           q.type == QuestionType::TrueFalse;
        item.choice_count = picks ? static_cast<int>(q.choices.size()) : 0;
        out.push_back(std::move(item));
    }
    return out;
}

std::vector<ItemStatistics> item_statistics(const std::vector<ItemInfo>& items,
                                            const std::vector<AttemptAnswers>& attempts) {
    const std::size_t n_items = items.size();
    const std::size_t n_attempts = attempts.size();
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < n_items; ++i) index.emplace(items[i].question_id, i);

    // fraction[s][i] and the answer behind it (nullptr: not answered, scored 0 as in the quiz).
    std::vector<std::vector<double>> fraction(n_attempts, std::vector<double>(n_items, 0.0));
    std::vector<std::vector<const ItemAnswer*>> answer(n_attempts, std::vector<const ItemAnswer*>(n_items, nullptr));
    std::vector<double> total(n_attempts, 0.0);
    for (std::size_t s = 0; s < n_attempts; ++s) {
        for (const auto& a : attempts[s]) {
            const auto it = index.find(a.question_id);
            if (it == index.end()) continue;
            // The last answer to a question wins, as answering again replaces it in the database.
            const double f = std::isnan(a.fraction) ? 0.0 : std::clamp(a.fraction, 0.0, 1.0);
            fraction[s][it->second] = f;
            answer[s][it->second] = &a;
        }
        for (std::size_t i = 0; i < n_items; ++i) total[s] += fraction[s][i] * items[i].max_mark;
    }

    std::vector<ItemStatistics> out(n_items);
    for (std::size_t i = 0; i < n_items; ++i) {
        ItemStatistics& st = out[i];
        const ItemInfo& item = items[i];
        st.question_id = item.question_id;
        st.attempts = static_cast<int>(n_attempts);
        st.choice_percent.assign(static_cast<std::size_t>(std::max(0, item.choice_count)), 0.0);

        std::vector<double> f(n_attempts), x(n_attempts), rest(n_attempts);
        int unanswered = 0;
        for (std::size_t s = 0; s < n_attempts; ++s) {
            f[s] = fraction[s][i];
            x[s] = f[s] * item.max_mark;
            rest[s] = total[s] - x[s];
            const ItemAnswer* a = answer[s][i];
            if (!a) {
                ++unanswered;
                continue;
            }
            ++st.answered;
            std::vector<int> picked = a->selected;
            std::sort(picked.begin(), picked.end());
            picked.erase(std::unique(picked.begin(), picked.end()), picked.end());  // [1, 1] is one pick
            for (int c : picked)
                if (c >= 0 && c < item.choice_count) st.choice_percent[static_cast<std::size_t>(c)] += 1;
        }
        if (n_attempts == 0) continue;

        const double per_attempt = 100.0 / static_cast<double>(n_attempts);
        for (double& c : st.choice_percent) c *= per_attempt;
        st.unanswered_percent = unanswered * per_attempt;

        // On fractions, so the scale is the max mark whatever the question's points.
        st.facility_index = 100.0 * mean(f);
        if (n_attempts < 2) continue;
        st.standard_deviation = 100.0 * std::sqrt(std::max(0.0, covariance(f, f)));

        if (is_constant(x) || is_constant(rest)) continue;
        const double c = covariance(x, rest);
        const double vx = covariance(x, x);
        const double vr = covariance(rest, rest);
        if (vx > 0 && vr > 0) st.discrimination_index = 100.0 * c / std::sqrt(vx * vr);
        // C_max: the covariance had the best item scores gone with the best rest-of-test scores.
        std::vector<double> xs = x, rs = rest;
        std::sort(xs.begin(), xs.end());
        std::sort(rs.begin(), rs.end());
        const double c_max = covariance(xs, rs);
        if (c_max > 0) st.discriminative_efficiency = 100.0 * c / c_max;
    }
    return out;
}

}  // namespace socsim::quiz
