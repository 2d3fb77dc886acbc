// Lessons: short illustrated pages that teach before a quiz, for staff awareness training.
// A lesson is a YAML file (docs/lesson-format.md) of pages; a page is a list of blocks —
// headings, paragraphs, bullet lists and named figures the GUI draws — each in Japanese and
// English. The lesson names the quiz bank that checks it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/common/diagnostic.h"
#include "core/i18n/text.h"

namespace socsim::lesson {

enum class BlockKind { Heading, Paragraph, List, Figure, Note };

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    LocalText text;               // heading, paragraph, note
    std::vector<LocalText> items; // list
    std::string figure;           // figure name: one of figure_names()
    LocalText caption;            // figure caption (optional)
};

struct Page {
    LocalText title;
    std::vector<Block> blocks;
};

struct Lesson {
    std::string id;
    LocalText title;
    LocalText summary;            // one or two lines for the catalogue
    std::string quiz;             // quiz bank file, relative to the lesson file ("" = none)
    std::vector<Page> pages;
    std::string source_path;
};

// The figures the GUI knows how to draw.
const std::vector<std::string>& figure_names();

Loaded<Lesson> load_lesson_file(const std::filesystem::path& path);
Loaded<Lesson> load_lesson_text(const std::string& yaml_text, const std::string& file_name);

}  // namespace socsim::lesson
