// Exam security: the instructor key file, sealed exam banks (the answer key unreadable in the file,
// opened only as an exam, right answers never shown) and signed results files (an edited score is
// refused when the trainer reads the file back).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/attempt/quiz_run.h"
#include "core/exam/instructor_key.h"
#include "core/exam/results_file.h"
#include "core/exam/sealed_bank.h"
#include "core/quiz/question.h"
#include "core/store/database.h"

using namespace socsim;

namespace {

constexpr SimTime kT0 = 1'780'000'000'000;

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

struct TempDir {
    std::filesystem::path dir;
    explicit TempDir(const std::string& name) : dir(std::filesystem::temp_directory_path() / ("socsim-exam-" + name)) {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    ~TempDir() { std::filesystem::remove_all(dir); }
};

const std::string kBankPath = std::string(SOCSIM_TEST_DATA) + "/quiz/exam-small.yaml";

quiz::Response right(const quiz::Question& q) {
    quiz::Response r;
    switch (q.type) {
        case quiz::QuestionType::Numeric: r.number = (q.numeric[0].min + q.numeric[0].max) / 2; break;
        case quiz::QuestionType::ShortAnswer: r.text = q.accepted[0].text; break;
        case quiz::QuestionType::Matching:
            for (std::size_t i = 0; i < q.pairs.size(); ++i) r.selected.push_back(static_cast<int>(i));
            break;
        default:
            for (std::size_t i = 0; i < q.choices.size(); ++i)
                if (q.choices[i].weight >= 1) {
                    r.selected.push_back(static_cast<int>(i));
                    break;
                }
    }
    return r;
}

}  // namespace

TEST_CASE("an instructor key file is read back, and a bad one is refused without showing its digits", "[exam][key]") {
    TempDir t("key");
    const auto key = exam::InstructorKey::generate();
    const auto path = t.dir / "instructor.key";
    REQUIRE(exam::write_key_file(path, key).empty());
    // Readable by its owner only, and never replaced: a lost key loses every exam sealed with it.
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK_FALSE(exam::write_key_file(path, exam::InstructorKey::generate()).empty());
    const auto loaded = exam::load_key_file(path);
    REQUIRE(loaded.ok());
    CHECK(loaded.value->id() == key.id());
    CHECK(loaded.value->sign("x") == key.sign("x"));
    CHECK(exam::InstructorKey::generate().id() != key.id());

    const std::string text = read_file(path);
    const std::string digits = text.substr(text.rfind(' ') + 1, 64);
    const std::string short_key = "socsim-instructor-key v1 " + digits.substr(0, 40) + "\n";
    auto bad = exam::parse_key_text("# a comment\n" + short_key, "k.key");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors.front().line == 2);
    CHECK(bad.errors.front().message.find("64 hex digits") != std::string::npos);
    CHECK(bad.errors.front().message.find(digits.substr(0, 40)) == std::string::npos);
    bad = exam::parse_key_text("password123\n", "k.key");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors.front().message.find("socsim key new") != std::string::npos);
    CHECK_FALSE(exam::parse_key_text("", "k.key").ok());
    CHECK_FALSE(exam::load_key_file(t.dir / "missing.key").ok());
    CHECK_FALSE(exam::load_key_file(t.dir).ok());
}

