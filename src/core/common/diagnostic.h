// Diagnostics for files a person wrote (scenarios, quiz banks): where and what.
//
// Loaders never throw at the user; they return every problem they found as a Diagnostic,
// printed as "file:line:col: error: message" so editors and terminals can jump to it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace socsim {

struct Diagnostic {
    std::string file;     // path as given by the user
    int line = 0;         // 1-based; 0 when the problem is the whole file (missing, unreadable)
    int column = 0;       // 1-based; 0 when unknown
    std::string message;  // what was found and what was expected

    std::string to_string(const char* severity = "error") const;  // "file:line:col: error: message"
};

// The result of loading a file: a value, or the list of reasons there is none. Warnings say
// where the file was read in a way its author may not have meant; they do not stop loading.
template <class T>
struct Loaded {
    std::optional<T> value;
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings{};

    bool ok() const { return value.has_value() && errors.empty(); }
};

}  // namespace socsim
