// Moodle's item statistics over a set of attempts (see item_statistics.h). Item i is analysed
// over S_i, the attempts that asked it. For attempt s in S_i, x_i(s) is the mark earned (fraction
// x max mark) and X_i(s) the rest of the test: the marks earned on the other questions s asked,
// divided by their max marks. With every attempt asking the same questions that is Moodle's
// T(s) - x_i(s) divided by a constant, which changes no correlation; with subsets it lets a 5-
// question run and a 50-question run stand side by side. Variances and covariances divide by
// n - 1, as Moodle's do.

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

    // For each attempt: which items it asked, the fraction earned on each (0 if asked and not
    // answered, as in the quiz), the answer behind it, and its total earned and possible marks.
    std::vector<std::vector<bool>> asked(n_attempts, std::vector<bool>(n_items, false));
    std::vector<std::vector<double>> fraction(n_attempts, std::vector<double>(n_items, 0.0));
    std::vector<std::vector<const ItemAnswer*>> answer(n_attempts, std::vector<const ItemAnswer*>(n_items, nullptr));
    std::vector<double> earned(n_attempts, 0.0), possible(n_attempts, 0.0);
    for (std::size_t s = 0; s < n_attempts; ++s) {
        for (const auto& id : attempts[s].asked)
            if (const auto it = index.find(id); it != index.end()) asked[s][it->second] = true;
        for (const auto& a : attempts[s].answers) {
            const auto it = index.find(a.question_id);
            if (it == index.end()) continue;
            // An answered question was asked, whatever the list says. The last answer to a
            // question wins, as answering again replaces it in the database.
            asked[s][it->second] = true;
            fraction[s][it->second] = std::isnan(a.fraction) ? 0.0 : std::clamp(a.fraction, 0.0, 1.0);
            answer[s][it->second] = &a;
        }
        for (std::size_t i = 0; i < n_items; ++i) {
            if (!asked[s][i]) continue;
            earned[s] += fraction[s][i] * items[i].max_mark;
            possible[s] += items[i].max_mark;
        }
    }

    std::vector<ItemStatistics> out(n_items);
    for (std::size_t i = 0; i < n_items; ++i) {
        ItemStatistics& st = out[i];
        const ItemInfo& item = items[i];
        st.question_id = item.question_id;
        st.choice_percent.assign(static_cast<std::size_t>(std::max(0, item.choice_count)), 0.0);

        std::vector<double> f;           // fraction on the item, per attempt that asked it
        std::vector<double> x, rest;     // the same attempts, those that asked something else too
        int unanswered = 0;
        for (std::size_t s = 0; s < n_attempts; ++s) {
            if (!asked[s][i]) continue;
            f.push_back(fraction[s][i]);
            const double mark = fraction[s][i] * item.max_mark;
            const double others = possible[s] - item.max_mark;
            if (others > 1e-12 * std::max(1.0, possible[s])) {
                x.push_back(mark);
                rest.push_back((earned[s] - mark) / others);
            }
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
        st.attempts = static_cast<int>(f.size());
        if (f.empty()) continue;

        const double per_attempt = 100.0 / static_cast<double>(f.size());
        for (double& c : st.choice_percent) c *= per_attempt;
        st.unanswered_percent = unanswered * per_attempt;

        // On fractions, so the scale is the max mark whatever the question's points.
        st.facility_index = 100.0 * mean(f);
        if (f.size() < 2) continue;
        st.standard_deviation = 100.0 * std::sqrt(std::max(0.0, covariance(f, f)));

        if (x.size() < 2 || is_constant(x) || is_constant(rest)) continue;
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