TEST_CASE("a sealed bank hides its answers, opens only with its key, and refuses a changed byte", "[exam][seal]") {
    const std::string plain = read_file(kBankPath);
    const auto key = exam::InstructorKey::generate();
    const std::string sealed = exam::seal(plain, key);
    CHECK(exam::is_sealed(sealed));
    CHECK_FALSE(exam::is_sealed(plain));
    // Nothing of the answer key is left to read: not a choice, an accepted text, an explanation.
    for (const char* secret : {"DHCP log", "beacon", "Fifteen", "correct", "tolerance", "explanation"})
        CHECK(sealed.find(secret) == std::string::npos);
    // The same bank sealed twice gives other bytes (a new nonce each time).
    CHECK(exam::seal(plain, key) != sealed);

    auto opened = exam::unseal(sealed, key, "final.exam");
    REQUIRE(opened.ok());
    CHECK(*opened.value == plain);

    auto other = exam::unseal(sealed, exam::InstructorKey::generate(), "final.exam");
    REQUIRE_FALSE(other.ok());
    CHECK(other.errors.front().message.find("another instructor key") != std::string::npos);

    // One character of the ciphertext changed, then one of the nonce.
    std::string changed = sealed;
    const std::size_t body = changed.find('\n', changed.find("tag ")) + 10;
    changed[body] = changed[body] == 'A' ? 'B' : 'A';
    auto damaged = exam::unseal(changed, key, "final.exam");
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.errors.front().message.find("changed or damaged") != std::string::npos);
    changed = sealed;
    const std::size_t nonce = changed.find("nonce ") + 6;
    changed[nonce] = changed[nonce] == '0' ? '1' : '0';
    CHECK_FALSE(exam::unseal(changed, key, "final.exam").ok());
    CHECK_FALSE(exam::unseal(sealed.substr(0, sealed.size() / 2), key, "final.exam").ok());
    CHECK_FALSE(exam::unseal("socsim-sealed-bank v1\n", key, "final.exam").ok());
    CHECK_FALSE(exam::unseal(plain, key, "final.exam").ok());
}

TEST_CASE("a sealed exam loads with the key, is taken only as an exam, and never shows its right answers", "[exam][seal]") {
    TempDir t("sealed-bank");
    const auto key = exam::InstructorKey::generate();
    const auto exam_file = t.dir / "small.exam";
    write_file(exam_file, exam::seal(read_file(kBankPath), key));

    auto with_key = quiz::load_bank_file(exam_file, &key);
    REQUIRE(with_key.ok());
    CHECK(with_key.value->sealed);
    const auto plain = quiz::load_bank_file(kBankPath);
    REQUIRE(plain.ok());
    CHECK_FALSE(plain.value->sealed);
    CHECK(with_key.value->questions.size() == plain.value->questions.size());

    // Without a key given, the default place is tried ($SOCSIM_INSTRUCTOR_KEY here).
    ::setenv("SOCSIM_INSTRUCTOR_KEY", (t.dir / "none.key").c_str(), 1);
    auto without = quiz::load_bank_file(exam_file);
    REQUIRE_FALSE(without.ok());
    CHECK(without.errors.front().message.find("sealed") != std::string::npos);
    CHECK(without.errors.front().message.find("none.key") != std::string::npos);
    const auto key_path = t.dir / "instructor.key";
    REQUIRE(exam::write_key_file(key_path, key).empty());
    ::setenv("SOCSIM_INSTRUCTOR_KEY", key_path.c_str(), 1);
    CHECK(quiz::load_bank_file(exam_file).ok());
    ::unsetenv("SOCSIM_INSTRUCTOR_KEY");

    const quiz::Bank& bank = *with_key.value;
    quiz::SessionOptions practice;
    practice.trainee = "sato";
    try {
        QuizRun run(bank, practice, nullptr, kT0);
        FAIL("practice of a sealed bank was allowed");
    } catch (const QuizRefused& e) {
        CHECK(std::string(e.what()) == "quiz.sealed_exam_only");
    }
    quiz::SessionOptions review = practice;
    review.mode = quiz::Mode::Review;
    CHECK_THROWS_AS(QuizRun(bank, review, nullptr, kT0), QuizRefused);

    quiz::SessionOptions o;
    o.mode = quiz::Mode::Exam;
    o.trainee = "sato";
    QuizRun run(bank, o, nullptr, kT0);
    CHECK_FALSE(run.session().answer_key_visible());
    for (std::size_t i = 0; i < run.session().size(); ++i) REQUIRE(run.answer(i, right(*run.session().item(i).question), kMinute));
    run.finish(2 * kMinute);
    CHECK(run.session().feedback_visible());      // the grades, once handed in ...
    CHECK_FALSE(run.session().answer_key_visible());  // ... but not the right answers
    CHECK(static_cast<std::size_t>(run.session().result().correct) == run.session().size());

    // The same exam from the plain bank shows its answers once handed in.
    QuizRun open_run(*plain.value, o, nullptr, kT0);
    open_run.finish(kMinute);
    CHECK(open_run.session().answer_key_visible());
}

TEST_CASE("a results file is signed: read back whole, refused when a score is edited", "[exam][results]") {
    TempDir t("results");
    const auto key = exam::InstructorKey::generate();
    auto bank = quiz::load_bank_file(kBankPath);
    REQUIRE(bank.ok());
    {
        store::Database db(t.dir / "socsim.db");
        quiz::SessionOptions o;
        o.mode = quiz::Mode::Exam;
        o.trainee = "sato";
        QuizRun run(*bank.value, o, &db, kT0);
        REQUIRE(run.answer(0, right(*run.session().item(0).question), kMinute));
        run.finish(2 * kMinute);
        o.trainee = "suzuki";  // someone else's attempt on the same machine stays out of sato's file
        QuizRun other(*bank.value, o, &db, kT0);
        other.finish(kMinute);
    }
    store::Database db(t.dir / "socsim.db");
    const exam::Results results = exam::collect_results(db, "sato", kT0 + kHour);
    REQUIRE(results.attempts.size() == 1);
    CHECK(results.attempts[0].activity == "quiz:exam-small");
    CHECK(results.attempts[0].answers.size() == 1);
    const double score = results.attempts[0].score;
    CHECK(score > 0);
    CHECK(score < 100);

    const std::string text = exam::results_file_text(results, key);
    auto back = exam::read_results(text, "sato.json", key);
    REQUIRE(back.ok());
    CHECK(back.value->trainee == "sato");
    CHECK(back.value->key_id == key.id());
    CHECK(back.value->attempts == results.attempts);

    // Re-indented by a JSON tool: the same content, still good.
    CHECK(exam::read_results(nlohmann::json::parse(text).dump(4), "sato.json", key).ok());

    // The score raised by hand.
    auto edited = nlohmann::json::parse(text);
    edited["attempts"][0]["score"] = 100.0;
    edited["attempts"][0]["passed"] = true;
    auto refused = exam::read_results(edited.dump(2), "sato.json", key);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.errors.front().file == "sato.json");
    CHECK(refused.errors.front().message.find("signature does not match") != std::string::npos);
    // An attempt removed, the trainee renamed, the signature taken off.
    edited = nlohmann::json::parse(text);
    edited["attempts"] = nlohmann::json::array();
    CHECK_FALSE(exam::read_results(edited.dump(), "sato.json", key).ok());
    edited = nlohmann::json::parse(text);
    edited["trainee"] = "tanaka";
    CHECK_FALSE(exam::read_results(edited.dump(), "sato.json", key).ok());
    edited = nlohmann::json::parse(text);
    edited.erase("signature");
    CHECK(exam::read_results(edited.dump(), "sato.json", key).errors.front().message.find("not signed") != std::string::npos);

    // Another trainer's key, not JSON, not a results file.
    auto other = exam::read_results(text, "sato.json", exam::InstructorKey::generate());
    REQUIRE_FALSE(other.ok());
    CHECK(other.errors.front().message.find("another instructor key") != std::string::npos);
    auto broken = exam::read_results("{\n  \"format\": \"socsim-results\",\n  oops\n}", "sato.json", key);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.errors.front().line == 3);
    CHECK(exam::read_results("[1, 2]", "sato.json", key).errors.front().message.find("not a results file") != std::string::npos);
}
